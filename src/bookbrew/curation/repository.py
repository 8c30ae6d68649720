"""Document queries. Collections (one namespace per service):

| collection | `_id` | holds |
|---|---|---|
| items | sku | the product as the last catalog event described it, plus interaction totals |
| item_text | sku | its 384-d text vector (base64 float32) and the hash of the text it embeds |
| profiles | customer id | taste signals per questionnaire, budget, bought skus, recent history |
| interactions | event id | one interaction (learning data) |
| home_lists | customer id | the precomputed home list |
| recommendation_logs | recommendation id | every list served, with its model version |
| models | version | a model version's metrics, sizes and chunk count |
| model_chunks | version:n | the serialized weights (npz), in base64 chunks |
| settings | "current-model" | which version serves |
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np

from bookbrew.platform.docstore import Document, DocumentStore

ITEMS = "items"
ITEM_TEXT = "item_text"
PROFILES = "profiles"
INTERACTIONS = "interactions"
HOME_LISTS = "home_lists"
LOGS = "recommendation_logs"
MODELS = "models"
MODEL_CHUNKS = "model_chunks"
POINTERS = "settings"
CURRENT_MODEL = "current-model"
CHUNK_BYTES = 4 * 1024 * 1024  # well under MongoDB's 16 MB document limit once in base64


def encode_vector(vector: np.ndarray) -> str:
    return base64.b64encode(np.asarray(vector, dtype=np.float32).tobytes()).decode()


def decode_vector(raw: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(raw), dtype=np.float32).copy()


async def all_items(store: DocumentStore) -> list[Document]:
    return await store.find(ITEMS)


async def all_item_text(store: DocumentStore) -> list[Document]:
    return await store.find(ITEM_TEXT)


async def get_profile(store: DocumentStore, customer_id: str) -> Document | None:
    return await store.get(PROFILES, customer_id)


async def all_profiles(store: DocumentStore) -> list[Document]:
    return await store.find(PROFILES)


async def all_interactions(store: DocumentStore) -> list[Document]:
    return await store.find(INTERACTIONS)


async def purchases(store: DocumentStore) -> list[Document]:
    return await store.find(INTERACTIONS, {"kind": "purchase"})


async def delete_where(store: DocumentStore, collection: str, where: dict[str, Any]) -> int:
    deleted = 0
    while batch := await store.find(collection, where, limit=500):
        for document in batch:
            deleted += await store.delete(collection, document["_id"])
    return deleted


async def save_model(store: DocumentStore, record: Document, blob: bytes) -> None:
    """Chunks first, then the record that makes them a version (one transaction)."""
    async with store.transaction() as tx:
        chunks = [blob[i : i + CHUNK_BYTES] for i in range(0, len(blob), CHUNK_BYTES)] or [b""]
        for n, chunk in enumerate(chunks):
            await tx.replace(
                MODEL_CHUNKS,
                {
                    "_id": f"{record['_id']}:{n:05d}",
                    "version": record["_id"],
                    "n": n,
                    "data": base64.b64encode(chunk).decode(),
                },
            )
        await tx.replace(MODELS, {**record, "chunks": len(chunks), "bytes": len(blob)})
        await tx.replace(POINTERS, {"_id": CURRENT_MODEL, "version": record["_id"]})


async def current_model_version(store: DocumentStore) -> str | None:
    pointer = await store.get(POINTERS, CURRENT_MODEL)
    return None if pointer is None else str(pointer["version"])


async def load_model_blob(store: DocumentStore, version: str) -> tuple[Document, bytes] | None:
    record = await store.get(MODELS, version)
    if record is None:
        return None
    chunks = await store.find(MODEL_CHUNKS, {"version": version}, sort=[("n", 1)])
    if len(chunks) != record["chunks"]:
        return None
    return record, b"".join(base64.b64decode(c["data"]) for c in chunks)


async def list_models(store: DocumentStore, limit: int = 20) -> list[Document]:
    return await store.find(MODELS, sort=[("created_at", -1)], limit=limit)


async def prune_models(store: DocumentStore, keep: int = 5) -> None:
    """Drop the weights of old versions (their records and metrics stay)."""
    for record in (await store.find(MODELS, sort=[("created_at", -1)]))[keep:]:
        if record.get("chunks"):
            await delete_where(store, MODEL_CHUNKS, {"version": record["_id"]})
            await store.replace(MODELS, {**record, "chunks": 0, "pruned": True})
