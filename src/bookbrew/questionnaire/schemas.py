"""Questionnaires, questions, answers and responses as the API shows them.

A questionnaire carries the taste signals each answer implies (on options, or on the
question for scales), so turning answers into signals is data, not code per question.
Structural rules (ids unique, follow-ups pointing back at earlier questions, options
where a type needs them) are checked here, so a broken draft never reaches the store."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    StringConstraints,
    model_validator,
)

from bookbrew.contracts.questionnaire import (
    QuestionnaireKey,
    TasteSignal,
    VersionStatus,
)

# The catalog's facet names (contracts.catalog.FACET_ATTRIBUTES, plus category and tag): a signal on
# any other name could never match a product.
Facet = Literal[
    "category",
    "tag",
    "genre",
    "author",
    "family",
    "brand",
    "concentration",
    "gender",
    "note",
    "roast",
    "origin",
    "process",
    "flavor",
    "kind",
    "style",
]
FACETS: tuple[str, ...] = get_args(Facet)

QuestionType = Literal["single_choice", "multiple_choice", "scale", "ranked_choice", "free_text"]
CHOICE_TYPES = frozenset({"single_choice", "multiple_choice", "ranked_choice"})
LIST_TYPES = frozenset({"multiple_choice", "ranked_choice"})

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,47}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
ResponseStatus = Literal["in_progress", "completed", "abandoned"]

MAX_FREE_TEXT = 2000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignalSpec(_Strict):
    """A signal an answer implies; on a scale the weight is scaled by the answer's
    position (-1 at the minimum, +1 at the maximum)."""

    facet: Facet
    value: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
    weight: Annotated[float, Field(ge=-1.0, le=1.0, allow_inf_nan=False)] = 1.0


Signals = Annotated[list[SignalSpec], Field(max_length=30)]


class Option(_Strict):
    id: Identifier
    label: Text
    signals: Signals = []
    # Only on single-choice budget questions: the most the shopper wants to spend per item.
    budget_max_minor: Annotated[int, Field(ge=0, le=10_000_000)] | None = None


class Scale(_Strict):
    min: Annotated[int, Field(ge=0, le=100)] = 1
    max: Annotated[int, Field(ge=1, le=100)] = 5
    labels: Annotated[dict[str, Text], Field(max_length=21)] = {}

    @model_validator(mode="after")
    def _range(self) -> Scale:
        if not self.min < self.max <= self.min + 20:
            raise ValueError("a scale needs min < max and at most 20 steps")
        for key in self.labels:
            if not key.isdigit() or not self.min <= int(key) <= self.max:
                raise ValueError(f"scale label {key!r} is not a value of the scale")
        return self


class ShowIf(_Strict):
    """Show a follow-up only when an earlier question was answered a given way:
    `equals` an option id (single choice) or a value (scale), or `includes` an option
    id (multiple or ranked choice)."""

    question_id: Identifier
    equals: Identifier | Annotated[int, Field(ge=0, le=100)] | None = None
    includes: Identifier | None = None

    @model_validator(mode="after")
    def _one_condition(self) -> ShowIf:
        if (self.equals is None) == (self.includes is None):
            raise ValueError("show_if needs exactly one of equals or includes")
        return self


class Question(_Strict):
    id: Identifier
    type: QuestionType
    prompt: Text
    help: Annotated[str, StringConstraints(max_length=500)] | None = None
    required: bool = True
    options: Annotated[list[Option], Field(max_length=40)] = []
    min_selections: Annotated[int, Field(ge=1, le=40)] = 1
    max_selections: Annotated[int, Field(ge=1, le=40)] | None = None
    scale: Scale | None = None
    signals: Signals = []  # scale questions only
    max_length: Annotated[int, Field(ge=1, le=MAX_FREE_TEXT)] = 500  # free text only
    # Free text: each comma-separated item becomes a signal on this facet, spelled as in
    # `suggestions` when it matches one case-insensitively.
    text_facet: Facet | None = None
    suggestions: Annotated[list[Text], Field(max_length=300)] = []
    show_if: ShowIf | None = None

    @model_validator(mode="after")
    def _fits_its_type(self) -> Question:
        if self.type in CHOICE_TYPES:
            if len(self.options) < 2:
                raise ValueError(f"{self.id}: a choice question needs at least two options")
            ids = [option.id for option in self.options]
            if len(set(ids)) != len(ids):
                raise ValueError(f"{self.id}: option ids must be unique")
        elif self.options:
            raise ValueError(f"{self.id}: only choice questions have options")
        if self.type in LIST_TYPES:
            top = self.max_selections or len(self.options)
            if not self.min_selections <= top <= len(self.options):
                raise ValueError(f"{self.id}: selections must fit 1 ≤ min ≤ max ≤ options")
        elif self.max_selections is not None or self.min_selections != 1:
            raise ValueError(f"{self.id}: only multiple and ranked choice have selection limits")
        if self.type != "single_choice" and any(
            o.budget_max_minor is not None for o in self.options
        ):
            raise ValueError(f"{self.id}: budgets belong on single-choice options")
        if (self.type == "scale") != (self.scale is not None):
            raise ValueError(f"{self.id}: a scale question, and only one, has a scale")
        if self.signals and self.type != "scale":
            raise ValueError(f"{self.id}: question-level signals are for scales")
        if self.type != "free_text" and (self.text_facet or self.suggestions):
            raise ValueError(f"{self.id}: text_facet and suggestions are for free text")
        return self

    @property
    def selection_limit(self) -> int:
        return self.max_selections or len(self.options)

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


class QuestionnaireContent(_Strict):
    """What an admin writes: a draft's whole content, replaced at once."""

    title: Text
    description: Annotated[str, StringConstraints(max_length=1000)] = ""
    questions: Annotated[list[Question], Field(min_length=1, max_length=60)]

    @model_validator(mode="after")
    def _follow_ups_point_back(self) -> QuestionnaireContent:
        earlier: dict[str, Question] = {}
        for question in self.questions:
            if question.id in earlier:
                raise ValueError(f"question id {question.id!r} is used twice")
            if question.show_if is not None:
                _check_condition(question, earlier)
            earlier[question.id] = question
        return self

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


