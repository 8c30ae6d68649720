"""The questionnaires a new shop starts with (version 1 of each key).

Every signal names a facet value that exists in the demo catalog (genres, perfume
families and notes, coffee roasts/origins/processes/flavour notes, beverage kinds,
styles and flavour profiles, tags such as a perfume's `light`/`moderate`/`strong`), so
each answer points at real products. Dimensions the catalog keeps as numbers (coffee
acidity and body, a drink's sweetness and bitterness) are expressed through the facet
values that go with them in the data (bright acidity: citrus, floral, light roasts)."""

from __future__ import annotations

from typing import Any

from bookbrew.questionnaire.defaults.beverages import BEVERAGE
from bookbrew.questionnaire.defaults.books import BOOK
from bookbrew.questionnaire.defaults.coffee import COFFEE
from bookbrew.questionnaire.defaults.general import GENERAL
from bookbrew.questionnaire.defaults.perfume import PERFUME
from bookbrew.questionnaire.schemas import QuestionnaireContent

DEFAULTS: dict[str, dict[str, Any]] = {
    "general": GENERAL,
    "book": BOOK,
    "coffee": COFFEE,
    "perfume": PERFUME,
    "beverage": BEVERAGE,
}


def default_questionnaires() -> dict[str, QuestionnaireContent]:
    """Validated on every call, so a mistake in the data fails at start-up and in tests."""
    return {key: QuestionnaireContent.model_validate(body) for key, body in DEFAULTS.items()}
