"""Queries. Nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.notifications.models import (
    ContactRow,
    DeliveryRow,
    DigestPicksRow,
    PreferenceRow,
    PushSubscriptionRow,
)

RETRYABLE = ("pending", "failed")


async def get_contact(session: AsyncSession, customer_id: str) -> ContactRow | None:
    return await session.get(ContactRow, customer_id)


async def preferences(session: AsyncSession, customer_id: str) -> dict[tuple[str, str], bool]:
    rows = await session.scalars(
        select(PreferenceRow).where(PreferenceRow.customer_id == customer_id)
    )
    return {(row.channel, row.category): row.enabled for row in rows}


async def get_preference(
    session: AsyncSession, customer_id: str, channel: str, category: str
) -> PreferenceRow | None:
    return await session.get(PreferenceRow, (customer_id, channel, category))


async def push_subscriptions(
    session: AsyncSession, customer_id: str
) -> Sequence[PushSubscriptionRow]:
    return (
        await session.scalars(
            select(PushSubscriptionRow)
            .where(PushSubscriptionRow.customer_id == customer_id)
            .order_by(PushSubscriptionRow.created_at, PushSubscriptionRow.id)
        )
    ).all()


async def push_subscription_by_hash(
    session: AsyncSession, target_hash: str
) -> PushSubscriptionRow | None:
    return await session.scalar(
        select(PushSubscriptionRow).where(PushSubscriptionRow.target_hash == target_hash)
    )


async def delivery_exists(
    session: AsyncSession, event_id: str, channel: str, recipient: str
) -> bool:
    found = await session.scalar(
        select(DeliveryRow.id).where(
            DeliveryRow.event_id == event_id,
            DeliveryRow.channel == channel,
            DeliveryRow.recipient == recipient,
        )
    )
    return found is not None


async def due_deliveries(
    session: AsyncSession, now: datetime, limit: int
) -> list[tuple[str, datetime]]:
    rows = await session.execute(
        select(DeliveryRow.id, DeliveryRow.next_attempt_at)
        .where(DeliveryRow.status.in_(RETRYABLE), DeliveryRow.next_attempt_at <= now)
        .order_by(DeliveryRow.next_attempt_at, DeliveryRow.id)
        .limit(limit)
    )
    return [(row.id, row.next_attempt_at) for row in rows]


async def claim_delivery(
    session: AsyncSession, delivery_id: str, seen_next_attempt: datetime, lease_until: datetime
) -> bool:
    """Take one due delivery for one attempt; False if another worker took it first."""
    result = await session.execute(
        update(DeliveryRow)
        .where(
            DeliveryRow.id == delivery_id,
            DeliveryRow.status.in_(RETRYABLE),
            DeliveryRow.next_attempt_at == seen_next_attempt,
        )
        .values(attempts=DeliveryRow.attempts + 1, next_attempt_at=lease_until)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined, no-any-return]


async def list_deliveries(
    session: AsyncSession,
    *,
    status: str | None,
    customer_id: str | None,
    event_id: str | None,
    limit: int,
) -> Sequence[DeliveryRow]:
    query = select(DeliveryRow).order_by(DeliveryRow.created_at.desc(), DeliveryRow.id).limit(limit)
    if status:
        query = query.where(DeliveryRow.status == status)
    if customer_id:
        query = query.where(DeliveryRow.customer_id == customer_id)
    if event_id:
        query = query.where(DeliveryRow.event_id == event_id)
    return (await session.scalars(query)).all()


async def digest_candidates(session: AsyncSession) -> Sequence[DigestPicksRow]:
    return (
        await session.scalars(
            select(DigestPicksRow)
            .where(
                or_(
                    DigestPicksRow.digested_at.is_(None),
                    DigestPicksRow.updated_at > DigestPicksRow.digested_at,
                )
            )
            .order_by(DigestPicksRow.customer_id)
        )
    ).all()


async def erase_customer(session: AsyncSession, customer_id: str, now: datetime) -> None:
    for table in (ContactRow, PreferenceRow, PushSubscriptionRow, DigestPicksRow):
        await session.execute(delete(table).where(table.customer_id == customer_id))
    await session.execute(
        update(DeliveryRow)
        .where(DeliveryRow.customer_id == customer_id, DeliveryRow.status.in_(RETRYABLE))
        .values(status="dead", last_error="customer erased", updated_at=now)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(DeliveryRow)
        .where(DeliveryRow.customer_id == customer_id)
        .values(context_enc="")
        .execution_options(synchronize_session=False)
    )
