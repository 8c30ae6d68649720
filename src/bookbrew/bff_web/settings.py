from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from bookbrew.platform.settings import ServiceSettings


class BffWebSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BOOKBREW_BFF_WEB_", extra="ignore")

    service_name: str = "bff_web"
    catalog_url: str = "http://127.0.0.1:8101"
    catalog_timeout_seconds: float = Field(default=2.0, gt=0, le=30)
    # Response cache: short, so stock and prices never look stale for long.
    home_ttl_seconds: float = Field(default=15, gt=0)
    listing_ttl_seconds: float = Field(default=10, gt=0)
    product_ttl_seconds: float = Field(default=30, gt=0)
    media_ttl_seconds: float = Field(default=3600, gt=0)
    media_max_age_seconds: int = Field(default=86_400, ge=0)
    home_section_size: int = Field(default=8, ge=1, le=48)
    related_size: int = Field(default=6, ge=1, le=24)
    card_description_chars: int = Field(default=160, ge=20, le=2000)
