from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from bookbrew.platform.settings import ServiceSettings


class BffMobileSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BOOKBREW_BFF_MOBILE_", extra="ignore")

    service_name: str = "bff_mobile"
    catalog_url: str = "http://127.0.0.1:8101"
    catalog_timeout_seconds: float = Field(default=2.0, gt=0, le=30)
    # How long a screen is served from the response cache: short, so stock and
    # prices are never stale for long.
    home_screen_ttl_seconds: float = Field(default=15, gt=0)
    list_screen_ttl_seconds: float = Field(default=10, gt=0)
    product_screen_ttl_seconds: float = Field(default=30, gt=0)
    # Product images: kept an hour here, a day on the phone.
    image_ttl_seconds: float = Field(default=3600, gt=0)
    image_max_age_seconds: int = Field(default=86_400, ge=0)
    # Phone-sized payloads.
    shelf_size: int = Field(default=6, ge=1, le=24)
    related_size: int = Field(default=4, ge=1, le=12)
    filter_values_shown: int = Field(default=8, ge=1, le=25)
    # The shopper's own data: the app runs code + PKCE itself and sends its bearer
    # token, which is passed through to these services.
    customers_url: str = "http://127.0.0.1:8102"
    customers_timeout_seconds: float = Field(default=2.0, gt=0, le=30)
    questionnaire_url: str = "http://127.0.0.1:8103"
    questionnaire_timeout_seconds: float = Field(default=2.0, gt=0, le=30)
    questionnaire_ttl_seconds: float = Field(default=60, gt=0)

    # ---- curation: picks, "more like this", interactions ----
    curation_url: str = "http://127.0.0.1:8104"
    # The home screen's budget for a shopper's picks: past it, best sellers alone
    # (`picks.available: false`).
    curation_timeout_seconds: float = Field(default=0.15, gt=0, le=10)
    home_picks_size: int = Field(default=8, ge=1, le=24)
    # "More like this" from curation, within this budget; past it, the catalog's list.
    similar_timeout_seconds: float = Field(default=0.25, gt=0, le=10)
    # Recording a view or click: best effort, a little more patient than picks.
    interactions_timeout_seconds: float = Field(default=1.0, gt=0, le=10)

    # ---- selling: cart, checkout, orders (orders), cards (payments) ----
    orders_url: str = "http://127.0.0.1:8105"
    orders_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    payments_url: str = "http://127.0.0.1:8106"
    payments_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    # ---- notification preferences and push devices ----
    notifications_url: str = "http://127.0.0.1:8107"
    notifications_timeout_seconds: float = Field(default=2.0, gt=0, le=30)
    # ---- sign-in: the app runs authorization code + PKCE against the identity
    # service itself; `GET /api/auth/config` tells it where and as which client.
    identity_public_url: str = "http://127.0.0.1:8000/svc/customers"
    oauth_client_id: str = "bookbrew-mobile"
    oauth_scope: str = "profile addresses orders payments"
    oauth_redirect_uris: list[str] = ["bookbrew://auth/callback"]
