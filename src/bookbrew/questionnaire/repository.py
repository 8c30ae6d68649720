"""Document queries. Collections: `questionnaires` (one document per key and version,
`_id` "<key>:v<version>"), `current_questionnaires` (per key, the published version
shoppers get) and `responses`. Nothing here opens a transaction; callers pass the store
or the transaction's view of it."""

from __future__ import annotations

from bookbrew.platform.docstore import Document, DocumentStore, Filter

QUESTIONNAIRES = "questionnaires"
CURRENT = "current_questionnaires"
RESPONSES = "responses"


def version_id(key: str, version: int) -> str:
    return f"{key}:v{version}"


async def get_version(store: DocumentStore, key: str, version: int) -> Document | None:
    return await store.get(QUESTIONNAIRES, version_id(key, version))


async def versions(store: DocumentStore, key: str) -> list[Document]:
    return await store.find(QUESTIONNAIRES, {"key": key}, sort=[("version", -1)])


async def latest_version_number(store: DocumentStore, key: str) -> int:
    found = await store.find(QUESTIONNAIRES, {"key": key}, sort=[("version", -1)], limit=1)
    return int(found[0]["version"]) if found else 0


async def draft(store: DocumentStore, key: str) -> Document | None:
    found = await store.find(QUESTIONNAIRES, {"key": key, "status": "draft"}, limit=1)
    return found[0] if found else None


async def current_version(store: DocumentStore, key: str) -> int | None:
    pointer = await store.get(CURRENT, key)
    return None if pointer is None else int(pointer["version"])


async def set_current(store: DocumentStore, key: str, version: int) -> None:
    await store.replace(CURRENT, {"_id": key, "version": version})


async def get_response(store: DocumentStore, response_id: str) -> Document | None:
    return await store.get(RESPONSES, response_id)


async def in_progress(store: DocumentStore, customer_id: str, key: str) -> Document | None:
    found = await store.find(
        RESPONSES,
        {"customer_id": customer_id, "questionnaire_key": key, "status": "in_progress"},
        sort=[("seq", -1)],
        limit=1,
    )
    return found[0] if found else None


async def responses(
    store: DocumentStore,
    *,
    customer_id: str | None = None,
    key: str | None = None,
    status: str | None = None,
    limit: int = 200,
) -> list[Document]:
    """Newest first."""
    where: Filter = {}
    if customer_id is not None:
        where["customer_id"] = customer_id
    if key is not None:
        where["questionnaire_key"] = key
    if status is not None:
        where["status"] = status
    return await store.find(RESPONSES, where, sort=[("seq", -1)], limit=limit)


async def latest_completed(store: DocumentStore, customer_id: str, key: str) -> Document | None:
    found = await responses(store, customer_id=customer_id, key=key, status="completed", limit=1)
    return found[0] if found else None
