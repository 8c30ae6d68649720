from __future__ import annotations

from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from bookbrew.platform.crypto import KeyRing
from bookbrew.platform.settings import ServiceSettings


class NotificationsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BOOKBREW_NOTIFICATIONS_", extra="ignore")

    service_name: str = "notifications"
    # Where this service is reachable by a mail client: one-click unsubscribe links.
    public_url: str = "http://localhost:8107"
    # The shop the links in messages point to (orders, preferences).
    shop_url: str = "http://localhost:8000"
    catalog_url: str = "http://localhost:8101"
    # Encryption at rest for contacts, push targets and message contexts:
    # `id:base64url,...`, primary first; empty derives a development ring from SECRET_KEY.
    encryption_keys: SecretStr = SecretStr("")

    # E-mail: "smtp" (default; development expects Mailpit/aiosmtpd on localhost:1025 and
    # keeps deliveries pending, retried, while none runs), "ses" (boto3 sesv2; credentials
    # from the standard AWS chain), or "log" (writes .eml files under data_dir/mail).
    email_provider: Literal["smtp", "ses", "log"] = "smtp"
    email_from: str = "BookBrew <hello@bookbrew.localhost>"
    smtp_host: str = "localhost"
    smtp_port: int = 1025
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_security: Literal["none", "starttls", "tls"] = "none"
    smtp_timeout_seconds: float = 10.0
    ses_region: str = "us-east-1"
    ses_endpoint_url: str = ""  # empty: AWS's own endpoint
    ses_configuration_set: str = ""

    # SMS: off unless configured; "log" only logs.
    sms_provider: Literal["disabled", "log", "twilio"] = "disabled"
    twilio_account_sid: str = ""
    twilio_auth_token: SecretStr = SecretStr("")
    twilio_from: str = ""
    twilio_messaging_service_sid: str = ""
    # Replaces https://api.twilio.com (a proxy, or a local stand-in in tests).
    twilio_api_base: str = ""

    # Push. Web Push needs a VAPID key pair (PEM or base64url raw private key); development
    # generates one under data_dir/keys when empty.
    webpush_enabled: bool = True
    vapid_private_key: SecretStr = SecretStr("")
    vapid_subject: str = "mailto:hello@bookbrew.localhost"
    expo_enabled: bool = True
    expo_push_url: str = "https://exp.host/--/api/v2/push/send"
    expo_access_token: SecretStr = SecretStr("")
    push_timeout_seconds: float = 10.0

    # Delivery worker: back-off min(max, base * 2^(attempt-1)); dead after max_attempts.
    max_attempts: int = 8
    retry_base_seconds: float = 30.0
    retry_max_seconds: float = 3600.0
    worker_poll_seconds: float = 2.0
    worker_batch_size: int = 20
    claim_lease_seconds: float = 120.0

    # Weekly digest of curated picks (marketing, opt-in): weekday 0 = Monday, UTC hour.
    digest_enabled: bool = True
    digest_weekday: int = 0
    digest_hour_utc: int = 9
    digest_check_seconds: float = 600.0
    digest_max_picks: int = 6

    @model_validator(mode="after")
    def _refuse_development_keys(self) -> NotificationsSettings:
        if self.environment == "production":
            if not self.encryption_keys.get_secret_value():
                raise ValueError("notifications: ENCRYPTION_KEYS must be set in production")
            if self.webpush_enabled and not self.vapid_private_key.get_secret_value():
                raise ValueError("notifications: VAPID_PRIVATE_KEY must be set in production")
        return self

    def key_ring(self) -> KeyRing:
        spec = self.encryption_keys.get_secret_value()
        if spec:
            return KeyRing.parse(spec)
        return KeyRing.derived(self.secret_key.get_secret_value(), "notifications")

    def retry_delay(self, attempts: int) -> float:
        return float(min(self.retry_max_seconds, self.retry_base_seconds * 2 ** (attempts - 1)))
