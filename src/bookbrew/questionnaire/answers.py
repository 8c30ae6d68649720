"""Answers against the exact questionnaire version they belong to: which questions are
visible, whether an answer fits its question, and the taste signals the answers imply.
Pure functions, no I/O."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from bookbrew.contracts.questionnaire import TasteSignal
from bookbrew.questionnaire.schemas import (
    LIST_TYPES,
    AnswerError,
    Question,
    QuestionnaireContent,
    ShowIf,
    SignalSpec,
)

# Ranked answers: the first choice counts fully, the last possible one half.
RANKED_LAST_FACTOR = 0.5
# Signals weaker than this (a scale answered in the middle) say nothing.
NEGLIGIBLE = 0.05
MAX_TEXT_ITEMS = 10
_ITEM_SEPARATORS = re.compile(r"[,;\n&]|\s+and\s+", re.IGNORECASE)


def _condition_met(show_if: ShowIf, value: Any) -> bool:
    if show_if.includes is not None:
        return isinstance(value, list) and show_if.includes in value
    return value is not None and value == show_if.equals


def visible_questions(content: QuestionnaireContent, answers: Mapping[str, Any]) -> list[str]:
    """Ids of the questions shown for these answers, in order. A follow-up of a hidden
    question is hidden too."""
    shown: list[str] = []
    for question in content.questions:
        cond = question.show_if
        if cond is None or (
            cond.question_id in shown and _condition_met(cond, answers.get(cond.question_id))
        ):
            shown.append(question.id)
    return shown


def missing_required(content: QuestionnaireContent, answers: Mapping[str, Any]) -> list[str]:
    return [
        qid
        for qid in visible_questions(content, answers)
        if answers.get(qid) is None and _question(content, qid).required
    ]


def _question(content: QuestionnaireContent, question_id: str) -> Question:
    question = content.question(question_id)
    assert question is not None
    return question


def _error(question_id: str, type_: str, msg: str) -> AnswerError:
    return AnswerError(question_id=question_id, type=type_, msg=msg)


def check_answer(question: Question, value: Any) -> tuple[Any, AnswerError | None]:
    """The answer as stored (free text trimmed) or why it does not fit the question."""
    qid = question.id
    if question.type == "single_choice":
        if not isinstance(value, str):
            return None, _error(qid, "wrong-type", "expects one option id")
        if question.option(value) is None:
            return None, _error(qid, "unknown-option", f"{value!r} is not an option here")
        return value, None
    if question.type in LIST_TYPES:
        if not isinstance(value, list):
            return None, _error(qid, "wrong-type", "expects a list of option ids")
        unknown = [v for v in value if question.option(v) is None]
        if unknown:
            return None, _error(qid, "unknown-option", f"not options here: {unknown}")
        if len(set(value)) != len(value):
            return None, _error(qid, "duplicate-option", "an option is chosen twice")
        if len(value) > question.selection_limit:
            return None, _error(
                qid, "too-many-selections", f"at most {question.selection_limit} choices"
            )
        if len(value) < question.min_selections:
            return None, _error(
                qid, "too-few-selections", f"at least {question.min_selections} choices"
            )
        return value, None
    if question.type == "scale":
        assert question.scale is not None
        if not isinstance(value, int) or isinstance(value, bool):
            return None, _error(qid, "wrong-type", "expects a whole number on the scale")
        if not question.scale.min <= value <= question.scale.max:
            return None, _error(
                qid,
                "out-of-range",
                f"must be between {question.scale.min} and {question.scale.max}",
            )
        return value, None
    if not isinstance(value, str):
        return None, _error(qid, "wrong-type", "expects text")
    text = value.strip()
    if not text:
        return None, _error(qid, "empty", "write something, or clear the answer with null")
    if len(text) > question.max_length:
        return None, _error(qid, "too-long", f"at most {question.max_length} characters")
    return text, None


def merge_answers(
    content: QuestionnaireContent, current: Mapping[str, Any], changes: Mapping[str, Any]
) -> tuple[dict[str, Any], list[AnswerError]]:
    """Apply `changes` (None clears) to `current`. A question answered in `changes` must
    be visible given the merged answers; earlier answers a change has hidden are dropped,
    since they no longer belong to what the shopper is answering."""
    errors: list[AnswerError] = []
    merged = dict(current)
    for qid, value in changes.items():
        question = content.question(qid)
        if question is None:
            errors.append(_error(qid, "unknown-question", "no such question in this version"))
            continue
        if value is None:
            merged.pop(qid, None)
            continue
        stored, error = check_answer(question, value)
        if error is not None:
            errors.append(error)
        else:
            merged[qid] = stored
    if errors:
        return dict(current), errors
    shown = set(visible_questions(content, merged))
    for qid, value in changes.items():
        if value is not None and qid not in shown:
            errors.append(
                _error(qid, "hidden-question", "this follow-up is not shown for your answers")
            )
    if errors:
        return dict(current), errors
    kept = {qid: v for qid, v in merged.items() if qid in shown}
    errors = contradictions(content, kept)
    if errors:
        return dict(current), errors
    return kept, []


def _chosen(question: Question, value: Any) -> list[str]:
    if question.type == "single_choice":
        return [value] if isinstance(value, str) else []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _opposed(a: Question, b: Question, option_id: str) -> bool:
    """The same option in both questions pulls its signals in opposite directions
    (a note loved in one and can't-stand in the other)."""
    first, second = a.option(option_id), b.option(option_id)
    if first is None or second is None:
        return False
    weights = {(s.facet, s.value): s.weight for s in first.signals}
    return any(
        (w := weights.get((s.facet, s.value))) is not None and w * s.weight < 0
        for s in second.signals
    )


def contradictions(content: QuestionnaireContent, answers: Mapping[str, Any]) -> list[AnswerError]:
    """Answers that say opposite things about the same choice, one error on each of the
    two questions, each naming the other."""
    errors: list[AnswerError] = []
    answered = [
        (question, _chosen(question, answers[qid]))
        for qid in visible_questions(content, answers)
        if qid in answers and (question := _question(content, qid)).options
    ]
    for i, (a, chosen_a) in enumerate(answered):
        for b, chosen_b in answered[i + 1 :]:
            both = [oid for oid in chosen_a if oid in chosen_b and _opposed(a, b, oid)]
            if not both:
                continue
            labels = ", ".join(f"“{a.option(oid).label}”" for oid in both)  # type: ignore[union-attr]
            msg = f"{labels} cannot be both in “{a.prompt}” and in “{b.prompt}”."
            errors += [_error(a.id, "contradiction", msg), _error(b.id, "contradiction", msg)]
    return errors


def carried_over(content: QuestionnaireContent, previous: Mapping[str, Any]) -> dict[str, Any]:
    """The answers of an earlier response that still fit this version, for a retake to
    start from: each answer is kept if it fits its question and stays visible; the rest
    are left for the shopper to give again."""
    kept: dict[str, Any] = {}
    for question in content.questions:  # in order, so follow-ups see their conditions
        if question.id not in previous:
            continue
        trial, errors = merge_answers(content, kept, {question.id: previous[question.id]})
        if not errors:
            kept = trial
    return kept


def _scaled(specs: Iterable[SignalSpec], factor: float) -> list[tuple[str, str, float]]:
    return [(s.facet, s.value, s.weight * factor) for s in specs]


def _text_items(question: Question, text: str) -> list[tuple[str, str, float]]:
    assert question.text_facet is not None
    canonical = {" ".join(s.split()).casefold(): s for s in question.suggestions}
    items: list[tuple[str, str, float]] = []
    for raw in _ITEM_SEPARATORS.split(text):
        item = " ".join(raw.split())[:120]
        if item:
            items.append((question.text_facet, canonical.get(item.casefold(), item), 1.0))
    return items[:MAX_TEXT_ITEMS]


def _raw_signals(question: Question, value: Any) -> list[tuple[str, str, float]]:
    if question.type == "single_choice":
        option = question.option(value)
        return _scaled(option.signals, 1.0) if option else []
    if question.type == "multiple_choice":
        return [
            signal
            for option_id in value
            if (option := question.option(option_id)) is not None
            for signal in _scaled(option.signals, 1.0)
        ]
    if question.type == "ranked_choice":
        steps = max(len(question.options) - 1, 1)
        return [
            signal
            for rank, option_id in enumerate(value)
            if (option := question.option(option_id)) is not None
            for signal in _scaled(option.signals, 1.0 - RANKED_LAST_FACTOR * rank / steps)
        ]
    if question.type == "scale":
        assert question.scale is not None
        span = question.scale.max - question.scale.min
        position = 2.0 * (value - question.scale.min) / span - 1.0
        return _scaled(question.signals, position)
    if question.text_facet is not None and isinstance(value, str):
        return _text_items(question, value)
    return []


def combine(raw: Iterable[tuple[str, str, float]]) -> list[TasteSignal]:
    """Sum weights per (facet, value), clamp to [-1, 1], drop the negligible; strongest
    likes first."""
    totals: dict[tuple[str, str], float] = {}
    for facet, value, weight in raw:
        totals[(facet, value)] = totals.get((facet, value), 0.0) + weight
    signals = [
        TasteSignal(facet=facet, value=value, weight=round(max(-1.0, min(1.0, w)), 3))
        for (facet, value), w in totals.items()
        if abs(w) >= NEGLIGIBLE
    ]
    return sorted(signals, key=lambda s: (-s.weight, s.facet, s.value))


def taste_signals(
    content: QuestionnaireContent, answers: Mapping[str, Any]
) -> tuple[list[TasteSignal], int | None]:
    """The signals the visible answers imply, and the budget if a budget question (a
    single choice whose options carry budgets) was answered."""
    raw: list[tuple[str, str, float]] = []
    budget: int | None = None
    budget_seen = False
    for qid in visible_questions(content, answers):
        value = answers.get(qid)
        if value is None:
            continue
        question = _question(content, qid)
        raw.extend(_raw_signals(question, value))
        if not budget_seen and question.type == "single_choice":
            if any(o.budget_max_minor is not None for o in question.options):
                budget_seen = True
                option = question.option(value)
                budget = option.budget_max_minor if option else None
    return combine(raw), budget
