"""The questionnaire service's contracts: the event it publishes when a shopper finishes,
and the version summaries the staff editor relays."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field

QUESTIONNAIRE_COMPLETED = "bookbrew.questionnaire.completed"

QuestionnaireKey = Literal["general", "book", "coffee", "perfume", "beverage"]
QUESTIONNAIRE_KEYS: tuple[str, ...] = get_args(QuestionnaireKey)
VersionStatus = Literal["draft", "published"]


class QuestionnaireVersionSummary(BaseModel):
    """One version of a questionnaire, as the staff editor lists them."""

    key: QuestionnaireKey
    version: int
    status: VersionStatus
    current: bool
    title: str
    questions: int
    created_at: datetime
    published_at: datetime | None = None


class TasteSignal(BaseModel):
    """One normalised preference read from the answers.

    `facet` uses the catalog's facet names (category, genre, author, family, brand,
    note, roast, origin, process, flavor, kind, style, tag) so curation can match
    signals against product facets without knowing the questions."""

    facet: str
    value: str
    weight: float = Field(ge=-1.0, le=1.0, description="-1 strongly disliked … 1 loved")


class QuestionnaireCompleted(BaseModel):
    response_id: str
    customer_id: str
    questionnaire_key: str  # "general", "book", "coffee", "perfume", "beverage"
    version: int
    answers: dict[str, Any]
    signals: list[TasteSignal]
    budget_max_minor: int | None = None
    completed_at: datetime
