from __future__ import annotations

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from bookbrew.platform.crypto import BlindIndex, KeyRing, derive_key
from bookbrew.platform.settings import ServiceSettings

# The service clients development seeds when SERVICE_CLIENTS is empty; refused in production.
DEVELOPMENT_SERVICE_CLIENTS = {"orders": "orders-dev-secret", "payments": "payments-dev-secret"}


class CustomersSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BOOKBREW_CUSTOMERS_", extra="ignore")

    service_name: str = "customers"
    # Where the web app takes the e-mail verification token (sent in customer.registered).
    verification_url_base: str = "http://localhost:8000/verify-email"
    verification_ttl_seconds: int = 2 * 24 * 3600
    # A new verification link at most this often per address.
    verification_resend_seconds: int = Field(default=60, ge=1, le=86_400)
    # This service's public base URL: discovery metadata and redirects are built from it.
    public_url: str = "http://localhost:8102"

    # Encryption at rest: `id:base64url,...`, primary first; empty derives a development
    # ring from SECRET_KEY (refused in production). The e-mail index key never rotates.
    encryption_keys: SecretStr = SecretStr("")
    email_index_key: SecretStr = SecretStr("")

    # Tokens (RFC 9068 JWT access tokens, opaque rotating refresh tokens).
    access_token_ttl_seconds: int = 300
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    authorization_code_ttl_seconds: int = 120
    # A retired signing key stays in the JWKS this long after its last signature.
    signing_key_overlap_seconds: int = 600
    web_redirect_uris: list[str] = [
        "http://localhost:8000/auth/callback",
        "http://localhost:5173/auth/callback",
    ]
    mobile_redirect_uris: list[str] = ["bookbrew://auth/callback"]
    # Confidential service clients: `client_id:secret,...` (role "service"). Development
    # seeds `orders:orders-dev-secret` and `payments:payments-dev-secret` when empty.
    service_clients: SecretStr = SecretStr("")

    # argon2id cost (RFC 9106 "second recommended", argon2-cffi's default profile):
    # t=3, 64 MiB, p=4. Each guess costs an attacker 64 MiB and three passes, while a
    # sign-in stays below what a person notices: bench/bench_identity.py measured sign-in
    # p50 ~150 ms, p99 ~300 ms on the shared 2-core development machine.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 64 * 1024
    argon2_parallelism: int = 4

    # Sign-in throttling: failures per e-mail before lockout, lockout back-off.
    login_max_failures: int = 5
    login_failure_window_seconds: int = 900
    login_lockout_base_seconds: int = 30
    login_lockout_max_seconds: int = 3600
    login_attempts_per_ip_per_minute: int = 60
    # Step-up: MFA enrolment and removal, recovery codes, e-mail and password changes and
    # erasure need a sign-in this fresh (with the second factor when one is enrolled).
    step_up_max_age_seconds: int = 600

    @model_validator(mode="after")
    def _refuse_default_keys(self) -> CustomersSettings:
        if self.environment == "production":
            if not self.encryption_keys.get_secret_value():
                raise ValueError("customers: ENCRYPTION_KEYS must be set in production")
            if len(self.email_index_key.get_secret_value()) < 32:
                raise ValueError("customers: EMAIL_INDEX_KEY (32+ characters) must be set")
            if not self.service_clients.get_secret_value():
                raise ValueError("customers: SERVICE_CLIENTS must be set in production")
            defaults = set(DEVELOPMENT_SERVICE_CLIENTS.values())
            if defaults & set(self.service_client_secrets().values()):
                raise ValueError("customers: SERVICE_CLIENTS still holds a development secret")
        return self

    def key_ring(self) -> KeyRing:
        spec = self.encryption_keys.get_secret_value()
        if spec:
            return KeyRing.parse(spec)
        return KeyRing.derived(self.secret_key.get_secret_value(), "customers")

    def email_index(self) -> BlindIndex:
        key = self.email_index_key.get_secret_value() or self.secret_key.get_secret_value()
        return BlindIndex(derive_key(key, "customers:email-index"))

    def service_client_secrets(self) -> dict[str, str]:
        spec = self.service_clients.get_secret_value()
        if not spec:
            return dict(DEVELOPMENT_SERVICE_CLIENTS)
        pairs = (item.split(":", 1) for item in spec.split(",") if ":" in item)
        return {client_id.strip(): secret.strip() for client_id, secret in pairs}
