"""Answers to signals, without I/O: the data on options and scales decides."""

from __future__ import annotations

from typing import Any

import pytest

from bookbrew.questionnaire.answers import (
    carried_over,
    merge_answers,
    taste_signals,
    visible_questions,
)
from bookbrew.questionnaire.defaults import default_questionnaires
from bookbrew.questionnaire.schemas import QuestionnaireContent


def signals_of(key: str, answers: dict[str, Any]) -> dict[tuple[str, str], float]:
    signals, _ = taste_signals(default_questionnaires()[key], answers)
    return {(s.facet, s.value): s.weight for s in signals}


def test_options_carry_their_signals_and_weights_add_up_clamped() -> None:
    got = signals_of(
        "coffee",
        {"roast": "dark", "brew_method": "espresso", "flavours_disliked": ["smoky"]},
    )
    # dark 1.0 + espresso 0.3 - smoky 0.5 = 0.8
    assert got[("roast", "dark")] == pytest.approx(0.8)
    assert got[("flavor", "earthy")] == -1.0
    assert got[("roast", "medium-dark")] == pytest.approx(1.0)  # 0.6 + 0.4


def test_a_scale_maps_its_position_to_the_weight() -> None:
    high = signals_of("coffee", {"acidity": 5})
    low = signals_of("coffee", {"acidity": 1})
    assert high[("flavor", "citrus")] == 0.6 and low[("flavor", "citrus")] == -0.6
    assert high[("flavor", "hazelnut")] == -0.4 and low[("flavor", "hazelnut")] == 0.4
    assert signals_of("coffee", {"acidity": 3}) == {}  # the middle says nothing


def test_ranked_choices_count_less_further_down() -> None:
    got = signals_of("beverage", {"kinds": ["wine", "tea", "beer"]})
    assert got[("kind", "wine")] == 1.0
    assert 1.0 > got[("kind", "tea")] > got[("kind", "beer")] >= 0.5


def test_free_text_authors_are_matched_case_insensitively() -> None:
    got = signals_of(
        "book", {"favourite_authors": "terry PRATCHETT, ursula k. le guin and  jane austen"}
    )
    assert got[("author", "Terry Pratchett")] == 1.0
    assert got[("author", "Jane Austen")] == 1.0
    assert got[("author", "ursula k. le guin")] == 1.0  # not a suggestion: kept as typed


def test_budget_comes_from_the_budget_question() -> None:
    content = default_questionnaires()["general"]
    assert taste_signals(content, {"categories": ["book"], "budget": "up_to_30"})[1] == 3000
    assert taste_signals(content, {"categories": ["book"], "budget": "no_limit"})[1] is None


def test_follow_ups_show_only_when_their_condition_holds() -> None:
    general = default_questionnaires()["general"]
    shown = visible_questions(general, {"categories": ["coffee", "book"]})
    assert "coffee_roast" in shown and "book_genres" in shown
    assert "perfume_families" not in shown and "beverage_kinds" not in shown
    # a hidden follow-up's own answers are ignored for signals
    got = signals_of("general", {"categories": ["book"], "coffee_roast": "dark"})
    assert ("roast", "dark") not in got


def test_a_change_that_hides_a_follow_up_drops_its_answer() -> None:
    beverage = default_questionnaires()["beverage"]
    merged, errors = merge_answers(
        beverage, {"kinds": ["tea"], "tea_styles": ["green"]}, {"kinds": ["beer"]}
    )
    assert errors == [] and merged == {"kinds": ["beer"]}


def test_equals_conditions_on_single_choice_and_scales() -> None:
    content = QuestionnaireContent.model_validate(
        {
            "title": "t",
            "questions": [
                {
                    "id": "a",
                    "type": "single_choice",
                    "prompt": "a?",
                    "options": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}],
                },
                {
                    "id": "b",
                    "type": "scale",
                    "prompt": "b?",
                    "scale": {"min": 0, "max": 3},
                    "show_if": {"question_id": "a", "equals": "y"},
                },
                {
                    "id": "c",
                    "type": "free_text",
                    "prompt": "c?",
                    "show_if": {"question_id": "b", "equals": 3},
                },
            ],
        }
    )
    assert visible_questions(content, {"a": "x"}) == ["a"]
    assert visible_questions(content, {"a": "y", "b": 2}) == ["a", "b"]
    assert visible_questions(content, {"a": "y", "b": 3}) == ["a", "b", "c"]
    assert visible_questions(content, {"a": "x", "b": 3}) == ["a"]  # chains hide too


def test_the_same_choice_loved_and_disliked_is_a_contradiction_on_both_questions() -> None:
    perfume = default_questionnaires()["perfume"]
    kept, errors = merge_answers(
        perfume, {"notes_loved": ["vanilla", "rose"]}, {"notes_disliked": ["vanilla", "oud"]}
    )
    assert kept == {"notes_loved": ["vanilla", "rose"]}  # nothing of the change is kept
    assert {(e.question_id, e.type) for e in errors} == {
        ("notes_loved", "contradiction"),
        ("notes_disliked", "contradiction"),
    }
    assert all("Vanilla" in e.msg and "Oud" not in e.msg for e in errors)
    # Disliking what you did not say you love is fine; so is one question's own list.
    assert merge_answers(perfume, {"notes_loved": ["rose"]}, {"notes_disliked": ["oud"]})[1] == []
    books = default_questionnaires()["book"]
    _, errors = merge_answers(books, {}, {"genres": ["fantasy"], "genres_avoided": ["fantasy"]})
    assert {e.question_id for e in errors} == {"genres", "genres_avoided"}


def test_a_retake_carries_over_the_answers_that_still_fit() -> None:
    general = default_questionnaires()["general"]
    previous = {
        "categories": ["coffee"],
        "coffee_roast": "light",
        "book_genres": ["fantasy"],  # hidden: books were not chosen
        "budget": "no_such_budget",  # an option this version does not have
        "gone_question": "x",
    }
    assert carried_over(general, previous) == {"categories": ["coffee"], "coffee_roast": "light"}
