"""Transactional outbox: events are rows written in the same transaction as the state
change, and a relay publishes them after commit. The broker can be down for as long as
it likes; nothing is lost, and consumers' inboxes make redelivery harmless."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    BigInteger,
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.platform.db import OUTBOX_STAGED, Database, UtcDateTime
from bookbrew.platform.events.bus import BrokerUnavailable, EventBus
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.platform.observability import EVENTS_PUBLISHED, OUTBOX_PENDING

log = logging.getLogger(__name__)


def outbox_table(metadata: MetaData) -> Table:
    return Table(
        "outbox",
        metadata,
        Column(
            "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
        ),
        Column("event_id", String(64), nullable=False, unique=True),
        Column("type", String(200), nullable=False),
        Column("body", Text, nullable=False),
        Column("created_at", UtcDateTime(), nullable=False),
        Column("published_at", UtcDateTime(), nullable=True, index=True),
        Column("attempts", Integer, nullable=False, default=0),
    )


def inbox_table(metadata: MetaData) -> Table:
    return Table(
        "inbox",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", String(64), primary_key=True),
        Column("type", String(200), nullable=False),
        Column("processed_at", UtcDateTime(), nullable=False),
    )


async def stage_event(session: AsyncSession, table: Table, event: CloudEvent) -> None:
    """Write the event in the caller's transaction; it is published only if that commits."""
    await session.execute(
        insert(table).values(
            event_id=event.id,
            type=event.type,
            body=event.to_json().decode(),
            created_at=datetime.now(UTC),
            attempts=0,
        )
    )
    session.info[OUTBOX_STAGED] = True


class RelayLoop:
    """Publishes committed outbox entries in order. Woken right after a commit that
    staged events, and polling as a safety net (another replica, a crash before the
    wake-up). Subclasses say where the entries live."""

    def __init__(
        self, bus: EventBus, *, service: str, poll_seconds: float, batch_size: int
    ) -> None:
        self.bus = bus
        self.service = service
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def publish_pending(self) -> int:
        raise NotImplementedError

    async def pending(self) -> int:
        raise NotImplementedError

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"outbox-relay-{self.service}")

    async def stop(self) -> None:
        if self._task is not None:
            while not self._task.done():
                self._task.cancel()
                await asyncio.wait({self._task}, timeout=1)
            self._task = None

    async def _run(self) -> None:
        backoff = self.poll_seconds
        while True:
            try:
                published = await self.publish_pending()
                OUTBOX_PENDING.labels(self.service).set(await self.pending())
                backoff = self.poll_seconds
                if published == self.batch_size:
                    continue  # more waiting; do not sleep
            except BrokerUnavailable as exc:
                log.warning("broker unavailable, outbox keeps its events: %s", exc)
                backoff = min(backoff * 2, 10.0)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox relay failed; retrying")
                backoff = min(backoff * 2, 10.0)
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow the cancel from
            # stop() when a wake-up lands at the same moment.
            try:
                async with asyncio.timeout(backoff):
                    await self._wake.wait()
            except TimeoutError:
                pass
            self._wake.clear()


class OutboxRelay(RelayLoop):
    """The relay of an SQL outbox table."""

    def __init__(
        self,
        db: Database,
        table: Table,
        bus: EventBus,
        *,
        service: str,
        poll_seconds: float = 0.5,
        batch_size: int = 100,
        keep_published: timedelta = timedelta(days=7),
    ) -> None:
        super().__init__(bus, service=service, poll_seconds=poll_seconds, batch_size=batch_size)
        self.db = db
        self.table = table
        self.keep_published = keep_published
        self._last_prune = datetime.min.replace(tzinfo=UTC)

    async def publish_pending(self) -> int:
        """Publish one batch; returns how many rows were published."""
        published = 0
        async with self.db.unit_of_work() as session:
            query = (
                select(self.table.c.id, self.table.c.body, self.table.c.type)
                .where(self.table.c.published_at.is_(None))
                .order_by(self.table.c.id)
                .limit(self.batch_size)
            )
            if not self.db.is_sqlite:
                # Replicas of one service share the outbox: each row goes to one relay.
                # READ COMMITTED: under MariaDB's default REPEATABLE READ the locking read
                # takes a gap lock that would block every new outbox insert (every state
                # change of the service) while a batch is being published.
                await session.connection(execution_options={"isolation_level": "READ COMMITTED"})
                query = query.with_for_update(skip_locked=True)
            rows = (await session.execute(query)).all()
            try:
                for row in rows:
                    await self.bus.publish(CloudEvent.from_json(row.body))
                    await session.execute(
                        update(self.table)
                        .where(self.table.c.id == row.id)
                        .values(published_at=datetime.now(UTC), attempts=self.table.c.attempts + 1)
                    )
                    EVENTS_PUBLISHED.labels(self.service, row.type).inc()
                    published += 1
            except BrokerUnavailable:
                if published == 0:
                    raise
                # Keep what went out marked; the rest waits for the next round.
        await self._prune()
        return published

    async def pending(self) -> int:
        async with self.db.sessions() as session:
            return int(
                await session.scalar(
                    select(func.count())
                    .select_from(self.table)
                    .where(self.table.c.published_at.is_(None))
                )
                or 0
            )

    async def _prune(self) -> None:
        now = datetime.now(UTC)
        if now - self._last_prune < timedelta(hours=1):
            return
        self._last_prune = now
        async with self.db.unit_of_work() as session:
            await session.execute(
                delete(self.table).where(self.table.c.published_at < now - self.keep_published)
            )
