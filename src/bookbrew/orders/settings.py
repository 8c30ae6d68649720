from __future__ import annotations

from pydantic import SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from bookbrew.platform.crypto import KeyRing
from bookbrew.platform.settings import ServiceSettings

DEVELOPMENT_CLIENT_SECRET = "orders-dev-secret"


class OrdersSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BOOKBREW_ORDERS_", extra="ignore")

    service_name: str = "orders"
    # Other services, by URL in the distributed profile (in-process in the embedded one).
    catalog_url: str = "http://127.0.0.1:8101"
    payments_url: str = "http://127.0.0.1:8106"
    customers_url: str = "http://127.0.0.1:8102"
    # This service's confidential OAuth client (client credentials → role "service").
    client_id: str = "orders"
    client_secret: SecretStr = SecretStr(DEVELOPMENT_CLIENT_SECRET)
    http_timeout_seconds: float = 5.0
    # Encryption at rest of shipping addresses: `id:base64url,...`, primary first; empty
    # derives a development ring from SECRET_KEY (refused in production).
    encryption_keys: SecretStr = SecretStr("")

    # Carts live in the cache; every write restarts their time to live.
    guest_cart_ttl_seconds: int = 7 * 24 * 3600
    customer_cart_ttl_seconds: int = 30 * 24 * 3600
    max_line_quantity: int = 10
    max_cart_lines: int = 50

    # Checkout saga. The stock reservation must outlive the time a shopper has to pass
    # the payment's step-up, so that a late confirmation still finds its stock.
    confirmation_timeout_seconds: int = 900
    reservation_ttl_seconds: int = 1800
    # A repeated submission of a checkout still in progress waits this long for it.
    checkout_wait_seconds: float = 10.0
    # An unfinished saga untouched for this long belongs to a crashed process (or a lost
    # answer) and is driven to its end by recovery; longer than any checkout takes.
    recovery_grace_seconds: float = 30.0
    sweep_interval_seconds: float = 30.0

    @model_validator(mode="after")
    def _refuse_default_client_secret(self) -> OrdersSettings:
        if (
            self.environment == "production"
            and self.client_secret.get_secret_value() == DEVELOPMENT_CLIENT_SECRET
        ):
            raise ValueError("orders: CLIENT_SECRET still has its development default")
        if self.environment == "production" and not self.encryption_keys.get_secret_value():
            raise ValueError("orders: ENCRYPTION_KEYS must be set in production")
        if self.reservation_ttl_seconds <= self.confirmation_timeout_seconds:
            raise ValueError(
                "orders: RESERVATION_TTL_SECONDS must exceed CONFIRMATION_TIMEOUT_SECONDS"
            )
        return self

    def key_ring(self) -> KeyRing:
        spec = self.encryption_keys.get_secret_value()
        if spec:
            return KeyRing.parse(spec)
        return KeyRing.derived(self.secret_key.get_secret_value(), "orders")
