"""What reporting consumes. It publishes nothing.

One durable queue takes every event type the read models are built from; the inbox
makes each event count once however often the broker delivers it."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.platform.db import Database
from bookbrew.platform.events.bus import Handler, Subscription
from bookbrew.platform.events.consumer import idempotent
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.reporting.models import inbox
from bookbrew.reporting.service.context import Ingest
from bookbrew.reporting.service.ingest import HANDLERS

SERVICE = "reporting"
QUEUE = "reporting.read-models"
PATTERNS = (
    "bookbrew.order.*",
    "bookbrew.payment.*",
    "bookbrew.interaction.recorded",
    "bookbrew.recommendations.updated",
    "bookbrew.questionnaire.completed",
    "bookbrew.customer.registered",
    "bookbrew.customer.erased",
    "bookbrew.product.*",
    "bookbrew.inventory.low_stock",
)


def read_model_handler(db: Database, ingest: Ingest) -> Handler:
    async def apply(session: AsyncSession, event: CloudEvent) -> None:
        handler = HANDLERS.get(event.type)
        if handler is not None:  # a new event type of a subscribed family: not ours yet
            await handler(session, ingest, event)

    return idempotent(db, inbox, service=SERVICE, consumer=QUEUE, handler=apply)


def subscriptions(db: Database, ingest: Ingest) -> list[Subscription]:
    return [Subscription(QUEUE, PATTERNS, read_model_handler(db, ingest))]
