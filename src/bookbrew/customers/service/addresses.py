"""A customer's postal addresses; each stored whole as one encrypted JSON value."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.customers import repository
from bookbrew.customers.models import AddressRow
from bookbrew.customers.schemas import Address, AddressIn
from bookbrew.customers.service.security import Security
from bookbrew.platform.problems import NotFound, Problem

MAX_ADDRESSES = 20


def aad(row: AddressRow) -> str:
    return f"addresses:{row.id}:{row.customer_id}"


def to_address(security: Security, row: AddressRow) -> Address:
    data = json.loads(security.ring.decrypt_text(row.data_enc, aad=aad(row)))
    return Address(
        id=row.id,
        label=row.label,
        is_default=row.is_default,
        created_at=row.created_at,
        updated_at=row.updated_at,
        **data,
    )


def _seal(security: Security, row: AddressRow, data: AddressIn) -> None:
    personal = data.model_dump(exclude={"label", "is_default"})
    row.data_enc = security.ring.encrypt_text(json.dumps(personal), aad=aad(row))
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
    _seal(security, row, data)
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
    _seal(security, row, data)
    row.updated_at = datetime.now(UTC)
    await session.flush()
    return row


async def remove(session: AsyncSession, customer_id: str, address_id: str) -> None:
    row = await repository.address(session, customer_id, address_id)
    if row is None:
        raise NotFound(f"No address {address_id}.")
    await session.delete(row)
    await session.flush()
