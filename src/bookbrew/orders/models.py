"""Orders tables: the order with its price snapshot, its lines, every transition it
went through, and the outbox/inbox. Carts are not here: they live in the cache."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bookbrew.platform.db import UtcDateTime, new_metadata
from bookbrew.platform.events.outbox import inbox_table, outbox_table


class Base(DeclarativeBase):
    metadata = new_metadata()


class OrderRow(Base):
    __tablename__ = "orders"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    customer_id: Mapped[str] = mapped_column(String(64))
    # SHA-256 of the client's Idempotency-Key (whatever a client puts there is not kept)
    # and of the request body it came with.
    idempotency_key: Mapped[str] = mapped_column(String(64))
    request_fingerprint: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(32))
    currency: Mapped[str] = mapped_column(String(3))
    total_minor: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # Where it ships: the address as encrypted JSON (`orders.addresses`); None for orders
    # placed before addresses were taken.
    shipping_address_enc: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Saga bookkeeping: what the other services hold for this order.
    reservation_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    payment_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    payment_status: Mapped[str | None] = mapped_column(String(32), nullable=True)
    next_action: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # Compensation of a cancellation: none | pending | done | failed.
    refund_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    refunded_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    restock_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    lines: Mapped[list[OrderLineRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="OrderLineRow.sku"
    )

    __table_args__ = (
        # One order per customer and key: concurrent duplicates meet here.
        UniqueConstraint("customer_id", "idempotency_key"),
        Index("ix_orders_customer_id_created_at", "customer_id", "created_at"),
        Index("ix_orders_status_updated_at", "status", "updated_at"),
        Index("ix_orders_created_at", "created_at"),
    )


class OrderLineRow(Base):
    __tablename__ = "order_lines"

    order_id: Mapped[str] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True
    )
    sku: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(16))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_minor: Mapped[int] = mapped_column(BigInteger)


class OrderTransitionRow(Base):
    """Every status an order took, with who moved it and why (the audit trail)."""

    __tablename__ = "order_transitions"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(32), nullable=True)
    to_status: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime())


outbox = outbox_table(Base.metadata)
inbox = inbox_table(Base.metadata)
