"""What the customers service publishes (through its outbox). It consumes nothing yet;
purchase history will be built from order events."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts import customers as contract
from bookbrew.customers.models import outbox
from bookbrew.platform.events.envelope import new_event
from bookbrew.platform.events.outbox import stage_event

SERVICE = "customers"


async def customer_registered(session: AsyncSession, payload: contract.CustomerRegistered) -> None:
    await stage_event(
        session,
        outbox,
        new_event(SERVICE, contract.CUSTOMER_REGISTERED, payload, subject=payload.customer_id),
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
