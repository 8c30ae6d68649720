"""The payments service's contracts: the events it publishes, and the sandbox card
tokenization both BFFs relay."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bookbrew.contracts.catalog import Money

PAYMENT_SUCCEEDED = "bookbrew.payment.succeeded"
PAYMENT_FAILED = "bookbrew.payment.failed"
PAYMENT_REFUNDED = "bookbrew.payment.refunded"


class PaymentEvent(BaseModel):
    payment_id: str
    reference: str  # the order id
    customer_id: str | None
    # The subject of the token that created the payment: orders settles an order only
    # with a payment it asked for itself, for the order's customer and exact amount.
    requested_by: str | None = None
    amount: Money
    refunded: Money | None = None  # total refunded so far (payment.refunded)
    provider: str
    failure_code: str | None = None
    failure_message: str | None = None
    occurred_at: datetime


# --- API shapes ---------------------------------------------------------------


class CardBody(BaseModel):
    """Sandbox test card details, turned into a token by the payments service (never
    stored, never sent to orders). Spaces in the number are allowed."""

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
