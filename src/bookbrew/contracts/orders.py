"""The orders service's contracts: the events it publishes, one per order state change,
and its API shapes (carts, orders, the bodies that change them) as both BFFs relay them.
A BFF that shows more (a cart's complements, an order's step-up link) extends these."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bookbrew.contracts.catalog import Money, Sku

ORDER_PLACED = "bookbrew.order.placed"
ORDER_AWAITING_CONFIRMATION = "bookbrew.order.awaiting_confirmation"  # MFA step-up pending
ORDER_CONFIRMED = "bookbrew.order.confirmed"
ORDER_FAILED = "bookbrew.order.failed"
ORDER_CANCELLED = "bookbrew.order.cancelled"
ORDER_PROCESSING = "bookbrew.order.processing"
ORDER_SHIPPED = "bookbrew.order.shipped"
ORDER_DELIVERED = "bookbrew.order.delivered"


# ISO 3166-1 alpha-2: the officially assigned codes (as in tzdata's iso3166.tab).
COUNTRY_CODES = frozenset(
    (
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL "
        "BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV "
        "CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD "
        "GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM "
        "IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK "
        "LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW "
        "MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR "
        "PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS "
        "ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY "
        "UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
    ).split()
)


class ShippingAddress(BaseModel):
    """Where an order ships. Validated by orders when the order is placed; published as
    given (consumers read it, they do not validate it again)."""

    recipient: str
    line1: str
    line2: str | None = None
    city: str
    postal_code: str
    region: str | None = None
    country: str  # ISO 3166-1 alpha-2, e.g. "DE"


class OrderEventLine(BaseModel):
    sku: str
    name: str
    category: str
    quantity: int
    unit_price: Money


class OrderEvent(BaseModel):
    order_id: str
    customer_id: str
    status: str
    lines: list[OrderEventLine]
    total: Money
    reason: str | None = None  # why it failed or was cancelled, readable by the shopper
    occurred_at: datetime
    # Only on the events that need it (confirmed, shipped); None on the others and on
    # orders placed before addresses were taken. Added later: optional for old consumers.
    shipping_address: ShippingAddress | None = None


# --- API shapes ---------------------------------------------------------------

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
StaffStatus = Literal["processing", "shipped", "delivered"]
CartSource = Literal["home", "search", "category", "product", "cart", "checkout", "recommendation"]
Quantity = Annotated[int, Field(ge=1, le=1000)]


class AddToCartBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: Sku
    quantity: Quantity = 1
    source: CartSource | None = Field(None, description="Where the shopper added it (for curation)")


class SetQuantityBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quantity: Annotated[int, Field(ge=0, le=1000, description="0 removes the line")]


class CartLine(BaseModel):
    sku: str
    name: str | None
    category: str | None
    image: str | None
    quantity: int
    unit_price: Money | None = Field(description="The catalog's price now")
    line_total: Money | None
    available: bool
    max_quantity: int = Field(description="What can be ordered now: stock and per-line limit")
    problem: str | None = Field(None, description="Why the line cannot be ordered as it is")


class Cart(BaseModel):
    cart_id: str | None = Field(description="A guest cart's id (send it as X-Cart-Id)")
    customer_id: str | None
    lines: list[CartLine]
    item_count: int
    subtotal: Money | None
    can_checkout: bool
    expires_at: datetime | None


class OrderLine(OrderEventLine):
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
    at: datetime


class Order(BaseModel):
    id: str
    customer_id: str
    status: OrderStatus
    lines: list[OrderLine]
    total: Money
    reason: str | None = Field(None, description="Why it failed or was cancelled")
    payment: PaymentSummary
    next_action: dict[str, Any] | None = Field(
        None, description="awaiting_confirmation: what the shopper must do (step-up)"
    )
    shipping_address: ShippingAddress | None = Field(
        None, description="Where it ships; null for orders placed before addresses were taken"
    )
    refund_status: str | None = None
    restock_status: str | None = None
    created_at: datetime
    updated_at: datetime
    history: list[OrderTransition] | None = None


class OrderPage(BaseModel):
    items: list[Order]
    next_cursor: str | None


class CancelBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = (
        "cancelled at the customer's request"
    )


class SetOrderStatusBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: StaffStatus
    note: Annotated[str, StringConstraints(max_length=200)] | None = None
