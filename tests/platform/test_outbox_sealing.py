"""The outbox at rest, on a real database: a sealed outbox stores event data encrypted
under the service's key ring and publishes it unchanged; an event marked personal is
never stored in plain text; published rows are purged after `keep_published`, and rows
still waiting for the broker never are."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import orjson
import pytest
from sqlalchemy import select, text, update

from bookbrew.platform.crypto import DecryptionError, KeyRing
from bookbrew.platform.db import Database, new_metadata
from bookbrew.platform.events.bus import BrokerUnavailable, InProcessBus, Subscription
from bookbrew.platform.events.envelope import CloudEvent, new_event
from bookbrew.platform.events.outbox import (
    KEEP_PUBLISHED,
    SEALED_DATA,
    OutboxNotSealed,
    OutboxRelay,
    open_body,
    outbox_table,
    seal_outbox,
    stage_event,
)
from tests.support import eventually

metadata = new_metadata()
outbox = outbox_table(metadata)
RING = KeyRing.derived("outbox-sealing-test-secret", "producer")
PERSONAL = {
    "email": "ana.lima@example.org",
    "display_name": "Ana Beatriz Lima",
    "verification_url": "https://shop.example/verify?token=s3cr3t-t0ken-value",
}


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    async with database.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield database
    await database.dispose()


async def raw_rows(db: Database) -> list[dict[str, object]]:
    async with db.engine.connect() as conn:
        rows = (await conn.execute(text("SELECT * FROM outbox ORDER BY id"))).mappings().all()
    return [dict(row) for row in rows]


async def stage(db: Database, event: CloudEvent, *, personal: bool = True) -> None:
    async with db.unit_of_work() as session:
        await stage_event(session, outbox, event, personal=personal)


class Collector:
    def __init__(self) -> None:
        self.events: list[CloudEvent] = []

    async def __call__(self, event: CloudEvent) -> None:
        self.events.append(event)


async def running_bus() -> tuple[InProcessBus, Collector]:
    bus, got = InProcessBus(), Collector()
    bus.subscribe(Subscription("t.all", ("test.#",), got))
    await bus.start()
    return bus, got


async def test_a_sealed_row_holds_no_personal_data_and_publishes_the_full_event(
    db: Database,
) -> None:
    seal_outbox(db, RING)
    event = new_event("producer", "test.customer.registered", PERSONAL, subject="cust-1")
    await stage(db, event)

    (row,) = await raw_rows(db)
    dump = repr(row)
    for value in PERSONAL.values():
        assert value not in dump
    assert "s3cr3t-t0ken-value" not in dump
    stored = orjson.loads(str(row["body"]))
    assert "data" not in stored and stored[SEALED_DATA].startswith("v1.")
    # The envelope stays readable: ids and the type, to follow the event.
    assert (stored["id"], stored["type"], stored["subject"]) == (event.id, event.type, "cust-1")

    bus, got = await running_bus()
    relay = OutboxRelay(db, outbox, bus, service="producer", poll_seconds=0.05)
    try:
        assert await relay.publish_pending() == 1
        await bus.drain()
        assert got.events == [event]  # id, time, subject, data: all as staged
        assert await relay.pending() == 0
    finally:
        await bus.close()


async def test_personal_data_is_refused_by_an_outbox_without_a_ring(db: Database) -> None:
    event = new_event("producer", "test.customer.registered", PERSONAL)
    with pytest.raises(OutboxNotSealed):
        await stage(db, event)
    assert await raw_rows(db) == []
    # Events without personal data still go out plain from an unsealed outbox.
    await stage(db, new_event("producer", "test.note.created", {"id": 1}), personal=False)
    (row,) = await raw_rows(db)
    assert orjson.loads(str(row["body"]))["data"] == {"id": 1}


async def test_sealed_data_is_bound_to_its_event_and_its_ring(db: Database) -> None:
    seal_outbox(db, RING)
    first = new_event("producer", "test.customer.registered", PERSONAL)
    second = new_event("producer", "test.customer.registered", {"email": "b@example.org"})
    await stage(db, first)
    await stage(db, second)
    bodies = [orjson.loads(str(row["body"])) for row in await raw_rows(db)]

    # Sealed data copied into another event does not open.
    swapped = {**bodies[1], SEALED_DATA: bodies[0][SEALED_DATA]}
    with pytest.raises(DecryptionError):
        open_body(orjson.dumps(swapped), RING)
    with pytest.raises(DecryptionError):
        open_body(orjson.dumps(bodies[0]), KeyRing.derived("another secret", "producer"))
    with pytest.raises(OutboxNotSealed):
        open_body(orjson.dumps(bodies[0]), None)
    assert open_body(orjson.dumps(bodies[0]), RING) == first

    # A relay whose database has no ring publishes nothing and keeps the rows.
    unsealed = Database(db.url)
    bus, got = await running_bus()
    try:
        relay = OutboxRelay(unsealed, outbox, bus, service="producer")
        with pytest.raises(OutboxNotSealed):
            await relay.publish_pending()
        await bus.drain()
        assert got.events == [] and await relay.pending() == 2
    finally:
        await bus.close()
        await unsealed.dispose()


async def test_rows_staged_before_and_after_sealing_are_both_published(db: Database) -> None:
    """A plain row from before the service had a ring still goes out once it has one."""
    plain = new_event("producer", "test.note.created", {"id": 1})
    await stage(db, plain, personal=False)
    seal_outbox(db, RING)
    sealed = new_event("producer", "test.customer.registered", PERSONAL)
    await stage(db, sealed)
    bus, got = await running_bus()
    try:
        relay = OutboxRelay(db, outbox, bus, service="producer")
        assert await relay.publish_pending() == 2
        await bus.drain()
        assert got.events == [plain, sealed]
    finally:
        await bus.close()


async def test_published_rows_are_purged_after_keep_published(db: Database) -> None:
    seal_outbox(db, RING)
    bus, got = await running_bus()
    relay = OutboxRelay(
        db, outbox, bus, service="producer", poll_seconds=0.05, keep_published=timedelta(seconds=1)
    )
    db.on_events_committed = relay.wake
    relay.start()
    try:
        for i in range(3):
            await stage(db, new_event("producer", "test.customer.registered", {**PERSONAL, "i": i}))
        await eventually(lambda: len(got.events) == 3)
        # Published rows stay a moment (published_at set), then go.
        async with db.sessions() as session:
            published = (await session.scalars(select(outbox.c.published_at))).all()
        assert published and all(published)
        await eventually(_table_is_empty(db), timeout=10)
        assert [e.data["i"] for e in got.events] == [0, 1, 2]
    finally:
        await relay.stop()
        await bus.close()


async def test_rows_waiting_for_the_broker_are_never_purged(db: Database) -> None:
    class DownBus(InProcessBus):
        async def publish(self, event: CloudEvent) -> None:
            raise BrokerUnavailable("down")

    seal_outbox(db, RING)
    await stage(db, new_event("producer", "test.customer.registered", PERSONAL))
    # An old published row beside it: it goes, the waiting one stays.
    await stage(db, new_event("producer", "test.note.created", {"id": 2}), personal=False)
    async with db.unit_of_work() as session:
        await session.execute(
            update(outbox)
            .where(outbox.c.type == "test.note.created")
            .values(published_at=outbox.c.created_at)
        )
    relay = OutboxRelay(db, outbox, DownBus(), service="producer", keep_published=timedelta(0))
    with pytest.raises(BrokerUnavailable):
        await relay.publish_pending()
    await relay._prune()
    rows = await raw_rows(db)
    assert [row["type"] for row in rows] == ["test.customer.registered"]
    assert rows[0]["published_at"] is None


def test_published_rows_are_kept_minutes_not_days() -> None:
    relay = OutboxRelay(Database("sqlite+aiosqlite://"), outbox, InProcessBus(), service="p")
    assert relay.keep_published == KEEP_PUBLISHED <= timedelta(minutes=15)
    assert relay.prune_every <= timedelta(minutes=1)
    with pytest.raises(ValueError):
        OutboxRelay(
            Database("sqlite+aiosqlite://"),
            outbox,
            InProcessBus(),
            service="p",
            keep_published=timedelta(seconds=-1),
        )


def _table_is_empty(db: Database):  # type: ignore[no-untyped-def]
    async def check() -> bool:
        return await raw_rows(db) == []

    return check
