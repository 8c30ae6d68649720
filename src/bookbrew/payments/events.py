"""What payments publishes (through its outbox). It consumes nothing from other services."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts import payments as contract
from bookbrew.contracts.catalog import Money
from bookbrew.payments.models import PaymentRow, outbox
from bookbrew.platform.events.envelope import new_event
from bookbrew.platform.events.outbox import stage_event

SERVICE = "payments"


def _payload(payment: PaymentRow, *, refunded: bool = False) -> contract.PaymentEvent:
    return contract.PaymentEvent(
        payment_id=payment.id,
        reference=payment.reference,
        customer_id=payment.customer_id,
        requested_by=payment.requested_by,
        amount=Money(amount=payment.amount, currency=payment.currency),
        refunded=Money(amount=payment.refunded_amount, currency=payment.currency)
        if refunded
        else None,
        provider=payment.provider,
        failure_code=payment.failure_code,
        failure_message=payment.failure_message,
        occurred_at=datetime.now(UTC),
    )


async def status_changed(session: AsyncSession, payment: PaymentRow) -> None:
    """Stage the event for the payment's new status, if that status has one."""
    if payment.status == "succeeded":
        type_ = contract.PAYMENT_SUCCEEDED
    elif payment.status == "failed":
        type_ = contract.PAYMENT_FAILED
    else:
        return
    await stage_event(
        session, outbox, new_event(SERVICE, type_, _payload(payment), subject=payment.id)
    )


async def refunded(session: AsyncSession, payment: PaymentRow) -> None:
    await stage_event(
        session,
        outbox,
        new_event(
            SERVICE, contract.PAYMENT_REFUNDED, _payload(payment, refunded=True), subject=payment.id
        ),
    )
