"""Payments queries. Nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.payments.models import PaymentRow, WebhookEventRow


async def get_payment(session: AsyncSession, payment_id: str) -> PaymentRow | None:
    return await session.get(PaymentRow, payment_id[:40])


async def lock_payment(session: AsyncSession, payment_id: str) -> PaymentRow | None:
    """Take the payment's write lock for the rest of the transaction: a row lock on
    MariaDB, the database write lock on SQLite (a plain SELECT would take neither)."""
    result = await session.execute(
        update(PaymentRow)
        .where(PaymentRow.id == payment_id[:40])
        .values(version=PaymentRow.version + 1)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return None
    return (
        await session.execute(
            select(PaymentRow)
            .where(PaymentRow.id == payment_id[:40])
            .execution_options(populate_existing=True)
        )
    ).scalar_one()


async def get_by_provider_ref(
    session: AsyncSession, provider: str, provider_ref: str
) -> PaymentRow | None:
    return await session.scalar(
        select(PaymentRow).where(
            PaymentRow.provider == provider, PaymentRow.provider_ref == provider_ref[:255]
        )
    )


async def list_by_reference(session: AsyncSession, reference: str) -> Sequence[PaymentRow]:
    return (
        await session.scalars(
            select(PaymentRow)
            .where(PaymentRow.reference == reference)
            .order_by(PaymentRow.created_at, PaymentRow.id)
        )
    ).all()


async def pending_webhooks(
    session: AsyncSession, *, limit: int, skip_locked: bool
) -> Sequence[WebhookEventRow]:
    query = (
        select(WebhookEventRow)
        .where(WebhookEventRow.processed_at.is_(None))
        .order_by(WebhookEventRow.received_at)
        .limit(limit)
    )
    if skip_locked:
        query = query.with_for_update(skip_locked=True)
    return (await session.scalars(query)).all()


async def payments_page(
    session: AsyncSession,
    *,
    provider: str,
    after_id: str,
    since: datetime | None,
    limit: int,
) -> Sequence[PaymentRow]:
    query = (
        select(PaymentRow)
        .where(PaymentRow.provider == provider, PaymentRow.id > after_id)
        .order_by(PaymentRow.id)
        .limit(limit)
    )
    if since is not None:
        query = query.where(PaymentRow.updated_at >= since)
    return (await session.scalars(query)).all()
