"""The catalog's contracts: its public API shapes (as the BFFs and the orders service
read them) and the events it publishes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

Category = Literal["book", "perfume", "coffee", "beverage"]
CATEGORIES: tuple[Category, ...] = ("book", "perfume", "coffee", "beverage")
SortKey = Literal["relevance", "popular", "newest", "price_asc", "price_desc", "name"]
ProductStatus = Literal["active", "draft", "archived"]
# A product's stock-keeping unit, as the catalog issues it (`BK-001`, `CF-ETH-01`).
Sku = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{2,31}$")]

# Which product attributes are published as facets, per category: facet name →
# attribute path. The catalog counts them, curation scores them, questionnaires name them.
FACET_ATTRIBUTES: dict[str, dict[str, str]] = {
    "book": {"genre": "genres", "author": "authors"},
    "perfume": {
        "family": "family",
        "brand": "brand",
        "concentration": "concentration",
        "gender": "gender",
        "note": "notes",
    },
    "coffee": {
        "roast": "roast",
        "origin": "origin",
        "process": "process",
        "flavor": "flavor_notes",
    },
    "beverage": {"kind": "kind", "style": "style", "flavor": "flavor_profile"},
}


class Money(BaseModel):
    amount: int = Field(description="Minor units (cents)")
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217 code")


class Product(BaseModel):
    sku: str
    name: str
    description: str
    category: Category
    price: Money
    stock: int
    in_stock: bool
    images: list[str]
    tags: list[str]
    status: str
    attributes: dict[str, Any]
    popularity: int
    created_at: datetime
    updated_at: datetime
    version: int


class FacetValue(BaseModel):
    value: str
    count: int


class PriceBucket(BaseModel):
    min: int
    max: int | None
    count: int


class Facets(BaseModel):
    category: list[FacetValue]
    price: list[PriceBucket]
    attributes: dict[str, list[FacetValue]]


class ProductPage(BaseModel):
    items: list[Product]
    next_cursor: str | None
    total: int
    facets: Facets | None = None


class ReservationLine(BaseModel):
    sku: str
    quantity: int


class Reservation(BaseModel):
    id: str
    reference: str
    status: Literal["active", "committed", "released", "expired"]
    lines: list[ReservationLine]
    expires_at: datetime
    created_at: datetime


# --- Events -------------------------------------------------------------------

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
