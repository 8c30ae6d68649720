"""A customer's postal addresses; each stored whole as one encrypted JSON value. The
address an order was confirmed with is remembered (the default next time)."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts.orders import ShippingAddress
from bookbrew.customers import repository
from bookbrew.customers.models import AddressRow
from bookbrew.customers.schemas import Address, AddressIn
from bookbrew.customers.service.security import Security
from bookbrew.platform.crypto import KeyRing
from bookbrew.platform.problems import NotFound, Problem

MAX_ADDRESSES = 20


def aad(row: AddressRow) -> str:
    return f"addresses:{row.id}:{row.customer_id}"


def _personal(ring: KeyRing, row: AddressRow) -> dict[str, object]:
    data: dict[str, object] = json.loads(ring.decrypt_text(row.data_enc, aad=aad(row)))
    return data


def to_address(security: Security, row: AddressRow) -> Address:
    data = _personal(security.ring, row)
    return Address(
        id=row.id,
        label=row.label,
        is_default=row.is_default,
        created_at=row.created_at,
        updated_at=row.updated_at,
        **data,
    )


def _seal(ring: KeyRing, row: AddressRow, data: AddressIn) -> None:
    personal = data.model_dump(exclude={"label", "is_default"})
    row.data_enc = ring.encrypt_text(json.dumps(personal), aad=aad(row))
    row.label = data.label
    row.is_default = data.is_default


async def add(
    session: AsyncSession, security: Security, customer_id: str, data: AddressIn
) -> AddressRow:
    existing = await repository.addresses(session, customer_id)
    if len(existing) >= MAX_ADDRESSES:
        raise Problem(422, "too-many-addresses", f"At most {MAX_ADDRESSES} addresses.")
    if data.is_default or not existing:
        await repository.clear_default_address(session, customer_id)
    now = datetime.now(UTC)
    row = AddressRow(id=str(uuid.uuid4()), customer_id=customer_id, created_at=now, updated_at=now)
    _seal(security.ring, row, data)
    row.is_default = data.is_default or not existing
    session.add(row)
    await session.flush()
    return row


async def replace(
    session: AsyncSession, security: Security, customer_id: str, address_id: str, data: AddressIn
) -> AddressRow:
    row = await repository.address(session, customer_id, address_id)
    if row is None:
        raise NotFound(f"No address {address_id}.")
    if data.is_default:
        await repository.clear_default_address(session, customer_id)
    _seal(security.ring, row, data)
    row.updated_at = datetime.now(UTC)
    await session.flush()
    return row


async def remove(session: AsyncSession, customer_id: str, address_id: str) -> None:
    row = await repository.address(session, customer_id, address_id)
    if row is None:
        raise NotFound(f"No address {address_id}.")
    await session.delete(row)
    await session.flush()


# The fields that make two addresses the same place (label, phone and default aside).
_PLACE = ("recipient", "line1", "line2", "city", "region", "postal_code", "country")


def _place(data: dict[str, object]) -> tuple[str, ...]:
    return tuple(" ".join(str(data.get(f) or "").split()).casefold() for f in _PLACE)


async def remember(
    session: AsyncSession,
    ring: KeyRing,
    customer_id: str,
    shipped_to: ShippingAddress,
    at: datetime,
) -> None:
    """A confirmed order's address becomes the default: the same place already in the
    book is marked (and its `updated_at` moved), a new one is added while the book has
    room. Checkout offers the default next time."""
    rows = await repository.addresses(session, customer_id)
    given = shipped_to.model_dump()
    same = next((r for r in rows if _place(_personal(ring, r)) == _place(given)), None)
    if same is None and len(rows) >= MAX_ADDRESSES:
        return
    if same is not None and same.is_default and same.updated_at >= at:
        return
    await repository.clear_default_address(session, customer_id)
    if same is not None:
        same.is_default = True
        same.updated_at = max(same.updated_at, at)
        await session.flush()
        return
    try:
        data = AddressIn(label=f"Used for an order ({shipped_to.city})"[:40], **given)
    except ValidationError:
        return  # orders took it, the address book's rules do not: not worth a retry
    row = AddressRow(id=str(uuid.uuid4()), customer_id=customer_id, created_at=at, updated_at=at)
    _seal(ring, row, data)
    row.is_default = True
    session.add(row)
    await session.flush()
