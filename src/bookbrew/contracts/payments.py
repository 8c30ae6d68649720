"""Events published by the payments service."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

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
