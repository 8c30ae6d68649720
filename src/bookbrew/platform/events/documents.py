"""Outbox and inbox for services whose state lives in the document store: the event (or
the inbox mark) is a document written in the same document-store transaction as the
state change, so the guarantees match the SQL outbox, including the purge of published
entries after `keep_published` (minutes by default, `outbox.KEEP_PUBLISHED`).

Unlike the SQL outbox it does not seal event data: no service whose events carry names,
e-mail or postal addresses stages them here. Curation publishes ids and picks;
questionnaire publishes answers (free text included), which its own response documents
hold in plain text as well, and neither service has a key ring to seal with."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from bookbrew.platform.docstore import DocumentStore, DuplicateDocument
from bookbrew.platform.events.bus import BrokerUnavailable, EventBus, Handler
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.platform.events.outbox import KEEP_PUBLISHED, RelayLoop
from bookbrew.platform.observability import EVENTS_CONSUMED, EVENTS_PUBLISHED

log = logging.getLogger(__name__)

OUTBOX = "_outbox"
INBOX = "_inbox"

DocumentHandler = Callable[[DocumentStore, CloudEvent], Awaitable[None]]


async def stage_document_event(tx: DocumentStore, event: CloudEvent) -> None:
    """Call with the store yielded by `store.transaction()`."""
    await tx.insert(
        OUTBOX,
        {
            "_id": event.id,
            "type": event.type,
            "event": event.to_json().decode(),
            "seq": time.time_ns(),
            "published": False,
            "created_at": datetime.now(UTC).isoformat(),
        },
    )


class DocumentOutboxRelay(RelayLoop):
    def __init__(
        self,
        store: DocumentStore,
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
        self.store = store

    async def publish_pending(self) -> int:
        entries = await self.store.find(
            OUTBOX, {"published": False}, sort=[("seq", 1)], limit=self.batch_size
        )
        published = 0
        for entry in entries:
            try:
                await self.bus.publish(CloudEvent.from_json(entry["event"]))
            except BrokerUnavailable:
                if published == 0:
                    raise
                break
            entry.update(published=True, published_at=datetime.now(UTC).isoformat())
            await self.store.replace(OUTBOX, entry, upsert=False)
            EVENTS_PUBLISHED.labels(self.service, entry["type"]).inc()
            published += 1
        await self._prune()
        return published

    async def pending(self) -> int:
        return await self.store.count(OUTBOX, {"published": False})

    async def _prune(self) -> None:
        if not self._prune_due():
            return
        cutoff = (datetime.now(UTC) - self.keep_published).isoformat()
        while True:
            expired = await self.store.find(
                OUTBOX, {"published": True, "published_at": {"$lt": cutoff}}, limit=1000
            )
            for entry in expired:
                await self.store.delete(OUTBOX, entry["_id"])
            if len(expired) < 1000:
                return


class _AlreadyHandled(Exception):
    pass


def idempotent_documents(
    store: DocumentStore, *, service: str, consumer: str, handler: DocumentHandler
) -> Handler:
    """Run `handler(tx, event)` once per event id, in one document-store transaction
    with the inbox mark."""

    async def handle(event: CloudEvent) -> None:
        try:
            async with store.transaction() as tx:
                try:
                    await tx.insert(
                        INBOX,
                        {
                            "_id": f"{consumer}:{event.id}",
                            "type": event.type,
                            "processed_at": datetime.now(UTC).isoformat(),
                        },
                    )
                except DuplicateDocument as exc:
                    raise _AlreadyHandled from exc
                try:
                    await handler(tx, event)
                except Exception:
                    EVENTS_CONSUMED.labels(service, event.type, "failed").inc()
                    raise
        except _AlreadyHandled:
            EVENTS_CONSUMED.labels(service, event.type, "duplicate").inc()
            return
        EVENTS_CONSUMED.labels(service, event.type, "processed").inc()

    return handle
