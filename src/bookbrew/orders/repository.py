"""Orders queries. Nothing here commits: use cases flush, entry points commit."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import orjson
from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.orders.models import OrderRow, OrderTransitionRow
from bookbrew.platform.problems import Problem


async def get_order(session: AsyncSession, order_id: str) -> OrderRow | None:
    return await session.scalar(
        select(OrderRow)
        .where(OrderRow.id == order_id[:36])
        .execution_options(populate_existing=True)
    )


async def lock_order(session: AsyncSession, order_id: str) -> OrderRow | None:
    """The order with its write lock for the rest of the transaction, read fresh.

    An UPDATE takes the lock on both databases (a row lock on MariaDB, the write lock on
    SQLite, where a plain SELECT would take none), and a transaction sees its own write,
    so what follows reads the latest committed state even inside an older snapshot."""
    result = await session.execute(
        update(OrderRow)
        .where(OrderRow.id == order_id[:36])
        .values(version=OrderRow.version + 1)
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        return None
    return await get_order(session, order_id)


async def by_idempotency_key(session: AsyncSession, customer_id: str, key: str) -> OrderRow | None:
    return await session.scalar(
        select(OrderRow)
        .where(OrderRow.customer_id == customer_id, OrderRow.idempotency_key == key)
        .execution_options(populate_existing=True)
    )


async def transitions(session: AsyncSession, order_id: str) -> Sequence[OrderTransitionRow]:
    return (
        await session.scalars(
            select(OrderTransitionRow)
            .where(OrderTransitionRow.order_id == order_id)
            .order_by(OrderTransitionRow.id)
        )
    ).all()


async def stale_orders(
    session: AsyncSession, statuses: Sequence[str], untouched_since: datetime, limit: int = 100
) -> list[str]:
    """Ids of orders in one of `statuses` not updated since the given time, oldest first."""
    query = (
        select(OrderRow.id)
        .where(OrderRow.status.in_(list(statuses)), OrderRow.updated_at < untouched_since)
        .order_by(OrderRow.updated_at)
        .limit(limit)
    )
    return list((await session.scalars(query)).all())


async def pending_refunds(session: AsyncSession, limit: int = 100) -> list[str]:
    query = (
        select(OrderRow.id)
        .where(OrderRow.refund_status == "pending")
        .order_by(OrderRow.updated_at)
        .limit(limit)
    )
    return list((await session.scalars(query)).all())


@dataclass
class OrderFilter:
    customer_id: str | None = None
    statuses: tuple[str, ...] = ()
    created_from: datetime | None = None
    created_to: datetime | None = None


def encode_cursor(order: OrderRow) -> str:
    payload = orjson.dumps([order.created_at.isoformat(), order.id])
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        created, order_id = orjson.loads(
            base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        )
        return datetime.fromisoformat(created), str(order_id)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise Problem(
            400, "invalid-cursor", "The cursor is not one this listing produced."
        ) from exc


async def list_orders(
    session: AsyncSession, f: OrderFilter, *, limit: int, cursor: str | None
) -> tuple[list[OrderRow], str | None]:
    """Newest first, keyset-paginated on (created_at, id)."""
    query = select(OrderRow)
    if f.customer_id is not None:
        query = query.where(OrderRow.customer_id == f.customer_id)
    if f.statuses:
        query = query.where(OrderRow.status.in_(f.statuses))
    if f.created_from is not None:
        query = query.where(OrderRow.created_at >= f.created_from)
    if f.created_to is not None:
        query = query.where(OrderRow.created_at < f.created_to)
    if cursor:
        created, order_id = decode_cursor(cursor)
        query = query.where(
            or_(
                OrderRow.created_at < created,
                and_(OrderRow.created_at == created, OrderRow.id < order_id),
            )
        )
    query = query.order_by(OrderRow.created_at.desc(), OrderRow.id.desc()).limit(limit + 1)
    rows = list((await session.scalars(query)).all())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(rows[-1])
    return rows, next_cursor
