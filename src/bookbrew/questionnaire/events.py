"""What the questionnaire service publishes (through its document outbox), and what it
consumes: `customer.erased`, only to refuse the erased customer's tokens at once."""

from __future__ import annotations

import uuid
from datetime import datetime

from bookbrew.contracts import questionnaire as contract
from bookbrew.platform.docstore import Document, DocumentStore
from bookbrew.platform.events.documents import stage_document_event
from bookbrew.platform.events.envelope import new_event

SERVICE = "questionnaire"
_COMPLETIONS = uuid.UUID("6f1c2a4e-9b7d-5e3f-8a21-4c0d7e9b1f35")


def completion_event_id(response_id: str) -> str:
    """One id per response: a second completion racing the first collides with it in
    the outbox (DuplicateDocument), and consumers' inboxes see the same id."""
    return str(uuid.uuid5(_COMPLETIONS, response_id))


async def questionnaire_completed(tx: DocumentStore, response: Document) -> None:
    """Stage in the transaction that marks the response completed; raises
    DuplicateDocument if this response's completion is already staged."""
    payload = contract.QuestionnaireCompleted(
        response_id=response["_id"],
        customer_id=response["customer_id"],
        questionnaire_key=response["questionnaire_key"],
        version=response["version"],
        answers=response["answers"],
        signals=[contract.TasteSignal.model_validate(s) for s in response["signals"]],
        budget_max_minor=response.get("budget_max_minor"),
        completed_at=datetime.fromisoformat(response["completed_at"]),
    )
    event = new_event(
        SERVICE,
        contract.QUESTIONNAIRE_COMPLETED,
        payload,
        subject=response["customer_id"],
        event_id=completion_event_id(response["_id"]),
    )
    await stage_document_event(tx, event)
