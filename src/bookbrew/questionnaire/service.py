"""Use cases. Each takes the store (reads) or a transaction's view of it (writes) and
never opens or commits a transaction itself: the entry point does, so a response marked
completed and its `questionnaire.completed` event commit together."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Any

from bookbrew.contracts.questionnaire import (
    QUESTIONNAIRE_KEYS,
    QuestionnaireVersionSummary,
    TasteSignal,
)
from bookbrew.platform.auth import Principal
from bookbrew.platform.docstore import Document, DocumentStore, DuplicateDocument
from bookbrew.platform.problems import Conflict, NotFound, Problem
from bookbrew.questionnaire import answers, events, repository
from bookbrew.questionnaire.schemas import (
    ProfileSource,
    Questionnaire,
    QuestionnaireContent,
    Response,
    TasteProfile,
)

_CONTENT_FIELDS = ("title", "description", "questions")


def _now() -> str:
    return datetime.now(UTC).isoformat()


# Questionnaires ---------------------------------------------------------------------


def _version_document(
    key: str, version: int, content: QuestionnaireContent, *, status: str, by: str
) -> Document:
    now = _now()
    return {
        "_id": repository.version_id(key, version),
        "key": key,
        "version": version,
        "status": status,
        **content.model_dump(mode="json"),
        "created_at": now,
        "created_by": by,
        "updated_at": now,
        "published_at": now if status == "published" else None,
    }


def content_of(document: Document) -> QuestionnaireContent:
    return QuestionnaireContent.model_validate({f: document[f] for f in _CONTENT_FIELDS})


def to_questionnaire(document: Document, current: int | None) -> Questionnaire:
    fields = {k: v for k, v in document.items() if k in Questionnaire.model_fields}
    return Questionnaire.model_validate({**fields, "current": document["version"] == current})


def to_summary(document: Document, current: int | None) -> QuestionnaireVersionSummary:
    return QuestionnaireVersionSummary(
        key=document["key"],
        version=document["version"],
        status=document["status"],
        current=document["version"] == current,
        title=document["title"],
        questions=len(document["questions"]),
        created_at=document["created_at"],
        published_at=document.get("published_at"),
    )


async def install_default(tx: DocumentStore, key: str, content: QuestionnaireContent) -> bool:
    """Version 1 of `key`, published and current, unless the key has any version."""
    if await repository.latest_version_number(tx, key):
        return False
    await tx.insert(
        repository.QUESTIONNAIRES,
        _version_document(key, 1, content, status="published", by="bookbrew"),
    )
    await repository.set_current(tx, key, 1)
    return True


async def require_version(store: DocumentStore, key: str, version: int) -> Document:
    document = await repository.get_version(store, key, version)
    if document is None:
        raise NotFound(f"Questionnaire {key!r} has no version {version}.")
    return document


async def published_version(store: DocumentStore, key: str, version: int) -> Questionnaire:
    document = await require_version(store, key, version)
    if document["status"] != "published":
        raise NotFound(f"Questionnaire {key!r} has no published version {version}.")
    return to_questionnaire(document, await repository.current_version(store, key))


async def current_questionnaire(store: DocumentStore, key: str) -> Questionnaire:
    current = await repository.current_version(store, key)
    if current is None:
        raise NotFound(f"Questionnaire {key!r} has no published version yet.")
    return to_questionnaire(await require_version(store, key, current), current)


async def current_questionnaires(store: DocumentStore) -> list[Questionnaire]:
    found = []
    for key in QUESTIONNAIRE_KEYS:
        current = await repository.current_version(store, key)
        if current is not None:
            document = await repository.get_version(store, key, current)
            if document is not None:
                found.append(to_questionnaire(document, current))
    return found


async def version_summaries(store: DocumentStore, key: str) -> list[QuestionnaireVersionSummary]:
    current = await repository.current_version(store, key)
    return [to_summary(d, current) for d in await repository.versions(store, key)]


async def create_draft(
    tx: DocumentStore, key: str, content: QuestionnaireContent | None, *, by: str
) -> Questionnaire:
    """A new draft version; without content it starts as a copy of the current one."""
    existing = await repository.draft(tx, key)
    if existing is not None:
        raise Conflict(
            f"Questionnaire {key!r} already has a draft (version {existing['version']}); "
            "edit or delete it first.",
            kind="draft-exists",
            version=existing["version"],
        )
    if content is None:
        content = content_of(
            await require_version(tx, key, (await current_questionnaire(tx, key)).version)
        )
    version = await repository.latest_version_number(tx, key) + 1
    document = _version_document(key, version, content, status="draft", by=by)
    try:
        await tx.insert(repository.QUESTIONNAIRES, document)
    except DuplicateDocument as exc:
        raise Conflict(f"Version {version} of {key!r} was just created.") from exc
    return to_questionnaire(document, await repository.current_version(tx, key))


def _require_draft(document: Document) -> None:
    if document["status"] != "draft":
        raise Conflict(
            f"Version {document['version']} of {document['key']!r} is published and can "
            "no longer change; create a new draft.",
            kind="version-published",
        )


async def update_draft(
    tx: DocumentStore, key: str, version: int, content: QuestionnaireContent
) -> Questionnaire:
    document = await require_version(tx, key, version)
    _require_draft(document)
    document.update(content.model_dump(mode="json"), updated_at=_now())
    await tx.replace(repository.QUESTIONNAIRES, document, upsert=False)
    return to_questionnaire(document, await repository.current_version(tx, key))


async def delete_draft(tx: DocumentStore, key: str, version: int) -> None:
    _require_draft(await require_version(tx, key, version))
    await tx.delete(repository.QUESTIONNAIRES, repository.version_id(key, version))


async def publish(tx: DocumentStore, key: str, version: int) -> Questionnaire:
    """Freeze a draft and make it current. Publishing an already published version makes
    it current again (a rollback); its content does not change."""
    document = await require_version(tx, key, version)
    if document["status"] == "draft":
        content_of(document)  # still valid under today's rules
        document.update(status="published", published_at=_now())
        await tx.replace(repository.QUESTIONNAIRES, document, upsert=False)
    await repository.set_current(tx, key, version)
    return to_questionnaire(document, version)


# Responses --------------------------------------------------------------------------


def to_response(document: Document, content: QuestionnaireContent) -> Response:
    given = document["answers"]
    return Response(
        id=document["_id"],
        customer_id=document["customer_id"],
        questionnaire_key=document["questionnaire_key"],
        version=document["version"],
        status=document["status"],
        answers=given,
        prefilled_from=document.get("prefilled_from"),
        visible_questions=answers.visible_questions(content, given),
        missing_required=answers.missing_required(content, given),
        signals=[TasteSignal.model_validate(s) for s in document.get("signals", [])],
        budget_max_minor=document.get("budget_max_minor"),
        started_at=document["started_at"],
        updated_at=document["updated_at"],
        completed_at=document.get("completed_at"),
    )


async def response_view(store: DocumentStore, document: Document) -> Response:
    version = await require_version(store, document["questionnaire_key"], document["version"])
    return to_response(document, content_of(version))


async def start_response(
    tx: DocumentStore, customer_id: str, key: str, *, restart: bool
) -> tuple[Document, bool]:
    """The shopper's unfinished response to `key` (resumed, on the version it began
    with), or a new one on the current version; `restart` abandons the unfinished one."""
    unfinished = await repository.in_progress(tx, customer_id, key)
    if unfinished is not None and not restart:
        return unfinished, False
    current = await repository.current_version(tx, key)
    if current is None:
        raise NotFound(f"Questionnaire {key!r} has no published version yet.")
    if unfinished is not None:
        unfinished.update(status="abandoned", updated_at=_now())
        await tx.replace(repository.RESPONSES, unfinished, upsert=False)
    # Taking it again starts from the answers given last time (those that fit the
    # current version), for editing; starting over starts blank.
    previous = None if restart else await repository.latest_completed(tx, customer_id, key)
    given: dict[str, Any] = {}
    if previous is not None:
        content = content_of(await require_version(tx, key, current))
        given = answers.carried_over(content, previous["answers"])
    now = _now()
    document: Document = {
        "_id": str(uuid.uuid4()),
        "customer_id": customer_id,
        "questionnaire_key": key,
        "version": current,
        "status": "in_progress",
        "answers": given,
        "prefilled_from": previous["_id"] if previous is not None and given else None,
        "signals": [],
        "budget_max_minor": None,
        "started_at": now,
        "updated_at": now,
        "completed_at": None,
        "seq": time.time_ns(),
    }
    await tx.insert(repository.RESPONSES, document)
    return document, True


async def readable_response(
    store: DocumentStore, principal: Principal, response_id: str
) -> Document:
    """The shopper's own response, or any response for an admin. Someone else's answers
    look exactly like a missing response."""
    document = await repository.get_response(store, response_id)
    if document is None or (
        document["customer_id"] != principal.subject and not principal.is_admin
    ):
        raise NotFound(f"No response {response_id}.")
    return document


async def _own_open_response(
    store: DocumentStore, principal: Principal, response_id: str
) -> Document:
    document = await repository.get_response(store, response_id)
    if document is None or document["customer_id"] != principal.subject:
        raise NotFound(f"No response {response_id}.")
    if document["status"] != "in_progress":
        raise Conflict(
            f"Response {response_id} is {document['status']}; start a new one to retake.",
            kind="response-closed",
        )
    return document


async def save_answers(
    tx: DocumentStore, principal: Principal, response_id: str, changes: dict[str, Any]
) -> Response:
    document = await _own_open_response(tx, principal, response_id)
    content = content_of(
        await require_version(tx, document["questionnaire_key"], document["version"])
    )
    merged, errors = answers.merge_answers(content, document["answers"], changes)
    if errors:
        contradicting = [e.msg for e in errors if e.type == "contradiction"]
        raise Problem(
            422,
            "invalid-answers",
            (
                f"{contradicting[0]} Take it out of one of them."
                if contradicting
                else f"Some answers do not fit version {document['version']} of this "
                "questionnaire."
            ),
            errors=[e.model_dump() for e in errors],
        )
    document.update(answers=merged, updated_at=_now())
    await tx.replace(repository.RESPONSES, document, upsert=False)
    return to_response(document, content)


async def complete_response(tx: DocumentStore, principal: Principal, response_id: str) -> Response:
    """Close the response, compute its signals and stage `questionnaire.completed`."""
    document = await _own_open_response(tx, principal, response_id)
    content = content_of(
        await require_version(tx, document["questionnaire_key"], document["version"])
    )
    missing = answers.missing_required(content, document["answers"])
    if missing:
        raise Problem(
            422,
            "incomplete-response",
            "Answer every required question before completing.",
            missing=missing,
        )
    signals, budget = answers.taste_signals(content, document["answers"])
    now = _now()
    document.update(
        status="completed",
        signals=[s.model_dump() for s in signals],
        budget_max_minor=budget,
        completed_at=now,
        updated_at=now,
    )
    await tx.replace(repository.RESPONSES, document, upsert=False)
    try:
        await events.questionnaire_completed(tx, document)
    except DuplicateDocument as exc:  # a concurrent completion committed first
        raise Conflict(f"Response {response_id} is already completed.") from exc
    return to_response(document, content)


async def taste_profile(store: DocumentStore, customer_id: str) -> TasteProfile:
    """The latest completed response per questionnaire, merged: a category
    questionnaire's view of a value replaces the general one's quick follow-up, and
    category questionnaires add up (clamped)."""
    sources: list[ProfileSource] = []
    for key in QUESTIONNAIRE_KEYS:
        latest = await repository.latest_completed(store, customer_id, key)
        if latest is not None:
            sources.append(
                ProfileSource(
                    questionnaire_key=key,  # type: ignore[arg-type]
                    version=latest["version"],
                    response_id=latest["_id"],
                    completed_at=latest["completed_at"],
                    signals=latest["signals"],
                    budget_max_minor=latest.get("budget_max_minor"),
                )
            )
    general = {
        (s.facet, s.value): s.weight
        for source in sources
        if source.questionnaire_key == "general"
        for s in source.signals
    }
    specific = [
        (s.facet, s.value, s.weight)
        for source in sources
        if source.questionnaire_key != "general"
        for s in source.signals
    ]
    overridden = {(facet, value) for facet, value, _ in specific}
    merged = answers.combine(
        [(f, v, w) for (f, v), w in general.items() if (f, v) not in overridden] + specific
    )
    budget = next((s.budget_max_minor for s in sources if s.questionnaire_key == "general"), None)
    return TasteProfile(
        customer_id=customer_id, signals=merged, budget_max_minor=budget, sources=sources
    )
