from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from bookbrew.platform.settings import ServiceSettings


class CurationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BOOKBREW_CURATION_", extra="ignore")

    service_name: str = "curation"
    catalog_url: str = "http://127.0.0.1:8101"
    # Sync the item catalog from the catalog's HTTP API at start (events keep it fresh).
    initial_sync: bool = True
    sync_retry_seconds: float = 5.0
    # Text embeddings of name + description from the packaged MiniLM model (~90 MB,
    # loaded lazily, once per process). Off: features only.
    text_embeddings: bool = True
    embed_batch_size: int = 32
    # How much the shopper's answers, read by the same text model, pull towards items
    # whose descriptions say the same (0: off).
    taste_weight: float = 1.0
    torch_threads: int = 1
    # Training: on start (once items exist) and every `train_interval_seconds` (0 = never;
    # `bookbrew train` trains on demand).
    train_on_start: bool = True
    train_interval_seconds: float = 3600.0
    model_poll_seconds: float = 30.0
    train_epochs: int = 4
    train_dim: int = 64
    train_max_seconds: float = 110.0
    holdout_fraction: float = 0.2
    holdout_min_items: int = 5
    default_alpha: float = 1.0
    # Serving rules.
    home_limit: int = 20
    category_cap: float = 0.4
    novelty_share: float = 0.1
    history_size: int = 50
    # A precomputed home list is served as is for this long (it is recomputed on every
    # questionnaire completion, purchase and model version anyway).
    home_list_ttl_seconds: float = 600.0
    log_retention_days: int = 90
