"""Event types (CloudEvents `type`, also the RabbitMQ routing key) and their payloads.

Events are named in the past tense; payloads carry enough for a consumer to act without
calling back, and never personal data beyond ids."""

from __future__ import annotations

from pydantic import BaseModel

from bookbrew.contracts.catalog import Category, Money

PRODUCT_CREATED = "bookbrew.product.created"
PRODUCT_UPDATED = "bookbrew.product.updated"
PRODUCT_DELETED = "bookbrew.product.deleted"
INVENTORY_RESERVED = "bookbrew.inventory.reserved"
INVENTORY_RELEASED = "bookbrew.inventory.released"
INVENTORY_COMMITTED = "bookbrew.inventory.committed"
INVENTORY_LOW_STOCK = "bookbrew.inventory.low_stock"


class ProductChanged(BaseModel):
    """Payload of product created/updated: the product as it now is."""

    sku: str
    name: str
    category: Category
    price: Money
    stock: int
    status: str
    tags: list[str]
    attributes: dict[str, object]
    description: str
    version: int


class ProductDeleted(BaseModel):
    sku: str
    category: Category


class ReservationLineEvent(BaseModel):
    sku: str
    quantity: int


class InventoryReserved(BaseModel):
    reservation_id: str
    reference: str
    lines: list[ReservationLineEvent]
    expires_at: str


class InventoryReleased(BaseModel):
    reservation_id: str
    reference: str
    lines: list[ReservationLineEvent]
    reason: str  # "released" | "expired"


class InventoryCommitted(BaseModel):
    reservation_id: str
    reference: str
    lines: list[ReservationLineEvent]


class InventoryLowStock(BaseModel):
    sku: str
    category: Category
    stock: int
    threshold: int
