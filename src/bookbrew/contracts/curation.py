"""Events published by the AI curation service."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

RECOMMENDATIONS_UPDATED = "bookbrew.recommendations.updated"


class RecommendationsUpdated(BaseModel):
    customer_id: str
    recommendation_id: str  # id of the logged recommendation list (document)
    model_version: str
    context: str  # "home" or a category
    skus: list[str]
    generated_at: datetime
