"""`interaction.recorded`: what shoppers do with products, published by the BFFs (views,
clicks, add-to-cart, ratings) and by orders (purchases); consumed by curation and
reporting."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

INTERACTION_RECORDED = "bookbrew.interaction.recorded"

InteractionKind = Literal["view", "click", "add_to_cart", "purchase", "rating"]


class InteractionRecorded(BaseModel):
    customer_id: str | None = None
    anonymous_id: str | None = None  # a visitor not signed in (cookie id)
    sku: str
    kind: InteractionKind
    value: float | None = Field(default=None, description="rating 1-5, or quantity for purchases")
    source: str | None = None  # "home", "search", "category", "product", "cart", "checkout"
    recommendation_id: str | None = None  # the logged recommendation list the click came from
    model_version: str | None = None
    occurred_at: datetime
