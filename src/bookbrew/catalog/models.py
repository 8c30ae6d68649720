"""Catalog tables. Attributes are JSON; what listing filters on is denormalised into
`product_facets` so that facet counts and filters are plain indexed SQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bookbrew.platform.db import UtcDateTime, new_metadata
from bookbrew.platform.events.outbox import inbox_table, outbox_table


class Base(DeclarativeBase):
    metadata = new_metadata()


class ProductRow(Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    sku: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    name_key: Mapped[str] = mapped_column(String(300), index=True)  # lower-cased, for sorting
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(16))
    price_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    stock: Mapped[int] = mapped_column(Integer)
    images: Mapped[list[str]] = mapped_column(JSON)
    tags: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), index=True)
    attributes: Mapped[dict[str, object]] = mapped_column(JSON)
    search_text: Mapped[str] = mapped_column(Text)
    popularity: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)

    facets: Mapped[list[FacetRow]] = relationship(
        cascade="all, delete-orphan", lazy="raise", passive_deletes=True
    )

    __table_args__ = (
        Index("ix_products_category_status_popularity", "category", "status", "popularity"),
        Index("ix_products_status_price", "status", "price_minor"),
    )


class FacetRow(Base):
    __tablename__ = "product_facets"

    product_id: Mapped[int] = mapped_column(
        ForeignKey("products.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(120), primary_key=True)

    __table_args__ = (Index("ix_product_facets_name_value", "name", "value"),)


class ReservationRow(Base):
    __tablename__ = "reservations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    reference: Mapped[str] = mapped_column(String(100), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())

    lines: Mapped[list[ReservationLineRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ReservationLineRow.sku"
    )

    __table_args__ = (Index("ix_reservations_status_expires_at", "status", "expires_at"),)


class ReservationLineRow(Base):
    __tablename__ = "reservation_lines"

    reservation_id: Mapped[str] = mapped_column(
        ForeignKey("reservations.id", ondelete="CASCADE"), primary_key=True
    )
    sku: Mapped[str] = mapped_column(String(32), primary_key=True)
    quantity: Mapped[int] = mapped_column(Integer)


outbox = outbox_table(Base.metadata)
inbox = inbox_table(Base.metadata)
