"""Payments API request and response shapes."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from bookbrew.contracts.catalog import Money
from bookbrew.payments.states import PaymentStatus
from bookbrew.platform.scrubbing import scrub_text


def _no_card_number(value: str) -> str:
    if scrub_text(value) != value:
        raise ValueError("must not contain a card number or security code")
    return value


def _not_a_card_number(value: str) -> str:
    # Identifiers are not scanned for card numbers inside them (a UUID can hold a
    # Luhn-valid run); one that *is* a card number is refused.
    if re.fullmatch(r"[\d \-]+", value) and scrub_text(value) != value:
        raise ValueError("must not be a card number")
    return value


class CreatePayment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: int = Field(gt=0, le=10_000_000_000, description="Minor units (cents)")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")
    reference: str = Field(min_length=1, max_length=100, description="The order id")
    customer_id: str | None = Field(
        None, max_length=64, description="Required from services; implied for customers"
    )
    payment_method: str | None = Field(
        None,
        max_length=255,
        pattern=r"^[A-Za-z0-9_.\-]+$",
        description="A token from the provider (sandbox: POST /payment-methods)",
    )
    confirm: bool = Field(True, description="Charge now; false leaves it `created`")
    metadata: dict[str, str] = Field(default_factory=dict, max_length=20)

    @field_validator("reference", "customer_id")
    @classmethod
    def _ids_not_pan(cls, value: str | None) -> str | None:
        return None if value is None else _not_a_card_number(value)

    @field_validator("payment_method")
    @classmethod
    def _token_not_pan(cls, value: str | None) -> str | None:
        # Only a value that *is* a card number is refused: random token text can hold a
        # Luhn-valid run of digits.
        if value is not None and (value.isdigit() or re.fullmatch(r"[\d \-]+", value)):
            raise ValueError("give a payment method token, never a card number")
        return value

    @field_validator("metadata")
    @classmethod
    def _metadata_clean(cls, value: dict[str, str]) -> dict[str, str]:
        for key, item in value.items():
            if len(key) > 40 or len(item) > 500:
                raise ValueError("metadata keys are at most 40 characters, values 500")
            _no_card_number(key)
            _no_card_number(item)
        return value


class CreateRefund(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Never more than a payment can be (CreatePayment.amount); the columns are BIGINT.
    amount: int | None = Field(
        None, gt=0, le=10_000_000_000, description="Minor units; default: all that is left"
    )
    reason: str | None = Field(None, max_length=200)

    @field_validator("reason")
    @classmethod
    def _reason_clean(cls, value: str | None) -> str | None:
        return None if value is None else _no_card_number(value)


class TokenizeCard(BaseModel):
    """Card details for the sandbox's tokenization; kept secret in memory, never stored."""

    model_config = ConfigDict(extra="forbid")

    number: SecretStr = Field(max_length=30)
    exp_month: int = Field(ge=1, le=12)
    exp_year: int = Field(ge=2000, le=2100)
    cvc: SecretStr = Field(max_length=4)


class CardSummary(BaseModel):
    brand: str
    last4: str


class Failure(BaseModel):
    code: str
    message: str | None = None


class Refund(BaseModel):
    id: str
    amount: Money
    status: str
    reason: str | None = None
    created_at: datetime


class Payment(BaseModel):
    id: str
    reference: str
    customer_id: str | None
    requested_by: str | None = Field(
        None, description="The subject of the token that created it (a customer or a service)"
    )
    amount: Money
    refunded: Money
    status: PaymentStatus
    provider: str
    card: CardSummary | None = None
    next_action: dict[str, Any] | None = None
    failure: Failure | None = None
    metadata: dict[str, str] = Field(default_factory=dict)
    refunds: list[Refund] = Field(default_factory=list)
    created_at: datetime
    updated_at: datetime
