"""What the web app sends (query models) and receives (page payloads)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from bookbrew.contracts.catalog import Category, SortKey

# `name:value`, as the catalog's facet filter takes it.
FacetFilter = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}:[^\r\n]{1,120}$")]
Sku = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{2,31}$")]
SearchWords = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
PriceBound = Annotated[int, Field(ge=0, le=100_000_000, description="Minor units")]


# ---- requests -------------------------------------------------------------------


class ListingQuery(BaseModel):
    """Filters, sort and page of a category listing."""

    facet: Annotated[
        list[FacetFilter], Field(max_length=20, description="`name:value`, repeatable")
    ] = []
    price_min: PriceBound | None = None
    price_max: PriceBound | None = None
    in_stock: bool = False
    sort: SortKey = "popular"
    cursor: Annotated[str, StringConstraints(max_length=500)] | None = None
    limit: Annotated[int, Field(ge=1, le=96)] = 24

    @model_validator(mode="after")
    def _price_range_in_order(self) -> ListingQuery:
        if (
            self.price_min is not None
            and self.price_max is not None
            and self.price_min > self.price_max
        ):
            raise ValueError("price_min must not be above price_max")
        return self

    def facet_filters(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for item in self.facet:
            name, _, value = item.partition(":")
            grouped.setdefault(name, []).append(value)
        return grouped


class SearchQuery(ListingQuery):
    """A listing across categories (or within one) for some words."""

    q: SearchWords
    category: Category | None = None
    sort: SortKey = "relevance"


# ---- responses ------------------------------------------------------------------


class Price(BaseModel):
    amount: int = Field(description="Minor units (cents)")
    currency: str
    display: str = Field(description="Formatted for display, e.g. `€12.99`")


class ProductCard(BaseModel):
    sku: str
    name: str
    category: Category
    description: str = Field(description="Shortened to a card's length")
    price: Price
    images: list[str] = Field(description="URLs this app serves (or absolute ones)")
    tags: list[str]
    attributes: dict[str, Any]
    in_stock: bool


class ProductDetail(ProductCard):
    description: str = Field(description="In full")
    few_left: int | None = Field(description="How many remain, when only a few do")


class HomeSection(BaseModel):
    category: Category
    title: str
    items: list[ProductCard]


class HomePage(BaseModel):
    sections: list[HomeSection] = Field(description="Best sellers of every category")
    picks: Picks | None = Field(
        default=None,
        description="Signed-in shoppers only (absent otherwise): curated picks with reasons",
    )


class FacetOption(BaseModel):
    value: str
    count: int
    selected: bool


class FacetGroup(BaseModel):
    name: str
    options: list[FacetOption]


class PriceRange(BaseModel):
    min: int
    max: int | None
    count: int


class ListingFacets(BaseModel):
    categories: list[FacetOption]
    price: list[PriceRange]
    groups: list[FacetGroup]


class AppliedFilters(BaseModel):
    q: str | None
    category: Category | None
    facets: dict[str, list[str]]
    price_min: int | None
    price_max: int | None
    in_stock: bool
    sort: SortKey


class ListingPage(BaseModel):
    items: list[ProductCard]
    total: int
    next_cursor: str | None
    facets: ListingFacets
    applied: AppliedFilters


class ProductDetailPage(BaseModel):
    product: ProductDetail
    related: list[ProductCard] = Field(description="More from this category, most alike first")


# ---- sign-in, session and account -------------------------------------------------

Email = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254)]


class CustomerSummary(BaseModel):
    id: str
    display_name: str
    email: str
    roles: list[str]
    mfa_enabled: bool


class SessionInfo(BaseModel):
    signed_in: bool
    customer: CustomerSummary | None
    csrf_token: str | None = Field(
        description="Send it back in `X-CSRF-Token` on POST/PUT/PATCH/DELETE; "
        "null when signed out (no session, nothing to protect)"
    )


class RegisterBody(BaseModel):
    """Validated in full by the customers service (its 422 problems come back as is)."""

    email: Email
    password: Annotated[str, StringConstraints(max_length=128)]
    display_name: Annotated[str, StringConstraints(max_length=120)]
    marketing_consent: bool = False
    locale: Annotated[str, StringConstraints(max_length=35)] = "en"


class RegistrationAccepted(BaseModel):
    status: str = Field(description="`verification-sent`")
    detail: str


class VerifyEmailBody(BaseModel):
    token: Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class EmailVerified(BaseModel):
    verified: bool
    email: str


class TotpEnrollment(BaseModel):
    secret: str = Field(description="Base32, for manual entry")
    provisioning_uri: str = Field(description="`otpauth://` URI for a QR code")


class TotpCodeBody(BaseModel):
    code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=6, max_length=6)]


class RecoveryCodes(BaseModel):
    recovery_codes: list[str] = Field(description="Shown this once")


# ---- questionnaire (shapes owned by the questionnaire service, relayed as they are) --


class StartResponseBody(BaseModel):
    restart: bool = Field(
        default=False, description="Abandon the unfinished response and begin again"
    )


class SaveAnswersBody(BaseModel):
    answers: Annotated[
        dict[str, Any],
        Field(
            max_length=60,
            description="question id → option id, free text, scale value or option ids; "
            "null clears an answer",
        ),
    ]


class QuestionnaireDocument(BaseModel):
    """The questionnaire service's `Questionnaire` (key, version, title, questions with
    options, conditions and signals), relayed as it is."""

    model_config = ConfigDict(extra="allow")

    key: str
    version: int
    title: str
    questions: list[dict[str, Any]]


class QuestionnaireResponse(BaseModel):
    """The questionnaire service's `Response`, relayed as it is."""

    model_config = ConfigDict(extra="allow")

    id: str
    questionnaire_key: str
    version: int
    status: str = Field(description="`in_progress`, `completed` or `abandoned`")
    answers: dict[str, Any]
    visible_questions: list[str]
    missing_required: list[str]


class TasteProfileDocument(BaseModel):
    """The questionnaire service's `TasteProfile`, relayed as it is."""

    model_config = ConfigDict(extra="allow")

    customer_id: str
    signals: list[dict[str, Any]]
    budget_max_minor: int | None = None
    sources: list[dict[str, Any]]


# ---- personalised home ------------------------------------------------------------


class Pick(BaseModel):
    sku: str
    name: str
    category: str
    price: Price
    image: str
    reason: str = Field(description="Why it was picked, e.g. “because you like dark roasts”")
    novel: bool


class Picks(BaseModel):
    available: bool = Field(description="False when curation was slow or down")
    recommendation_id: str | None = None
    strategy: str | None = Field(default=None, description="`model` or `popularity`")
    items: list[Pick] = []


HomePage.model_rebuild()
