"""Customers queries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.customers.models import (
    AddressRow,
    AuditRow,
    AuthorizationCodeRow,
    CustomerRow,
    OAuthClientRow,
    RefreshTokenRow,
)


async def customer(
    session: AsyncSession, customer_id: str, *, for_update: bool = False
) -> CustomerRow | None:
    query = select(CustomerRow).where(CustomerRow.id == customer_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def customer_by_email_index(session: AsyncSession, index: str) -> CustomerRow | None:
    return await session.scalar(
        select(CustomerRow).where(CustomerRow.email_index == index, CustomerRow.status == "active")
    )


async def all_customers(
    session: AsyncSession, *, after: str = "", limit: int = 200
) -> Sequence[CustomerRow]:
    return (
        await session.scalars(
            select(CustomerRow).where(CustomerRow.id > after).order_by(CustomerRow.id).limit(limit)
        )
    ).all()


async def addresses(session: AsyncSession, customer_id: str) -> Sequence[AddressRow]:
    return (
        await session.scalars(
            select(AddressRow)
            .where(AddressRow.customer_id == customer_id)
            .order_by(AddressRow.created_at, AddressRow.id)
        )
    ).all()


async def address(session: AsyncSession, customer_id: str, address_id: str) -> AddressRow | None:
    return await session.scalar(
        select(AddressRow).where(AddressRow.id == address_id, AddressRow.customer_id == customer_id)
    )


async def all_addresses(
    session: AsyncSession, *, after: str = "", limit: int = 200
) -> Sequence[AddressRow]:
    return (
        await session.scalars(
            select(AddressRow).where(AddressRow.id > after).order_by(AddressRow.id).limit(limit)
        )
    ).all()


async def delete_addresses(session: AsyncSession, customer_id: str) -> None:
    await session.execute(delete(AddressRow).where(AddressRow.customer_id == customer_id))


async def clear_default_address(session: AsyncSession, customer_id: str) -> None:
    await session.execute(
        update(AddressRow).where(AddressRow.customer_id == customer_id).values(is_default=False)
    )


async def client(session: AsyncSession, client_id: str) -> OAuthClientRow | None:
    return await session.get(OAuthClientRow, client_id)


async def authorization_code(session: AsyncSession, code_hash: str) -> AuthorizationCodeRow | None:
    return await session.scalar(
        select(AuthorizationCodeRow)
        .where(AuthorizationCodeRow.code_hash == code_hash)
        .with_for_update()
    )


async def mark_authorization_code_used(
    session: AsyncSession, code_hash: str, family_id: str, now: datetime
) -> bool:
    """True if this call used the code; False if it was used already."""
    result = await session.execute(
        update(AuthorizationCodeRow)
        .where(AuthorizationCodeRow.code_hash == code_hash, AuthorizationCodeRow.used_at.is_(None))
        .values(used_at=now, family_id=family_id)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def delete_codes_expired_before(
    session: AsyncSession, customer_id: str, before: datetime
) -> None:
    await session.execute(
        delete(AuthorizationCodeRow).where(
            AuthorizationCodeRow.customer_id == customer_id,
            AuthorizationCodeRow.expires_at < before,
        )
    )


async def delete_codes_of(session: AsyncSession, customer_id: str) -> None:
    await session.execute(
        delete(AuthorizationCodeRow).where(AuthorizationCodeRow.customer_id == customer_id)
    )


async def refresh_token(session: AsyncSession, token_hash: str) -> RefreshTokenRow | None:
    return await session.scalar(
        select(RefreshTokenRow).where(RefreshTokenRow.token_hash == token_hash).with_for_update()
    )


async def mark_refresh_token_used(session: AsyncSession, token_hash: str, now: datetime) -> bool:
    """True if this call used it; False if it was used (or revoked) already."""
    result = await session.execute(
        update(RefreshTokenRow)
        .where(
            RefreshTokenRow.token_hash == token_hash,
            RefreshTokenRow.used_at.is_(None),
            RefreshTokenRow.revoked_at.is_(None),
        )
        .values(used_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def revoke_family(session: AsyncSession, family_id: str, now: datetime) -> None:
    await session.execute(
        update(RefreshTokenRow)
        .where(RefreshTokenRow.family_id == family_id, RefreshTokenRow.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def revoke_tokens_of(session: AsyncSession, customer_id: str, now: datetime) -> None:
    await session.execute(
        update(RefreshTokenRow)
        .where(RefreshTokenRow.customer_id == customer_id, RefreshTokenRow.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def audit_entries(
    session: AsyncSession,
    *,
    kind: str | None = None,
    customer_id: str | None = None,
    before_id: int | None = None,
    limit: int = 100,
) -> Sequence[AuditRow]:
    query = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
    if kind:
        query = query.where(AuditRow.kind == kind)
    if customer_id:
        query = query.where(AuditRow.customer_id == customer_id)
    if before_id:
        query = query.where(AuditRow.id < before_id)
    return (await session.scalars(query)).all()
