"""Customers tables. Personal fields are `*_enc` columns holding envelope-encrypted
tokens (`platform.crypto`); the e-mail is found through its keyed hash `email_index`.
Secrets (passwords, refresh tokens, codes, client secrets) are stored only as hashes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bookbrew.platform.db import UtcDateTime, new_metadata
from bookbrew.platform.events.outbox import inbox_table, outbox_table


class Base(DeclarativeBase):
    metadata = new_metadata()


class CustomerRow(Base):
    __tablename__ = "customers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    email_index: Mapped[str | None] = mapped_column(String(64), unique=True)
    email_enc: Mapped[str | None] = mapped_column(Text)
    display_name_enc: Mapped[str | None] = mapped_column(Text)
    full_name_enc: Mapped[str | None] = mapped_column(Text)
    phone_enc: Mapped[str | None] = mapped_column(Text)
    date_of_birth_enc: Mapped[str | None] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(35), default="en")
    marketing_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))  # active | erased
    email_verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    totp_secret_enc: Mapped[str | None] = mapped_column(Text)
    totp_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)  # replay guard
    recovery_codes: Mapped[list[str]] = mapped_column(JSON)  # SHA-256 hex of unused codes
    preferences: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class AddressRow(Base):
    __tablename__ = "addresses"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    customer_id: Mapped[str] = mapped_column(
        ForeignKey("customers.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(40))
    data_enc: Mapped[str] = mapped_column(Text)  # the whole address, as encrypted JSON
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class OAuthClientRow(Base):
    __tablename__ = "oauth_clients"

    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    secret_hash: Mapped[str | None] = mapped_column(String(64))  # None: public client
    redirect_uris: Mapped[list[str]] = mapped_column(JSON)
    grant_types: Mapped[list[str]] = mapped_column(JSON)
    scope: Mapped[str] = mapped_column(String(500))
    roles: Mapped[list[str]] = mapped_column(JSON)  # for client-credentials tokens
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AuthorizationCodeRow(Base):
    __tablename__ = "authorization_codes"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    customer_id: Mapped[str] = mapped_column(String(36), index=True)
    redirect_uri: Mapped[str] = mapped_column(String(500))
    scope: Mapped[str] = mapped_column(String(500))
    code_challenge: Mapped[str | None] = mapped_column(String(128))
    code_challenge_method: Mapped[str | None] = mapped_column(String(10))
    auth_time: Mapped[int] = mapped_column(BigInteger)
    amr: Mapped[list[str]] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Set by the exchange, which keeps the row: a second use is recognised and revokes
    # the sign-in the first one started, its refresh-token family (RFC 6749 4.1.2).
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    family_id: Mapped[str | None] = mapped_column(String(36))


class RefreshTokenRow(Base):
    """One row per refresh token; a family is every token rotated from one sign-in.
    A used token presented again means it leaked: the whole family is revoked."""

    __tablename__ = "refresh_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    family_id: Mapped[str] = mapped_column(String(36), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    customer_id: Mapped[str] = mapped_column(String(36), index=True)
    scope: Mapped[str] = mapped_column(String(500))
    auth_time: Mapped[int] = mapped_column(BigInteger)
    amr: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class SigningKeyRow(Base):
    """Access-token signing keys. The private key is envelope-encrypted; a retired key
    stays published in the JWKS until `unpublish_at` (tokens it signed have expired)."""

    __tablename__ = "signing_keys"

    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    alg: Mapped[str] = mapped_column(String(10))
    private_key_enc: Mapped[str] = mapped_column(Text)
    public_jwk: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    retired_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    unpublish_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class AuditRow(Base):
    """Security events and admin actions. No personal data: ids and hashes only."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    kind: Mapped[str] = mapped_column(String(50))
    customer_id: Mapped[str | None] = mapped_column(String(36))
    actor: Mapped[str | None] = mapped_column(String(64))
    client_id: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(45))
    detail: Mapped[dict[str, object]] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_audit_log_kind_at", "kind", "at"),
        Index("ix_audit_log_customer_id_at", "customer_id", "at"),
    )


class PurchaseRow(Base):
    """Purchase history, a read model built from the orders service's events."""

    __tablename__ = "purchases"

    order_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(36), index=True)
    status: Mapped[str] = mapped_column(String(32))
    total_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    lines: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    placed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Time of the order event last applied: an older event arriving late changes nothing.
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


outbox = outbox_table(Base.metadata)
inbox = inbox_table(Base.metadata)