def _check_condition(question: Question, earlier: dict[str, Question]) -> None:
    assert question.show_if is not None
    cond = question.show_if
    parent = earlier.get(cond.question_id)
    if parent is None:
        raise ValueError(f"{question.id}: show_if must name an earlier question")
    if cond.includes is not None:
        if parent.type not in LIST_TYPES or parent.option(cond.includes) is None:
            raise ValueError(f"{question.id}: includes needs an option of a multi-answer question")
    elif parent.type == "single_choice":
        if not isinstance(cond.equals, str) or parent.option(cond.equals) is None:
            raise ValueError(f"{question.id}: equals must be an option of {parent.id}")
    elif parent.type == "scale":
        assert parent.scale is not None
        if not isinstance(cond.equals, int) or not (
            parent.scale.min <= cond.equals <= parent.scale.max
        ):
            raise ValueError(f"{question.id}: equals must be a value of the scale {parent.id}")
    else:
        raise ValueError(f"{question.id}: equals works on single choice and scale questions")


class Questionnaire(QuestionnaireContent):
    key: QuestionnaireKey
    version: int
    status: VersionStatus
    current: bool = False
    created_at: datetime
    updated_at: datetime | None = None
    published_at: datetime | None = None


# An answer: an option id or free text, a scale value, or option ids (ranked: in order).
AnswerValue = (
    StrictInt
    | Annotated[StrictStr, StringConstraints(max_length=MAX_FREE_TEXT)]
    | Annotated[list[Annotated[StrictStr, StringConstraints(max_length=64)]], Field(max_length=40)]
)


class StartResponse(_Strict):
    questionnaire_key: QuestionnaireKey
    # Abandon an unfinished response and begin again on the current version.
    restart: bool = False


class SaveAnswers(_Strict):
    """Answers to merge into the response; null clears an answer."""

    answers: Annotated[dict[Identifier, AnswerValue | None], Field(max_length=60)]


class AnswerError(BaseModel):
    question_id: str
    type: str
    msg: str


class Response(BaseModel):
    id: str
    customer_id: str
    questionnaire_key: QuestionnaireKey
    version: int
    status: ResponseStatus
    answers: dict[str, Any]
    # The completed response whose answers this one started from (a retake), if any.
    prefilled_from: str | None = None
    visible_questions: list[str]
    missing_required: list[str]
    signals: list[TasteSignal] = []
    budget_max_minor: int | None = None
    started_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None


class ProfileSource(BaseModel):
    questionnaire_key: QuestionnaireKey
    version: int
    response_id: str
    completed_at: datetime
    signals: list[TasteSignal]
    budget_max_minor: int | None = None


class TasteProfile(BaseModel):
    customer_id: str
    signals: list[TasteSignal]
    budget_max_minor: int | None = None
    sources: list[ProfileSource]
