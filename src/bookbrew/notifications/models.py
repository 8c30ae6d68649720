"""Notification tables. Personal data (addresses, names, push targets, message contexts)
is held only as envelope-encrypted tokens (`platform.crypto`) in `*_enc` columns.

A delivery is one message to one recipient on one channel for one event; the unique
constraint on (event_id, channel, recipient) is what makes a redelivered event, or a
digest run twice, still produce exactly one message."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bookbrew.platform.db import UtcDateTime, new_metadata
from bookbrew.platform.events.outbox import inbox_table


class Base(DeclarativeBase):
    metadata = new_metadata()


class ContactRow(Base):
    """What this service knows of a customer, from `customer.registered`."""

    __tablename__ = "contacts"

    customer_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    email_enc: Mapped[str] = mapped_column(Text)
    name_enc: Mapped[str] = mapped_column(Text)
    phone_enc: Mapped[str | None] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(35))
    marketing_consent: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PreferenceRow(Base):
    """An explicit choice; without a row the channel's default applies."""

    __tablename__ = "preferences"

    customer_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)  # email | sms | push
    category: Mapped[str] = mapped_column(String(16), primary_key=True)  # transactional | marketing
    enabled: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PushSubscriptionRow(Base):
    __tablename__ = "push_subscriptions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # webpush | expo
    # Keyed hash of the endpoint or token: one row per device, whoever registers it.
    target_hash: Mapped[str] = mapped_column(String(64), unique=True)
    target_enc: Mapped[str] = mapped_column(Text)  # JSON: endpoint + keys, or Expo token
    label: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DeliveryRow(Base):
    __tablename__ = "deliveries"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))  # template name, e.g. order_confirmed
    channel: Mapped[str] = mapped_column(String(16))  # email | sms | push
    # Customer id for e-mail and SMS, push subscription id for push.
    recipient: Mapped[str] = mapped_column(String(64))
    customer_id: Mapped[str] = mapped_column(String(64), index=True)
    category: Mapped[str] = mapped_column(String(16))  # transactional | marketing
    context_enc: Mapped[str] = mapped_column(Text)  # template variables, encrypted JSON
    status: Mapped[str] = mapped_column(String(16))  # pending | sent | failed | dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UtcDateTime())
    provider_message_id: Mapped[str | None] = mapped_column(String(200))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    __table_args__ = (
        UniqueConstraint("event_id", "channel", "recipient"),
        Index("ix_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
    )


class DigestPicksRow(Base):
    """The latest curated picks per customer, collected for the weekly digest."""

    __tablename__ = "digest_picks"

    customer_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    recommendation_id: Mapped[str] = mapped_column(String(64))
    skus: Mapped[list[str]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    digested_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


inbox = inbox_table(Base.metadata)
