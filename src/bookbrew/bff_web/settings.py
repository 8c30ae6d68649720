from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from bookbrew.platform.settings import ServiceSettings

# `<repo>/web/dist` when running from a checkout (src layout: src/bookbrew/bff_web/…).
DEFAULT_WEB_DIST = Path(__file__).resolve().parents[3] / "web" / "dist"


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

    # ---- sign-in (OAuth 2.0 code + PKCE; tokens kept here, behind a cookie session) ----
    # Back channel: token exchange, refresh, revocation and the account API.
    customers_url: str = "http://127.0.0.1:8102"
    customers_timeout_seconds: float = Field(default=3.0, gt=0, le=30)
    # Front channel: where browsers are sent to sign in. A path (`/svc/customers`) means
    # "on the origin the browser used".
    identity_public_url: str = "http://127.0.0.1:8000/svc/customers"
    # This app's public origin; empty: the request's own (`{origin}/auth/callback` must
    # be one of the customers service's `web_redirect_uris`).
    public_url: str = ""
    oauth_client_id: str = "bookbrew-web"
    oauth_scope: str = "profile addresses orders payments"
    # A started sign-in (state + PKCE verifier) waits this long for its callback.
    login_ttl_seconds: int = Field(default=600, ge=30, le=3600)
    # A session lives as long as its refresh token can (customers' refresh lifetime).
    session_ttl_seconds: int = Field(default=30 * 24 * 3600, ge=60)
    # Refresh the access token when it has less than this left.
    refresh_leeway_seconds: int = Field(default=60, ge=0, le=3600)
    # None: Secure when the request came over https.
    session_cookie_secure: bool | None = None

    # ---- questionnaire and curation ----
    questionnaire_url: str = "http://127.0.0.1:8103"
    questionnaire_timeout_seconds: float = Field(default=2.0, gt=0, le=30)
    questionnaire_ttl_seconds: float = Field(default=60, gt=0)
    curation_url: str = "http://127.0.0.1:8104"
    # The home page's budget for picks: past it, best sellers render without them.
    curation_timeout_seconds: float = Field(default=0.15, gt=0, le=10)
    home_picks_size: int = Field(default=12, ge=1, le=50)
    # "More like this" from curation, within this budget; past it, the catalog's list.
    similar_timeout_seconds: float = Field(default=0.25, gt=0, le=10)
    # "Goes well with" on the cart, within this budget; past it, the cart without them.
    complements_timeout_seconds: float = Field(default=0.25, gt=0, le=10)
    cart_complements_size: int = Field(default=6, ge=1, le=24)
    # Recording a view or click: best effort, never slowing a page down for long.
    interactions_timeout_seconds: float = Field(default=1.0, gt=0, le=10)
    # Anonymous visitors' interactions are recorded under a random id in this cookie.
    anonymous_cookie_max_age_seconds: int = Field(default=365 * 24 * 3600, ge=60)

    # ---- cart, checkout, orders (orders), card tokens (payments), reports ----
    orders_url: str = "http://127.0.0.1:8105"
    # A checkout runs the saga (reserve, pay) before it answers.
    orders_timeout_seconds: float = Field(default=15.0, gt=0, le=60)
    payments_url: str = "http://127.0.0.1:8106"
    payments_timeout_seconds: float = Field(default=3.0, gt=0, le=30)
    reporting_url: str = "http://127.0.0.1:8108"
    reporting_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    notifications_url: str = "http://127.0.0.1:8107"
    notifications_timeout_seconds: float = Field(default=3.0, gt=0, le=30)
    # A guest's cart id lives in an HttpOnly cookie as long as orders keeps guest carts.
    guest_cart_cookie_max_age_seconds: int = Field(default=7 * 24 * 3600, ge=60)

    # ---- the web app's built files (served at `/` when present) ----
    web_dist_dir: Path = DEFAULT_WEB_DIST
    web_asset_max_age_seconds: int = Field(default=365 * 24 * 3600, ge=0)
