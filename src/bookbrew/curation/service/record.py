"""Recording interactions: curation owns them. A recorded interaction is published as
`interaction.recorded` through the document outbox; curation's own consumer then learns
from it exactly as from one published elsewhere, and reporting counts it."""

from __future__ import annotations

from datetime import UTC, datetime

from bookbrew.contracts.interactions import INTERACTION_RECORDED, InteractionRecorded
from bookbrew.curation.schemas import InteractionIn
from bookbrew.platform.docstore import DocumentStore
from bookbrew.platform.events.documents import stage_document_event
from bookbrew.platform.events.envelope import new_event

SERVICE = "curation"


async def interaction(store: DocumentStore, body: InteractionIn, customer_id: str | None) -> str:
    payload = InteractionRecorded(
        customer_id=customer_id,
        anonymous_id=body.anonymous_id,
        sku=body.sku,
        kind=body.kind,
        value=body.value,
        source=body.source,
        recommendation_id=body.recommendation_id,
        model_version=body.model_version,
        occurred_at=datetime.now(UTC),
    )
    event = new_event(
        SERVICE, INTERACTION_RECORDED, payload, subject=customer_id or body.anonymous_id
    )
    async with store.transaction() as tx:
        await stage_document_event(tx, event)
    return event.id
