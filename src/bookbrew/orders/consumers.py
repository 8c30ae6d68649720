"""What orders consumes: `payment.succeeded/failed/refunded`, a second path to the
transitions the checkout makes from the payments service's synchronous answers
(webhook-driven outcomes arrive only this way). Both paths go through the same
idempotent saga steps; a payment that is not the order's own never moves it
(`service.saga.mismatch`)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts import payments
from bookbrew.orders.events import SERVICE
from bookbrew.orders.models import inbox
from bookbrew.orders.service import checkout
from bookbrew.orders.service.context import ContextHolder
from bookbrew.platform.db import Database
from bookbrew.platform.events.bus import Subscription
from bookbrew.platform.events.consumer import idempotent
from bookbrew.platform.events.envelope import CloudEvent

PAYMENTS_QUEUE = "orders.payment-outcomes"


def subscriptions(db: Database, holder: ContextHolder) -> list[Subscription]:
    async def on_payment(session: AsyncSession, event: CloudEvent) -> None:
        payment = payments.PaymentEvent.model_validate(event.data)
        await checkout.apply_payment_event(await holder.get(), session, event.type, payment)

    handler = idempotent(db, inbox, service=SERVICE, consumer=PAYMENTS_QUEUE, handler=on_payment)
    patterns = (payments.PAYMENT_SUCCEEDED, payments.PAYMENT_FAILED, payments.PAYMENT_REFUNDED)
    return [Subscription(PAYMENTS_QUEUE, patterns, handler)]
