"""Idempotent consumers: the inbox row and the handler's changes commit together, so an
event redelivered by the broker (or by the outbox after a crash) is handled once."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from sqlalchemy import Table, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.platform.db import Database
from bookbrew.platform.events.bus import Handler
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.platform.observability import EVENTS_CONSUMED

log = logging.getLogger(__name__)


class _AlreadyHandled(Exception):
    pass


SessionHandler = Callable[[AsyncSession, CloudEvent], Awaitable[None]]


def idempotent(
    db: Database,
    inbox: Table,
    *,
    service: str,
    consumer: str,
    handler: SessionHandler,
) -> Handler:
    """Wrap `handler(session, event)` in a unit of work guarded by the inbox.

    The inbox insert comes first: a concurrent duplicate blocks on the primary key until
    the first commits, then finds the row and skips.
    """

    async def handle(event: CloudEvent) -> None:
        try:
            async with db.unit_of_work() as session:
                seen = await session.scalar(
                    select(inbox.c.event_id).where(
                        inbox.c.consumer == consumer, inbox.c.event_id == event.id
                    )
                )
                if seen is not None:
                    raise _AlreadyHandled
                try:
                    await session.execute(
                        insert(inbox).values(
                            consumer=consumer,
                            event_id=event.id,
                            type=event.type,
                            processed_at=datetime.now(UTC),
                        )
                    )
                except IntegrityError as exc:
                    raise _AlreadyHandled from exc
                try:
                    await handler(session, event)
                except Exception:
                    EVENTS_CONSUMED.labels(service, event.type, "failed").inc()
                    raise
        except _AlreadyHandled:
            EVENTS_CONSUMED.labels(service, event.type, "duplicate").inc()
            return
        EVENTS_CONSUMED.labels(service, event.type, "processed").inc()

    return handle
