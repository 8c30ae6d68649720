"""Orders API request and response shapes (the published event shapes are in
`bookbrew.contracts.orders`). Clients never send a price: lines carry a SKU and a
quantity, and anything else is refused."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from bookbrew.contracts.catalog import Money
from bookbrew.contracts.orders import COUNTRY_CODES, ShippingAddress
from bookbrew.platform.scrubbing import scrub_text

Sku = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{2,31}$")]
Quantity = Annotated[int, Field(ge=1, le=1000)]
Source = Literal["home", "search", "category", "product", "cart", "checkout", "recommendation"]
StaffStatus = Literal["processing", "shipped", "delivered"]
OrderStatusName = Literal[
    "pending",
    "awaiting_confirmation",
    "confirmed",
    "processing",
    "shipped",
    "delivered",
    "failed",
    "cancelled",
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AddLine(_In):
    sku: Sku
    quantity: Quantity = 1
    source: Source | None = Field(None, description="Where the shopper added it (for curation)")


class SetQuantity(_In):
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


def _text(max_length: int, *, min_length: int = 1) -> Any:
    return StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)


class ShippingAddressIn(_In):
    """Where the order ships. Blank optional lines are taken as absent."""

    recipient: Annotated[str, _text(120)] = Field(description="Who receives the parcel")
    line1: Annotated[str, _text(200)] = Field(description="Street and number")
    line2: Annotated[str, _text(200, min_length=0)] | None = None
    city: Annotated[str, _text(100)]
    postal_code: Annotated[
        str,
        StringConstraints(
            strip_whitespace=True,
            min_length=2,
            max_length=16,
            pattern=r"^[A-Za-z0-9][A-Za-z0-9 -]*$",
        ),
    ] = Field(description="Letters, digits, spaces and hyphens")
    region: Annotated[str, _text(100, min_length=0)] | None = Field(
        None, description="State, province or county, where the country uses one"
    )
    country: Annotated[str, StringConstraints(strip_whitespace=True, to_upper=True)] = Field(
        description="ISO 3166-1 alpha-2, e.g. `DE`"
    )

    @field_validator("line2", "region")
    @classmethod
    def _blank_is_absent(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("recipient", "line1", "line2", "city", "region")
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        if value is not None and not value.isprintable():
            raise ValueError("must be one line of printable text")
        return value

    @field_validator("country")
    @classmethod
    def _iso_country(cls, value: str) -> str:
        if value not in COUNTRY_CODES:
            raise ValueError("must be an ISO 3166-1 alpha-2 country code, e.g. DE")
        return value

    def published(self) -> ShippingAddress:
        return ShippingAddress.model_validate(self.model_dump())


class Checkout(_In):
    shipping_address: ShippingAddressIn
    payment_method: Annotated[
        str,
        StringConstraints(min_length=1, max_length=255, pattern=r"^[A-Za-z0-9_.\-]+$"),
    ] = Field(description="A payment method token (sandbox: payments' POST /payment-methods)")

    @field_validator("payment_method")
    @classmethod
    def _token_not_card_number(cls, value: str) -> str:
        if value.isdigit() or scrub_text(value) != value:
            raise ValueError("give a payment method token, never a card number")
        return value


class OrderLineOut(BaseModel):
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


class Transition(BaseModel):
    from_status: str | None
    to_status: str
    reason: str | None
    actor: str
    at: datetime


class Order(BaseModel):
    id: str
    customer_id: str
    status: OrderStatusName
    lines: list[OrderLineOut]
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
    history: list[Transition] | None = None


class OrderPage(BaseModel):
    items: list[Order]
    next_cursor: str | None


class Cancel(_In):
    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = (
        "cancelled at the customer's request"
    )


class SetStatus(_In):
    status: StaffStatus
    note: Annotated[str, StringConstraints(max_length=200)] | None = None
