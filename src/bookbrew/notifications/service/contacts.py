"""The contact projection: who a customer is, for messages (from customer events)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts.customers import CustomerRegistered
from bookbrew.notifications import repository
from bookbrew.notifications.models import ContactRow
from bookbrew.notifications.service import Notifier


@dataclass(frozen=True)
class Contact:
    customer_id: str
    email: str
    name: str
    phone: str | None
    locale: str
    marketing_consent: bool


def _aad(customer_id: str, field: str) -> str:
    return f"notifications:contact:{customer_id}:{field}"


async def record_registration(
    session: AsyncSession, notifier: Notifier, payload: CustomerRegistered
) -> ContactRow:
    now = datetime.now(UTC)
    row = await repository.get_contact(session, payload.customer_id)
    if row is None:
        row = ContactRow(customer_id=payload.customer_id, phone_enc=None, created_at=now)
        session.add(row)
    row.email_enc = notifier.seal(payload.email, _aad(payload.customer_id, "email"))
    row.name_enc = notifier.seal(payload.display_name, _aad(payload.customer_id, "name"))
    row.locale = payload.locale[:35]
    row.marketing_consent = payload.marketing_consent
    row.updated_at = now
    await session.flush()
    return row


def set_phone(notifier: Notifier, row: ContactRow, phone: str | None) -> None:
    row.phone_enc = notifier.seal(phone, _aad(row.customer_id, "phone")) if phone else None
    row.updated_at = datetime.now(UTC)


def open_contact(notifier: Notifier, row: ContactRow) -> Contact:
    cid = row.customer_id
    return Contact(
        customer_id=cid,
        email=notifier.open(row.email_enc, _aad(cid, "email")),
        name=notifier.open(row.name_enc, _aad(cid, "name")),
        phone=notifier.open(row.phone_enc, _aad(cid, "phone")) if row.phone_enc else None,
        locale=row.locale,
        marketing_consent=row.marketing_consent,
    )


async def erase(session: AsyncSession, customer_id: str) -> None:
    """Forget the customer: contact, preferences, devices, picks; pending messages die
    and every stored message context is blanked."""
    await repository.erase_customer(session, customer_id, datetime.now(UTC))
    await session.flush()
