"""What the mobile app sends (query models) and receives (compact screen payloads)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from bookbrew.contracts.catalog import Category, SortKey
from bookbrew.contracts.curation import ShopperInteraction

Facet = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}:[^\r\n]{1,120}$")]
Minor = Annotated[int, Field(ge=0, le=100_000_000, description="Price bound, minor units")]


class BrowseQuery(BaseModel):
    """Filters, sort and page of a category screen. Filter counts come with the first
    page only (no cursor): later pages just append items."""

    sort: SortKey = "popular"
    facet: Annotated[list[Facet], Field(max_length=20, description="`name:value`, repeatable")] = []
    price_min: Minor | None = None
    price_max: Minor | None = None
    in_stock: bool = False
    limit: Annotated[int, Field(ge=1, le=48, description="Page size")] = 12
    cursor: Annotated[str, StringConstraints(max_length=500)] | None = None

    @model_validator(mode="after")
    def _min_not_above_max(self) -> BrowseQuery:
        low, high = self.price_min, self.price_max
        if low is not None and high is not None and low > high:
            raise ValueError("price_min is above price_max")
        return self


class FindQuery(BrowseQuery):
    """A search screen: words, optionally within one category."""

    q: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    category: Category | None = None
    sort: SortKey = "relevance"


class Card(BaseModel):
    """A product in a list: just enough to draw a tile."""

    sku: str
    name: str
    category: Category
    price: int = Field(description="Minor units")
    currency: str
    price_display: str
    image: str
    in_stock: bool


class Shelf(BaseModel):
    category: Category
    items: list[Card]


class Pick(BaseModel):
    """A curated product on the home screen: a tile and why it was picked."""

    sku: str
    name: str
    category: str
    price: int = Field(description="Minor units")
    currency: str
    price_display: str
    image: str
    reason: str = Field(description="Why it was picked, e.g. `Because you like dark roasts`")
    novel: bool = Field(description="One of the deliberately less popular picks")


class Picks(BaseModel):
    available: bool = Field(
        description="False when curation was slow or down: show the best sellers alone"
    )
    recommendation_id: str | None = Field(
        default=None, description="Send it back with clicks on these picks"
    )
    strategy: str | None = Field(
        default=None, description="`model` (the shopper's taste) or `popularity`"
    )
    model_version: str | None = None
    items: list[Pick] = []


class Home(BaseModel):
    shelves: list[Shelf] = Field(description="Best sellers, one shelf per category")
    picks: Picks | None = Field(
        default=None,
        description="With a bearer token only (absent otherwise): the shopper's picks, "
        "with reasons",
    )


class Count(BaseModel):
    value: str
    count: int


class PriceBand(BaseModel):
    min: int
    max: int | None
    count: int


class Filters(BaseModel):
    price: list[PriceBand] = Field(description="Bands holding at least one product")
    attributes: dict[str, list[Count]] = Field(description="Most frequent values first")


class Listing(BaseModel):
    items: list[Card]
    total: int
    next_cursor: str | None
    filters: Filters | None = Field(description="On the first page only")


class Detail(BaseModel):
    sku: str
    name: str
    category: Category
    description: str
    price: int = Field(description="Minor units")
    currency: str
    price_display: str
    images: list[str]
    in_stock: bool
    highlights: list[str] = Field(description="A few short facts, e.g. `Dark roast`")


class ProductScreen(BaseModel):
    product: Detail
    related: list[Card] = Field(description="More like this, most alike first")
    related_source: Literal["curation", "catalog"] = Field(
        default="catalog",
        description="`curation` (send `recommendation_id` back with clicks on them) or "
        "`catalog` (more from the category, when curation was slow or away)",
    )
    recommendation_id: str | None = None
    model_version: str | None = None


# ---- interactions (recorded by curation) ----------------------------------------------

AnonymousId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{20,64}$")]


class InteractionBody(ShopperInteraction):
    """A view, a click on a pick or a related product, or an add to cart."""

    anonymous_id: AnonymousId | None = Field(
        default=None,
        description="Without a bearer token: the app install's random id (20-64 URL-safe "
        "characters, kept on the device) to record under; ignored with a token",
    )


# ---- the signed-in shopper (bearer token passed through) ------------------------------


class Me(BaseModel):
    id: str
    display_name: str
    email: str
    email_verified: bool
    mfa_enabled: bool


class ChoiceOption(BaseModel):
    id: str
    label: str


class FormQuestion(BaseModel):
    """A question as the app draws it: no scoring data (`signals`)."""

    id: str
    type: str = Field(description="single_choice, multiple_choice, scale, ranked_choice, free_text")
    prompt: str
    help: str | None = None
    required: bool
    options: list[ChoiceOption] = []
    min_selections: int | None = None
    max_selections: int | None = None
    scale: dict[str, Any] | None = Field(default=None, description="`{min, max, labels}`")
    max_length: int | None = Field(default=None, description="Free text only")
    suggestions: list[str] = []
    show_if: dict[str, Any] | None = None


class Form(BaseModel):
    key: str
    version: int
    title: str
    description: str | None = None
    questions: list[FormQuestion]


class StartAnswering(BaseModel):
    restart: bool = Field(default=False, description="Begin again, abandoning the unfinished one")


class Answers(BaseModel):
    answers: Annotated[
        dict[str, Any],
        Field(max_length=60, description="question id → answer; null clears one"),
    ]


class Progress(BaseModel):
    """A response to a questionnaire, without the server-side scoring."""

    id: str
    questionnaire_key: str
    version: int
    status: str = Field(description="in_progress, completed or abandoned")
    answers: dict[str, Any]
    prefilled_from: str | None = Field(
        None, description="The completed response a retake started from (its answers, to edit)"
    )
    visible_questions: list[str]
    missing_required: list[str]
    completed_at: str | None = None


class Taste(BaseModel):
    facet: str
    value: str
    weight: float


class TasteProfile(BaseModel):
    signals: list[Taste]
    budget_max_minor: int | None = None
