"""Payments tables. No card number or CVC has a column: a payment keeps the provider's
token (or payment-method id), the brand and the last four digits. Caller metadata and
the next action (it may hold a provider client secret) are encrypted with the key ring."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bookbrew.platform.db import UtcDateTime, new_metadata
from bookbrew.platform.events.outbox import inbox_table, outbox_table


class Base(DeclarativeBase):
    metadata = new_metadata()


class PaymentRow(Base):
    __tablename__ = "payments"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    reference: Mapped[str] = mapped_column(String(100), index=True)  # the order id
    customer_id: Mapped[str | None] = mapped_column(String(64), index=True)
    # Who asked for it: the calling token's subject (a customer, or a service such as
    # orders). Orders settles an order only with a payment it asked for itself.
    requested_by: Mapped[str | None] = mapped_column(String(64))
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    refunded_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    status: Mapped[str] = mapped_column(String(24))
    provider: Mapped[str] = mapped_column(String(16))
    provider_ref: Mapped[str | None] = mapped_column(String(255))
    # Stripe's charge / PayPal's capture: what refunds are made against.
    provider_charge_ref: Mapped[str | None] = mapped_column(String(255))
    payment_method: Mapped[str | None] = mapped_column(String(255))  # a token, never a PAN
    card_brand: Mapped[str | None] = mapped_column(String(16))
    card_last4: Mapped[str | None] = mapped_column(String(4))
    failure_code: Mapped[str | None] = mapped_column(String(64))
    failure_message: Mapped[str | None] = mapped_column(String(300))
    metadata_encrypted: Mapped[str | None] = mapped_column(Text)
    next_action_encrypted: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    refunds: Mapped[list[RefundRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="RefundRow.created_at"
    )

    __table_args__ = (
        UniqueConstraint("provider", "provider_ref"),
        Index("ix_payments_status_updated_at", "status", "updated_at"),
    )


class RefundRow(Base):
    __tablename__ = "refunds"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    payment_id: Mapped[str] = mapped_column(
        ForeignKey("payments.id", ondelete="CASCADE"), index=True
    )
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(200))
    provider_ref: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class IdempotencyKeyRow(Base):
    """One row per (caller, operation, key). Inserted and committed before any provider
    call, so that the primary key decides which of concurrent duplicates charges."""

    __tablename__ = "idempotency_keys"

    scope: Mapped[str] = mapped_column(String(120), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the key
    fingerprint: Mapped[str] = mapped_column(String(64))
    claim: Mapped[str] = mapped_column(String(32))  # who holds it while in progress
    status: Mapped[str] = mapped_column(String(16))  # in_progress | done
    resource_id: Mapped[str | None] = mapped_column(String(40))
    response_status: Mapped[int | None] = mapped_column(Integer)
    response_body: Mapped[str | None] = mapped_column(Text)
    locked_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class WebhookEventRow(Base):
    """A verified provider notification, stored normalised (never the raw body) and
    processed in the background; the primary key drops replays."""

    __tablename__ = "webhook_events"

    provider: Mapped[str] = mapped_column(String(16), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(100))
    notice: Mapped[str] = mapped_column(Text)  # JSON of the normalised notice
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    processed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    outcome: Mapped[str | None] = mapped_column(String(40))


outbox = outbox_table(Base.metadata)
inbox = inbox_table(Base.metadata)
