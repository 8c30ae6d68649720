"""Transactional outbox: events are rows written in the same transaction as the state
change, and a relay publishes them after commit. The broker can be down for as long as
it likes; nothing is lost, and consumers' inboxes make redelivery harmless.

Rows are not kept as plain personal data. A service whose events carry any calls
`seal_outbox(db, ring)` in its lifespan: from then on every row staged in `db` stores
the event's `data` encrypted under the service's key ring (AAD: the event id), and the
relay of `db` opens it just before publishing, so consumers receive the event unchanged.
Events staged with `personal=True` refuse to be stored without a ring. The envelope
(id, type, source, subject, time) stays readable: ids, not personal data, and what an
operator needs to follow an event. Published rows are deleted after `keep_published`
(minutes by default).

A sealed row needs its key until it is published: do not drop a key from the ring
while unpublished rows (`published_at IS NULL`) still name it."""

from __future__ import annotations

import asyncio
import logging
import math
import time
import weakref
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import (
    BigInteger,
    Column,
    Engine,
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

from bookbrew.platform.crypto import KeyRing
from bookbrew.platform.db import OUTBOX_STAGED, Database, UtcDateTime
from bookbrew.platform.events.bus import BrokerUnavailable, EventBus
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.platform.observability import EVENTS_PUBLISHED, OUTBOX_PENDING

log = logging.getLogger(__name__)

# Published entries are deleted this long after publishing (both outboxes), checked at
# most every PRUNE_EVERY. Long enough to look at what just went out, short enough that
# an outbox is not a second copy of the service's data.
KEEP_PUBLISHED = timedelta(minutes=10)
PRUNE_EVERY = timedelta(minutes=1)

# The ring each database's outbox seals with, by engine (`seal_outbox`). Looked up when
# a row is staged or published, so sessions opened before the wiring seal as well.
_RINGS: weakref.WeakKeyDictionary[Engine, KeyRing] = weakref.WeakKeyDictionary()
# The stored envelope's member that replaces `data` when it is sealed.
SEALED_DATA = "sealed_data"


class OutboxNotSealed(RuntimeError):
    """Personal data was about to be stored in plain text, or a sealed row has no key
    ring to open it: the database's outbox was not given one (`seal_outbox`)."""


def seal_outbox(db: Database, ring: KeyRing) -> None:
    """Seal every outbox row staged in `db` from now on with `ring`, and let the relay
    of `db` open them. Call it in the app's lifespan."""
    _RINGS[db.engine.sync_engine] = ring


def outbox_ring(session: AsyncSession) -> KeyRing | None:
    """The ring the outbox of the session's database seals with, if it has one."""
    return _RINGS.get(session.sync_session.get_bind().engine)


def seal_body(event: CloudEvent, ring: KeyRing | None) -> str:
    """The stored form of `event`: its JSON, with `data` sealed under `ring` if given."""
    if ring is None:
        return event.to_json().decode()
    envelope: dict[str, Any] = event.model_dump(mode="json", exclude_none=True)
    data = envelope.pop("data")
    envelope[SEALED_DATA] = ring.encrypt(orjson.dumps(data), aad=event.id.encode())
    return orjson.dumps(envelope).decode()


def open_body(body: str | bytes, ring: KeyRing | None) -> CloudEvent:
    """The event a stored body holds (sealed or not), as it is published.

    Raises `OutboxNotSealed` for a sealed body without a ring, and
    `bookbrew.platform.crypto.DecryptionError` if the ring cannot open it."""
    envelope: dict[str, Any] = orjson.loads(body)
    sealed = envelope.pop(SEALED_DATA, None)
    if sealed is None:
        return CloudEvent.model_validate(envelope)
    if ring is None:
        raise OutboxNotSealed(f"outbox event {envelope.get('id')} is sealed; no key ring given")
    envelope["data"] = orjson.loads(ring.decrypt(sealed, aad=str(envelope["id"]).encode()))
    return CloudEvent.model_validate(envelope)


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


async def stage_event(
    session: AsyncSession, table: Table, event: CloudEvent, *, personal: bool = False
) -> None:
    """Write the event in the caller's transaction; it is published only if that commits.

    Its data is sealed when the session's database was given a ring (`seal_outbox`).
    `personal=True` says the event carries personal data: staging it refuses to write
    it in plain text (`OutboxNotSealed`) instead of relying on that wiring."""
    ring = outbox_ring(session)
    if personal and ring is None:
        raise OutboxNotSealed(
            f"{event.type} carries personal data and this outbox has no key ring "
            "(call seal_outbox(db, ring) in the app's lifespan)"
        )
    await session.execute(
        insert(table).values(
            event_id=event.id,
            type=event.type,
            body=seal_body(event, ring),
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
        self,
        bus: EventBus,
        *,
        service: str,
        poll_seconds: float,
        batch_size: int,
        keep_published: timedelta = KEEP_PUBLISHED,
    ) -> None:
        if keep_published < timedelta(0):
            raise ValueError("keep_published must not be negative")
        self.bus = bus
        self.service = service
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self.keep_published = keep_published
        self.prune_every = min(keep_published, PRUNE_EVERY)
        self._last_prune = -math.inf
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def publish_pending(self) -> int:
        raise NotImplementedError

    async def pending(self) -> int:
        raise NotImplementedError

    def wake(self) -> None:
        self._wake.set()

    def _prune_due(self) -> bool:
        """True at most once every `prune_every` (each relay round asks)."""
        now = time.monotonic()
        if now - self._last_prune < self.prune_every.total_seconds():
            return False
        self._last_prune = now
        return True

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
        keep_published: timedelta = KEEP_PUBLISHED,
    ) -> None:
        super().__init__(
            bus,
            service=service,
            poll_seconds=poll_seconds,
            batch_size=batch_size,
            keep_published=keep_published,
        )
        self.db = db
        self.table = table

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
            ring = outbox_ring(session)
            try:
                for row in rows:
                    await self.bus.publish(open_body(row.body, ring))
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
        if not self._prune_due():
            return
        now = datetime.now(UTC)
        async with self.db.unit_of_work() as session:
            await session.execute(
                delete(self.table).where(self.table.c.published_at < now - self.keep_published)
            )
