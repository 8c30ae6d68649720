"""What the web app sends (query models) and receives (page payloads)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from bookbrew.contracts.catalog import Category, SortKey
from bookbrew.contracts.curation import InteractionRecorded as InteractionRecorded
from bookbrew.contracts.curation import ShopperInteraction

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
    model_version: str | None = None
    items: list[Pick] = []


HomePage.model_rebuild()


# ---- interactions (recorded by curation) ------------------------------------------


class InteractionBody(ShopperInteraction):
    """A view, a click on a pick or a similar product, or an add to cart."""


# ---- cart, checkout and orders (shapes owned by orders, relayed) ------------------


class Money(BaseModel):
    amount: int = Field(description="Minor units (cents)")
    currency: str


class CartLine(BaseModel):
    model_config = ConfigDict(extra="allow")

    sku: str
    name: str | None
    category: str | None
    image: str | None
    quantity: int
    unit_price: Money | None
    line_total: Money | None
    available: bool
    max_quantity: int
    problem: str | None = None


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


class Cart(BaseModel):
    model_config = ConfigDict(extra="allow")

    lines: list[CartLine]
    item_count: int
    subtotal: Money | None
    can_checkout: bool
    expires_at: str | None = None
    complements: Complements | None = Field(
        default=None,
        description="`GET /api/cart` only (unless `complements=false`): what goes well with it",
    )


CartSource = Literal["home", "search", "category", "product", "cart", "checkout", "recommendation"]
Quantity = Annotated[int, Field(ge=1, le=1000)]


class AddToCartBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: Sku
    quantity: Quantity = 1
    source: CartSource | None = None


class SetQuantityBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quantity: Annotated[int, Field(ge=0, le=1000, description="0 removes the line")]


Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ShippingAddress(BaseModel):
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


class CheckoutBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    shipping: ShippingAddress
    payment_method: Annotated[
        str, StringConstraints(min_length=1, max_length=255, pattern=r"^[A-Za-z0-9_.\-]+$")
    ] = Field(description="A card token from `POST /api/payment-methods`")


class CardBody(BaseModel):
    """Sandbox test card details, turned into a token by the payments service (never
    stored, never sent to orders)."""

    model_config = ConfigDict(extra="forbid")

    number: Annotated[str, StringConstraints(pattern=r"^[0-9 ]{12,23}$")]
    exp_month: Annotated[int, Field(ge=1, le=12)]
    exp_year: Annotated[int, Field(ge=2000, le=2100)]
    cvc: Annotated[str, StringConstraints(pattern=r"^[0-9]{3,4}$")]


class CardToken(BaseModel):
    token: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int


class OrderShippingAddress(BaseModel):
    """Where an order ships, as orders keeps it."""

    recipient: str
    line1: str
    line2: str | None = None
    city: str
    postal_code: str
    region: str | None = None
    country: str = Field(description="ISO 3166-1 alpha-2")


class OrderLine(BaseModel):
    sku: str
    name: str
    category: str
    quantity: int
    unit_price: Money
    line_total: Money


class PaymentSummary(BaseModel):
    id: str | None
    status: str | None
    refunded: Money | None = None


class OrderTransition(BaseModel):
    from_status: str | None
    to_status: str
    reason: str | None
    actor: str
    at: str


OrderStatus = Literal[
    "pending",
    "awaiting_confirmation",
    "confirmed",
    "processing",
    "shipped",
    "delivered",
    "failed",
    "cancelled",
]


class Order(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    customer_id: str
    status: OrderStatus
    lines: list[OrderLine]
    total: Money
    reason: str | None = None
    payment: PaymentSummary
    next_action: dict[str, Any] | None = None
    shipping_address: OrderShippingAddress | None = Field(
        default=None, description="Where it ships; null for orders placed before addresses"
    )
    created_at: str
    updated_at: str
    history: list[OrderTransition] | None = None
    login_url: str | None = Field(
        default=None,
        description="awaiting_confirmation: sign in again with the second factor here, "
        "then `POST /api/orders/{id}/confirm-payment`",
    )


class OrderPage(BaseModel):
    items: list[Order]
    next_cursor: str | None


class CancelBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = (
        "cancelled at the customer's request"
    )


# ---- staff ------------------------------------------------------------------------


class SetOrderStatusBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Literal["processing", "shipped", "delivered"]
    note: Annotated[str, StringConstraints(max_length=200)] | None = None


class StockAdjustmentBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    delta: Annotated[int, Field(ge=-10_000_000, le=10_000_000)]
    reason: Annotated[str, StringConstraints(max_length=200)] = "manual adjustment"


class AdminReport(BaseModel):
    """A reporting service report, relayed: the filter it answers and its rows (each
    report's row fields are those of its CSV header)."""

    model_config = ConfigDict(extra="allow")

    date_from: str
    date_to: str
    category: str | None = None
    rows: list[dict[str, Any]]


class PriceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: Annotated[int, Field(gt=0, le=100_000_000, description="Minor units")]
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "EUR"


ProductStatus = Literal["active", "draft", "archived"]


class ProductUpdateBody(BaseModel):
    """Every field optional (the catalog validates in full; its 422s come back)."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(min_length=1, max_length=300)] | None = None
    description: Annotated[str, StringConstraints(max_length=5000)] | None = None
    price: PriceIn | None = None
    stock: Annotated[int, Field(ge=0, le=10_000_000)] | None = None
    status: ProductStatus | None = None
    tags: Annotated[list[str], Field(max_length=30)] | None = None
    images: Annotated[list[str], Field(max_length=10)] | None = None
    attributes: dict[str, Any] | None = None


class ProductCreateBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: Sku
    name: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    description: Annotated[str, StringConstraints(max_length=5000)] = ""
    category: Category
    price: PriceIn
    stock: Annotated[int, Field(ge=0, le=10_000_000)] = 0
    status: ProductStatus = "active"
    tags: Annotated[list[str], Field(max_length=30)] = []
    attributes: dict[str, Any] = {}
