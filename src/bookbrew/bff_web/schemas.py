"""What the web app sends (query models) and receives (page payloads)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from bookbrew.contracts import orders
from bookbrew.contracts.catalog import Category, SortKey
from bookbrew.contracts.curation import ShopperInteraction

# `name:value`, as the catalog's facet filter takes it.
FacetFilter = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}:[^\r\n]{1,120}$")]
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
    related: list[ProductCard] = Field(description="More like this, most alike first")
    related_source: Literal["curation", "catalog"] = Field(
        default="catalog",
        description="`curation` (send `recommendation_id` back with clicks on them) or "
        "`catalog` (more from the category, when curation was slow or away)",
    )
    recommendation_id: str | None = None
    model_version: str | None = None


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
    prefilled_from: str | None = Field(
        None, description="The completed response a retake started from (its answers, to edit)"
    )
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
    model_version: str | None = None
    items: list[Pick] = []


HomePage.model_rebuild()


# ---- interactions (recorded by curation) ------------------------------------------


class InteractionBody(ShopperInteraction):
    """A view, a click on a pick or a similar product, or an add to cart."""


# ---- cart, checkout and orders (shapes owned by orders, relayed) ------------------


class Complement(Pick):
    """A product that goes well with the cart (active, in stock, not in the cart)."""

    reason: str = Field(description="Why it goes with the cart, e.g. “often bought together”")


class Complements(BaseModel):
    """What goes well with the cart, from curation (the cart page's shelf)."""

    available: bool = Field(
        description="False when curation could not answer (slow, down, breaker open) or "
        "was not asked (a guest's cart: curation answers signed-in shoppers)"
    )
    recommendation_id: str | None = Field(
        default=None, description="Send it back with interactions on these items"
    )
    strategy: str | None = Field(default=None, description="`model` or `popularity`")
    model_version: str | None = None
    items: list[Complement] = []


class Cart(orders.Cart):
    """The orders service's cart, with what goes well with it."""

    complements: Complements | None = Field(
        default=None,
        description="`GET /api/cart` only (unless `complements=false`): what goes well with it",
    )


Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ShippingForm(BaseModel):
    """Where the order ships: checked here for the form's sake, and by orders, which
    keeps it with the order (as `recipient`, `line1`, … in the order's
    `shipping_address`)."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)] = (
        Field(description="The recipient")
    )
    line1: Line
    line2: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    postal_code: Annotated[
        str,
        StringConstraints(
            strip_whitespace=True,
            min_length=2,
            max_length=16,
            pattern=r"^[A-Za-z0-9][A-Za-z0-9 -]*$",
        ),
    ]
    city: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    region: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = Field(
        default=None, description="State, province or county, where the country uses one"
    )
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] = Field(
        description="ISO 3166-1 alpha-2, e.g. `DE`"
    )

    @classmethod
    def from_address_book(cls, entry: dict[str, Any]) -> ShippingForm:
        """An entry of the customers service's address book, as the form's fields."""
        return cls(
            name=entry["recipient"],
            line1=entry["line1"],
            line2=entry.get("line2") or "",
            postal_code=entry["postal_code"],
            city=entry["city"],
            region=entry.get("region") or None,
            country=entry["country"],
        )

    def for_orders(self) -> dict[str, Any]:
        """The orders service's shape of it (blank optional lines left out)."""
        return {
            "recipient": self.name,
            "line1": self.line1,
            "line2": self.line2 or None,
            "city": self.city,
            "postal_code": self.postal_code,
            "region": self.region or None,
            "country": self.country,
        }


class SavedShipping(BaseModel):
    address: ShippingForm | None = Field(
        description="Where the last confirmed order went (the address book's default); "
        "null before the first order"
    )


class CheckoutBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    shipping: ShippingForm
    payment_method: Annotated[
        str, StringConstraints(min_length=1, max_length=255, pattern=r"^[A-Za-z0-9_.\-]+$")
    ] = Field(description="A card token from `POST /api/payment-methods`")


class Order(orders.Order):
    """The orders service's order, with the way to confirm a payment waiting for step-up."""

    login_url: str | None = Field(
        default=None,
        description="awaiting_confirmation: sign in again with the second factor here, "
        "then `POST /api/orders/{id}/confirm-payment`",
    )


class OrderPage(orders.OrderPage):
    items: list[Order]  # type: ignore[assignment]  # each with its login_url


# ---- staff ------------------------------------------------------------------------


class AdminReport(BaseModel):
    """A reporting service report, relayed: the filter it answers and its rows (each
    report's row fields are those of its CSV header)."""

    model_config = ConfigDict(extra="allow")

    date_from: str
    date_to: str
    category: str | None = None
    rows: list[dict[str, Any]]
