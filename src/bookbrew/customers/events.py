"""What the customers service publishes (through its outbox) and consumes: order events,
from which it builds each customer's purchase history."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts import customers as contract
from bookbrew.customers.models import outbox
from bookbrew.platform.events.bus import Subscription
from bookbrew.platform.events.consumer import idempotent
from bookbrew.platform.events.envelope import new_event
from bookbrew.platform.events.outbox import stage_event
from bookbrew.platform.runtime import Runtime

SERVICE = "customers"


async def customer_registered(session: AsyncSession, payload: contract.CustomerRegistered) -> None:
    """E-mail, name and verification link: sealed in the outbox (`app.py` gives it the
    ring), never stored plain."""
    await stage_event(
        session,
        outbox,
        new_event(SERVICE, contract.CUSTOMER_REGISTERED, payload, subject=payload.customer_id),
        personal=True,
    )


async def verification_requested(
    session: AsyncSession, payload: contract.CustomerVerificationRequested
) -> None:
    """A new verification link, sealed in the outbox like the registration's."""
    await stage_event(
        session,
        outbox,
        new_event(
            SERVICE, contract.CUSTOMER_VERIFICATION_REQUESTED, payload, subject=payload.customer_id
        ),
        personal=True,
    )


async def email_verified(session: AsyncSession, customer_id: str) -> None:
    payload = contract.CustomerEmailVerified(customer_id=customer_id)
    await stage_event(
        session,
        outbox,
        new_event(SERVICE, contract.CUSTOMER_EMAIL_VERIFIED, payload, subject=customer_id),
    )


async def customer_erased(session: AsyncSession, customer_id: str) -> None:
    payload = contract.CustomerErased(customer_id=customer_id)
    await stage_event(
        session, outbox, new_event(SERVICE, contract.CUSTOMER_ERASED, payload, subject=customer_id)
    )


def subscriptions(runtime: Runtime) -> list[Subscription]:
    from bookbrew.customers.models import inbox
    from bookbrew.customers.service.purchases import PURCHASE_EVENTS, apply_order_event

    assert runtime.db is not None
    return [
        Subscription(
            "customers.purchases",
            PURCHASE_EVENTS,
            idempotent(
                runtime.db, inbox, service=SERVICE, consumer="purchases", handler=apply_order_event
            ),
        )
    ]
