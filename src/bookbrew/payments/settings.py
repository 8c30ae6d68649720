from __future__ import annotations

from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from bookbrew.platform.crypto import KeyRing, derive_key
from bookbrew.platform.settings import ServiceSettings

ProviderName = Literal["sandbox", "stripe", "paypal"]


class PaymentsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BOOKBREW_PAYMENTS_", extra="ignore")

    service_name: str = "payments"
    provider: ProviderName = "sandbox"
    # The sandbox takes test cards and charges nothing: production refuses it unless this
    # is set on purpose (a staging shop with production settings, say).
    allow_sandbox_in_production: bool = False
    # Payments of at least this amount (minor units, any currency) need a token with a
    # recent second factor; 0 means every payment does.
    step_up_min_amount: int = 10_000
    step_up_max_age_seconds: int = 600
    # Key ring for payment metadata at rest (`id:base64url,...`, primary first);
    # development derives one from SECRET_KEY.
    encryption_keys: SecretStr = SecretStr("")
    # A request that finds its Idempotency-Key in flight waits this long for the answer.
    idempotency_wait_seconds: float = 5.0
    # An in-flight key older than this is taken to belong to a crashed request.
    idempotency_lease_seconds: float = 60.0
    webhook_poll_seconds: float = 2.0
    return_url: str = "http://localhost:8000/checkout/return"

    # sandbox: HMAC secret for tokens and webhook signatures; derived when empty.
    sandbox_secret: SecretStr = SecretStr("")

    stripe_api_key: SecretStr = SecretStr("")
    stripe_webhook_secret: SecretStr = SecretStr("")
    stripe_api_base: str = "https://api.stripe.com"
    stripe_max_network_retries: int = 2

    paypal_client_id: str = ""
    paypal_client_secret: SecretStr = SecretStr("")
    paypal_webhook_id: str = ""
    paypal_api_base: str = "https://api-m.sandbox.paypal.com"

    @model_validator(mode="after")
    def _refuse_missing_secrets(self) -> PaymentsSettings:
        if self.environment == "production":
            if not self.encryption_keys.get_secret_value():
                raise ValueError("payments: ENCRYPTION_KEYS must be set in production")
            if self.provider == "sandbox" and not self.allow_sandbox_in_production:
                raise ValueError(
                    "payments: the sandbox provider charges nothing; choose PROVIDER=stripe "
                    "or paypal in production (or set ALLOW_SANDBOX_IN_PRODUCTION=true on "
                    "purpose)"
                )
            if self.provider == "sandbox" and len(self.sandbox_secret.get_secret_value()) < 32:
                raise ValueError("payments: SANDBOX_SECRET (32+ characters) must be set")
            if self.provider == "stripe" and not (
                self.stripe_api_key.get_secret_value()
                and self.stripe_webhook_secret.get_secret_value()
            ):
                raise ValueError("payments: STRIPE_API_KEY and STRIPE_WEBHOOK_SECRET are needed")
            if self.provider == "paypal" and not (
                self.paypal_client_id
                and self.paypal_client_secret.get_secret_value()
                and self.paypal_webhook_id
            ):
                raise ValueError("payments: PAYPAL_CLIENT_ID, _SECRET and _WEBHOOK_ID are needed")
        return self

    def key_ring(self) -> KeyRing:
        spec = self.encryption_keys.get_secret_value()
        if spec:
            return KeyRing.parse(spec)
        return KeyRing.derived(self.secret_key.get_secret_value(), "payments")

    def sandbox_key(self) -> bytes:
        secret = self.sandbox_secret.get_secret_value() or self.secret_key.get_secret_value()
        return derive_key(secret, "payments:sandbox")
