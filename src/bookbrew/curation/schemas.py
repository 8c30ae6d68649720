"""Curation's HTTP shapes (not published as contracts: only the BFFs read them)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from bookbrew.contracts.catalog import Money

Context = Literal["home", "book", "coffee", "perfume", "beverage"]
Sku = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
CustomerId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[^/\s]+$")]


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

    @classmethod
    def from_log(cls, log: dict[str, Any]) -> RecommendationList:
        return cls(
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
