from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from bookbrew.platform.settings import ServiceSettings


class CatalogSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BOOKBREW_CATALOG_", extra="ignore")

    service_name: str = "catalog"
    low_stock_threshold: int = 5
    reservation_ttl_seconds: int = 900
    max_reservation_ttl_seconds: int = 3600
    sweep_interval_seconds: float = 30.0
