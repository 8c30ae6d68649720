"""Curation's HTTP shapes. The recommendation lists the BFFs read are contracts
(`bookbrew.contracts.curation`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from bookbrew.contracts.catalog import Money, Sku
from bookbrew.contracts.curation import RecommendationList, RecommendedItem

Context = Literal["home", "book", "coffee", "perfume", "beverage"]
CustomerId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[^/\s]+$")]


def list_from_log(log: dict[str, Any]) -> RecommendationList:
    """A logged recommendation list as the API answers it."""
    return RecommendationList(
        recommendation_id=log["_id"],
        customer_id=log.get("customer_id"),
        context=log["context"],
        strategy=log["strategy"],
        model_version=log.get("model_version"),
        generated_at=log["generated_at"],
        items=[
            RecommendedItem(
                sku=i["sku"],
                name=i["name"],
                category=i["category"],
                price=Money(amount=i["price_minor"], currency=i["currency"]),
                reason=i["reason"],
                score=i["score"],
                novel=i["novel"],
            )
            for i in log["items"]
        ],
    )


class ComplementsRequest(BaseModel):
    skus: list[Sku] = Field(min_length=1, max_length=100, description="The cart's SKUs")
    customer_id: CustomerId | None = None
    limit: int = Field(default=8, ge=1, le=50)


class ModelMetrics(BaseModel):
    recall: float
    ndcg: float
    coverage: float
    users: int
    k: int
    split: str | None = None


class ModelVersion(BaseModel):
    version: str
    created_at: datetime
    serving: bool
    metrics: ModelMetrics | None
    alpha: float
    items: int
    users: int
    interactions: int
    training: dict[str, Any]


class InteractionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: Sku
    kind: Literal["view", "click", "add_to_cart", "rating"]
    value: Annotated[float, Field(ge=1, le=5)] | None = Field(
        default=None, description="The rating (1-5) for kind=rating"
    )
    source: Annotated[str, StringConstraints(max_length=40)] | None = None
    recommendation_id: Annotated[str, StringConstraints(max_length=64)] | None = None
    model_version: Annotated[str, StringConstraints(max_length=64)] | None = None
    customer_id: CustomerId | None = Field(
        default=None, description="Only services name a customer; shoppers use their token"
    )
    anonymous_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{8,64}$")] | None = None

    @model_validator(mode="after")
    def _rating_has_a_value(self) -> InteractionIn:
        if (self.kind == "rating") != (self.value is not None):
            raise ValueError("a rating carries a value 1-5; other kinds carry none")
        return self


class InteractionAccepted(BaseModel):
    event_id: str
