"""The default questionnaires: valid, installed once, and pointing at real products."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bookbrew.catalog.demo import load_demo_products
from bookbrew.catalog.repository import facet_values
from bookbrew.contracts.catalog import FACET_ATTRIBUTES
from bookbrew.contracts.questionnaire import QUESTIONNAIRE_KEYS
from bookbrew.questionnaire.defaults import default_questionnaires
from bookbrew.questionnaire.schemas import FACETS
from bookbrew.questionnaire.settings import QuestionnaireSettings
from tests.questionnaire.conftest import QuestionnaireUnderTest, running_questionnaire


@pytest.fixture(scope="module")
def demo_facets() -> set[tuple[str, str]]:
    values: set[tuple[str, str]] = set()
    for product in load_demo_products():
        values.add(("category", product["category"]))
        values |= facet_values(product["category"], product["attributes"], product["tags"])
    return values


def test_signal_facets_are_the_catalogs() -> None:
    catalog = {"category", "tag"} | {f for by in FACET_ATTRIBUTES.values() for f in by}
    assert set(FACETS) == catalog


def test_every_default_signal_names_a_value_found_in_the_demo_catalog(
    demo_facets: set[tuple[str, str]],
) -> None:
    defaults = default_questionnaires()
    assert set(defaults) == set(QUESTIONNAIRE_KEYS)
    missing = []
    for key, content in defaults.items():
        for question in content.questions:
            specs = [*question.signals, *(s for o in question.options for s in o.signals)]
            assert specs or question.type == "free_text" or question.id == "budget", question.id
            for spec in specs:
                if (spec.facet, spec.value) not in demo_facets:
                    missing.append((key, question.id, spec.facet, spec.value))
            if question.text_facet:
                for suggestion in question.suggestions:
                    if (question.text_facet, suggestion) not in demo_facets:
                        missing.append((key, question.id, question.text_facet, suggestion))
    assert missing == []


def test_defaults_cover_the_taste_dimensions_asked_for() -> None:
    defaults = default_questionnaires()
    ids = {key: {q.id for q in content.questions} for key, content in defaults.items()}
    assert {"genres", "moods", "pace", "length", "favourite_authors", "budget"} <= ids["book"]
    assert {"roast", "brew_method", "acidity", "body", "milk", "sugar", "flavours_loved"} <= ids[
        "coffee"
    ]
    assert {"families", "notes_loved", "notes_disliked", "intensity", "occasions", "season"} <= (
        ids["perfume"]
    )
    assert {"kinds", "sweetness", "bitterness", "alcohol", "budget"} <= ids["beverage"]
    general = defaults["general"]
    assert [q.id for q in general.questions if q.show_if] == [
        "book_genres",
        "perfume_families",
        "coffee_roast",
        "beverage_kinds",
    ]
    types = {q.type for content in defaults.values() for q in content.questions}
    assert types == {"single_choice", "multiple_choice", "scale", "ranked_choice", "free_text"}


async def test_defaults_are_installed_once_and_served(
    questionnaire: QuestionnaireUnderTest,
    questionnaire_settings: Callable[..., QuestionnaireSettings],
    admin_headers: dict[str, str],
) -> None:
    listed = (await questionnaire.client.get("/questionnaires")).json()
    assert [q["key"] for q in listed] == list(QUESTIONNAIRE_KEYS)
    assert all(q["version"] == 1 and q["current"] and q["status"] == "published" for q in listed)
    coffee = (await questionnaire.client.get("/questionnaires/coffee")).json()
    acidity = next(q for q in coffee["questions"] if q["id"] == "acidity")
    assert acidity["scale"] == {
        "min": 1,
        "max": 5,
        "labels": {"1": "Smooth, low acidity", "5": "Bright and juicy"},
    }

    # A second start on the same store (a restart, another replica) installs nothing.
    async with running_questionnaire(questionnaire_settings()) as again:
        versions = await again.client.get(
            "/admin/questionnaires/coffee/versions", headers=admin_headers
        )
        assert [v["version"] for v in versions.json()] == [1]
