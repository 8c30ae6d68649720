"""What the customers service publishes (through its outbox) and consumes: order events,
from which it builds each customer's purchase history."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts import customers as contract
from bookbrew.customers.models import outbox
from bookbrew.platform.events.envelope import new_event
from bookbrew.platform.events.outbox import stage_event

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
