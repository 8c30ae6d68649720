"""Outbox and idempotent consumers on real parts: state changes while RabbitMQ is
unreachable lose nothing, and once it is back every event reaches an idempotent
consumer exactly once, redeliveries included."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter

import aio_pika
import pytest
from sqlalchemy import Column, Integer, String, Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.platform.db import Database, new_metadata
from bookbrew.platform.events.bus import InProcessBus, RetryPolicy, Subscription
from bookbrew.platform.events.consumer import idempotent
from bookbrew.platform.events.envelope import CloudEvent, new_event
from bookbrew.platform.events.outbox import OutboxRelay, inbox_table, outbox_table, stage_event
from bookbrew.platform.events.rabbitmq import RabbitMQBus
from tests.support import TcpProxy, eventually

producer_metadata = new_metadata()
notes = Table(
    "notes", producer_metadata, Column("id", Integer, primary_key=True), Column("text", String(50))
)
producer_outbox = outbox_table(producer_metadata)

consumer_metadata = new_metadata()
consumer_inbox = inbox_table(consumer_metadata)
seen = Table("seen", consumer_metadata, Column("event_id", String(64), primary_key=True))


async def make_db(url: str, metadata) -> Database:  # type: ignore[no-untyped-def]
    db = Database(url)
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    return db


async def change_state(db: Database, n: int, start: int = 1) -> list[str]:
    """Each change commits a row and its event together."""
    ids = []
    for i in range(start, start + n):
        async with db.unit_of_work() as session:
            await session.execute(insert(notes).values(id=i, text=f"note {i}"))
            event = new_event("producer", "test.note.created", {"id": i})
            await stage_event(session, producer_outbox, event)
            ids.append(event.id)
    return ids


async def test_a_rolled_back_change_publishes_nothing(sqlite_url: str) -> None:
    db = await make_db(sqlite_url, producer_metadata)
    with pytest.raises(RuntimeError):
        async with db.unit_of_work() as session:
            await stage_event(session, producer_outbox, new_event("p", "test.x", {}))
            raise RuntimeError("use case failed")
    bus = InProcessBus()
    relay = OutboxRelay(db, producer_outbox, bus, service="p")
    assert await relay.pending() == 0
    await db.dispose()


async def test_broker_outage_loses_nothing_and_delivers_exactly_once(
    database_url: str, amqp_url: str, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    tag = uuid.uuid4().hex[:8]
    exchange, queue = f"test.outbox.{tag}", f"test-outbox-{tag}.consumer"
    producer_db = await make_db(database_url, producer_metadata)
    consumer_db = await make_db(
        f"sqlite+aiosqlite:///{tmp_path / 'consumer.sqlite3'}", consumer_metadata
    )
    handled: Counter[str] = Counter()

    async def remember(session: AsyncSession, event: CloudEvent) -> None:
        handled[event.id] += 1
        await session.execute(insert(seen).values(event_id=event.id))

    consumer_bus = RabbitMQBus(amqp_url, service="consumer", exchange=exchange)
    consumer_bus.subscribe(
        Subscription(
            queue,
            ("test.note.*",),
            idempotent(
                consumer_db, consumer_inbox, service="consumer", consumer="notes", handler=remember
            ),
            RetryPolicy(attempts=3, base_delay=0.01),
        )
    )
    await consumer_bus.start()
    await consumer_bus.wait_connected(10)

    # The producer reaches RabbitMQ through a proxy we can take down.
    host, port = "127.0.0.1", int(amqp_url.rsplit(":", 1)[1].split("/")[0])
    proxy = TcpProxy(host, port)
    proxied = amqp_url.replace(f":{port}", f":{await proxy.reserve_port()}")
    producer_bus = RabbitMQBus(proxied, service="producer", exchange=exchange)
    await producer_bus.start()
    relay = OutboxRelay(
        producer_db, producer_outbox, producer_bus, service="producer", poll_seconds=0.05
    )
    producer_db.on_events_committed = relay.wake
    relay.start()
    try:
        first = await change_state(producer_db, 30)
        await asyncio.sleep(0.5)
        assert await relay.pending() == 30  # broker unreachable: all kept
        assert not handled

        await proxy.up()
        await producer_bus.wait_connected(15)
        await eventually(lambda: len(handled) == 30, timeout=20)

        # Down again in the middle of more changes, then back.
        await proxy.down()
        second = await change_state(producer_db, 20, start=31)
        await asyncio.sleep(0.5)
        await proxy.up()
        await eventually(lambda: len(handled) == 50, timeout=30)
        assert await relay.pending() == 0

        # Redelivery (a relay crash between publish and mark): publish everything again.
        async with producer_db.unit_of_work() as session:
            await session.execute(update(producer_outbox).values(published_at=None))
        relay.wake()
        await eventually(_no_pending(relay), timeout=30)
        await asyncio.sleep(1.0)

        assert set(handled) == set(first + second)
        assert all(count == 1 for count in handled.values()), "a handler ran twice"
        async with consumer_db.sessions() as session:
            rows = (await session.scalars(select(seen.c.event_id))).all()
        assert sorted(rows) == sorted(first + second)
    finally:
        await relay.stop()
        await producer_bus.close()
        await consumer_bus.close()
        await proxy.down()
        connection = await aio_pika.connect(amqp_url)
        channel = await connection.channel()
        await channel.queue_delete(queue)
        await channel.queue_delete(f"{queue}.dead")
        await channel.exchange_delete(exchange)
        await channel.exchange_delete(f"{exchange}.dead-letter")
        await connection.close()
        await producer_db.dispose()
        await consumer_db.dispose()


def _no_pending(relay: OutboxRelay):  # type: ignore[no-untyped-def]
    async def check() -> bool:
        return await relay.pending() == 0

    return check
