"""Orders API shapes: those the BFFs relay are published in `bookbrew.contracts.orders`
(re-exported here so routes read `schemas.Order`); the checkout body and its address are
orders' own. Clients never send a price: lines carry a SKU and a quantity, and anything
else is refused."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from bookbrew.contracts.orders import (
    COUNTRY_CODES,
    AddToCartBody,
    CancelBody,
    Cart,
    CartLine,
    Order,
    OrderLine,
    OrderPage,
    OrderStatus,
    OrderTransition,
    PaymentSummary,
    SetOrderStatusBody,
    SetQuantityBody,
    ShippingAddress,
)
from bookbrew.platform.scrubbing import scrub_text

__all__ = [
    "AddToCartBody",
    "CancelBody",
    "Cart",
    "CartLine",
    "Checkout",
    "Order",
    "OrderLine",
    "OrderPage",
    "OrderStatus",
    "OrderTransition",
    "PaymentSummary",
    "SetOrderStatusBody",
    "SetQuantityBody",
    "ShippingAddressIn",
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


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
