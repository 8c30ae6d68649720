"""Request shapes of the catalog API that only orders and the catalog itself use
(reservations). Response shapes, and the product writes staff send through BFF Web, are
the published contracts (`contracts.catalog`, `contracts.product_writes`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from bookbrew.contracts.catalog import Category, Sku


class ReservationLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: Sku
    quantity: Annotated[int, Field(ge=1, le=1000)]


class ReserveStock(BaseModel):
    """Reserve a whole basket: every line or none. `reference` (the order id) makes the
    call idempotent: reserving again with the same reference returns the reservation."""

    model_config = ConfigDict(extra="forbid")

    reference: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    lines: Annotated[list[ReservationLineIn], Field(min_length=1, max_length=100)]
    ttl_seconds: Annotated[int, Field(ge=10, le=86_400)] | None = None

    @model_validator(mode="after")
    def _one_line_per_sku(self) -> ReserveStock:
        merged: dict[str, int] = {}
        for line in self.lines:
            merged[line.sku] = merged.get(line.sku, 0) + line.quantity
        self.lines = [ReservationLineIn(sku=s, quantity=q) for s, q in sorted(merged.items())]
        return self


class CategorySummary(BaseModel):
    category: Category
    products: int
    in_stock: int


class SweepResult(BaseModel):
    released: int
    at: datetime
