"""The AI curation service's events, the recommendation lists it answers with (the BFFs
read them: picks, more like this, complements), and the interactions the BFFs report.
The calls themselves are in `bookbrew.clients.curation`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bookbrew.contracts.catalog import Money, Sku

RECOMMENDATIONS_UPDATED = "bookbrew.recommendations.updated"


class RecommendationsUpdated(BaseModel):
    customer_id: str
    recommendation_id: str  # id of the logged recommendation list (document)
    model_version: str
    context: str  # "home" or a category
    skus: list[str]
    generated_at: datetime


class RecommendedItem(BaseModel):
    sku: str
    name: str
    category: str
    price: Money
    reason: str = Field(description="A short human reason for the pick")
    score: float
    novel: bool = Field(description="One of the deliberately less popular picks")


class RecommendationList(BaseModel):
    recommendation_id: str = Field(description="Send it back with interactions on these items")
    customer_id: str | None
    context: str
    strategy: Literal["model", "popularity"]
    model_version: str | None
    generated_at: datetime
    items: list[RecommendedItem]


# ---- what the BFFs' clients report ------------------------------------------------------


class ShopperInteraction(BaseModel):
    """What a web page or the app reports about a product: a view, a click on an item
    of a list (with that list's `recommendation_id` and `model_version`), an add to cart.
    Each BFF's request body; the BFF adds who the shopper is and forwards it."""

    model_config = ConfigDict(extra="forbid")

    sku: Sku
    kind: Literal["view", "click", "add_to_cart"]
    source: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")] | None = Field(
        default=None, description="Where: `home`, `product`, `picks`, `similar`, `cart`, …"
    )
    recommendation_id: Annotated[str, StringConstraints(max_length=64)] | None = None
    model_version: Annotated[str, StringConstraints(max_length=64)] | None = None


class InteractionAccepted(BaseModel):
    """A BFF's answer to an interaction it was sent."""

    recorded: bool = Field(description="False when curation could not take it just now")
