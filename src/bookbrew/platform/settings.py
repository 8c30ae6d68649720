"""Settings shared by every service; each service subclasses with its own env prefix."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "bookbrew-development-secret-change-me"

Environment = Literal["development", "test", "production"]


class ServiceSettings(BaseSettings):
    """Base settings. Subclasses set `model_config` with `env_prefix="BOOKBREW_<NAME>_"`.

    Adapter choice is configuration: a `sqlite+aiosqlite://` URL or a `mysql+asyncmy://`
    one, `memory://` or `redis://` for the cache, `memory://` or `amqp://` for the broker.
    """

    model_config = SettingsConfigDict(env_prefix="BOOKBREW_", extra="ignore")

    service_name: str = "service"
    environment: Environment = "development"
    secret_key: SecretStr = SecretStr(DEVELOPMENT_SECRET)
    data_dir: Path = Path(".bookbrew")
    database_url: str = ""
    # Document store: `mongodb://…` or any SQL URL (SQL JSON adapter); empty → SQLite file.
    document_url: str = ""
    cache_url: str = "memory://"
    broker_url: str = "memory://"
    # JWT verification: a JWKS URL (identity service) or a local JWKS file.
    jwks_url: str = ""
    jwks_file: str = ""
    token_issuer: str = "bookbrew-identity"
    token_audience: str = "bookbrew"
    otel_exporter: Literal["none", "otlp", "console"] = "none"
    log_level: str = "INFO"
    outbox_poll_seconds: float = 0.5
    # Published outbox rows are deleted this long after publishing: an outbox is not a
    # second copy of the service's data (unpublished rows are never deleted).
    outbox_keep_published_seconds: Annotated[float, Field(ge=0)] = 600.0
    migrate_on_start: bool = True
    # Server databases (MariaDB): connections kept open, and how long a request waits for
    # one when all of them (plus 20 overflow) are busy before it fails.
    database_pool_size: Annotated[int, Field(ge=1)] = 10
    database_pool_timeout_seconds: Annotated[float, Field(gt=0)] = 30.0
    # Request bodies above this are refused with a 413 problem (streamed ones included).
    max_body_bytes: Annotated[int, Field(ge=1)] = 1_048_576
    # Prometheus scrapes `/metrics` on this separate port (all paths of it answer), never
    # on the public one. Unset: no metrics listener; outside production the public app
    # then answers `/metrics` to loopback peers only (`bookbrew up`, bench/), else 404.
    metrics_port: Annotated[int | None, Field(ge=0, le=65_535)] = None
    metrics_host: str = "0.0.0.0"

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> ServiceSettings:
        if self.environment == "production":
            if self.secret_key.get_secret_value() == DEVELOPMENT_SECRET:
                raise ValueError(
                    f"{self.service_name}: SECRET_KEY still has its development default; "
                    "set a real secret outside development"
                )
            if len(self.secret_key.get_secret_value()) < 32:
                raise ValueError(f"{self.service_name}: SECRET_KEY must be at least 32 characters")
            if self.jwks_file:
                # A local JWKS is how development trusts `bookbrew token`'s key: anyone
                # holding that key would mint admin tokens. Production trusts only the
                # identity service's published keys.
                raise ValueError(
                    f"{self.service_name}: JWKS_FILE is for development keys; production "
                    "verifies tokens against the identity service's JWKS_URL only"
                )
        return self

    def sqlite_url(self, name: str) -> str:
        return f"sqlite+aiosqlite:///{(self.data_dir / f'{name}.sqlite3').resolve()}"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or self.sqlite_url(self.service_name)

    @property
    def effective_document_url(self) -> str:
        return self.document_url or self.sqlite_url(f"{self.service_name}-documents")
