"""Outbox and inbox on the document store (SQL JSON adapter on SQLite and MariaDB)."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bookbrew.platform.docstore import DocumentStore
from bookbrew.platform.docstore.factory import build_document_store
from bookbrew.platform.events.bus import InProcessBus, RetryPolicy, Subscription
from bookbrew.platform.events.documents import (
    OUTBOX,
    DocumentOutboxRelay,
    idempotent_documents,
    stage_document_event,
)
from bookbrew.platform.events.envelope import CloudEvent, new_event
from bookbrew.platform.events.outbox import KEEP_PUBLISHED
from tests.support import eventually


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[DocumentStore]:
    adapter = build_document_store(database_url, namespace="test")
    yield adapter
    await adapter.close()


async def test_events_staged_with_a_document_are_published_once(store: DocumentStore) -> None:
    bus = InProcessBus()
    got: list[CloudEvent] = []

    async def on(event: CloudEvent) -> None:
        got.append(event)

    bus.subscribe(Subscription("t.q", ("test.#",), on))
    await bus.start()
    relay = DocumentOutboxRelay(store, bus, service="t", poll_seconds=0.05)
    relay.start()
    try:
        sent = []
        for i in range(5):
            async with store.transaction() as tx:
                await tx.insert("responses", {"_id": f"r{i}"})
                event = new_event("t", "test.response.completed", {"i": i})
                await stage_document_event(tx, event)
                sent.append(event.id)
        with pytest.raises(RuntimeError):
            async with store.transaction() as tx:
                await stage_document_event(tx, new_event("t", "test.never", {}))
                raise RuntimeError("rolled back")
        relay.wake()
        await eventually(lambda: len(got) == 5)
        assert [e.id for e in got] == sent  # in order
        assert await relay.pending() == 0
    finally:
        await relay.stop()
        await bus.close()


async def test_published_entries_are_purged_after_keep_published(store: DocumentStore) -> None:
    bus = InProcessBus()
    got: list[CloudEvent] = []

    async def on(event: CloudEvent) -> None:
        got.append(event)

    bus.subscribe(Subscription("t.q", ("test.#",), on))
    await bus.start()
    relay = DocumentOutboxRelay(
        store, bus, service="t", poll_seconds=0.05, keep_published=timedelta(seconds=1)
    )
    assert DocumentOutboxRelay(store, bus, service="t").keep_published == KEEP_PUBLISHED
    relay.start()
    try:
        for i in range(3):
            async with store.transaction() as tx:
                await stage_document_event(tx, new_event("t", "test.response.completed", {"i": i}))
        relay.wake()
        await eventually(lambda: len(got) == 3)

        async def purged() -> bool:
            return await store.count(OUTBOX) == 0

        await eventually(purged, timeout=10)
    finally:
        await relay.stop()
        await bus.close()


async def test_document_consumer_handles_each_event_once(store: DocumentStore) -> None:
    calls: Counter[str] = Counter()

    async def handler(tx: DocumentStore, event: CloudEvent) -> None:
        calls[event.id] += 1
        await tx.replace("profiles", {"_id": event.data["user"], "last": event.id})

    handle = idempotent_documents(store, service="t", consumer="profiles", handler=handler)
    event = new_event("t", "test.x", {"user": "u1"})
    await handle(event)
    await handle(event)
    assert calls[event.id] == 1
    assert await store.get("profiles", "u1") == {"_id": "u1", "last": event.id}


async def test_a_failing_document_handler_leaves_no_inbox_mark(store: DocumentStore) -> None:
    attempts: list[int] = []

    async def flaky(tx: DocumentStore, event: CloudEvent) -> None:
        attempts.append(1)
        await tx.replace("profiles", {"_id": "u1", "n": len(attempts)})
        if len(attempts) == 1:
            raise RuntimeError("first try fails")

    bus = InProcessBus()
    handle = idempotent_documents(store, service="t", consumer="c", handler=flaky)
    bus.subscribe(
        Subscription("t.c", ("test.#",), handle, RetryPolicy(attempts=3, base_delay=0.01))
    )
    await bus.start()
    try:
        await bus.publish(new_event("t", "test.y", {}))
        await eventually(lambda: len(attempts) == 2)
        await bus.drain()
        assert await store.get("profiles", "u1") == {"_id": "u1", "n": 2}
    finally:
        await bus.close()
