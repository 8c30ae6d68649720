"""Items as curation knows them: kept from catalog events (and an initial sync over the
catalog's HTTP API), each with a text vector computed once per text version."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from bookbrew.contracts.catalog import Product, ProductChanged, ProductPage
from bookbrew.curation import repository
from bookbrew.curation.model.features import item_text
from bookbrew.curation.service.state import CurationState
from bookbrew.platform.docstore import Document, DocumentStore
from bookbrew.platform.http import ServiceClient, ServiceUnavailable

log = logging.getLogger(__name__)

Effect = Callable[[], None]


def text_hash(name: str, description: str) -> str:
    return hashlib.sha256(item_text(name, description).encode()).hexdigest()[:32]


def _document(product: ProductChanged | Product, previous: Document | None) -> Document:
    return {
        "_id": product.sku,
        "sku": product.sku,
        "name": product.name,
        "description": product.description,
        "category": product.category,
        "price_minor": product.price.amount,
        "currency": product.price.currency,
        "stock": product.stock,
        "status": product.status,
        "tags": list(product.tags),
        "attributes": dict(product.attributes),
        "version": product.version,
        "text_hash": text_hash(product.name, product.description),
        "interactions": (previous or {}).get("interactions", 0.0),
        "catalog_popularity": getattr(product, "popularity", None)
        or (previous or {}).get("catalog_popularity", 0),
        "deleted": False,
        "updated_at": datetime.now(UTC).isoformat(),
    }


def _apply(state: CurationState, document: Document) -> list[Effect]:
    def effect() -> None:
        state.recommender.index.upsert(document)
        state.items_ready.set()
        if state.settings.text_embeddings:
            state.embed_queue.put_nowait(
                (
                    document["sku"],
                    item_text(document["name"], document["description"]),
                    document["text_hash"],
                )
            )

    return [effect]


async def record_product(
    tx: DocumentStore, state: CurationState, product: ProductChanged | Product
) -> list[Effect]:
    """Store the product unless we already hold a newer version of it."""
    previous = await tx.get(repository.ITEMS, product.sku)
    if previous is not None and int(previous.get("version", 0)) > product.version:
        return []
    if (
        previous is not None
        and int(previous.get("version", 0)) == product.version
        and not (previous.get("deleted"))
    ):
        return []
    document = _document(product, previous)
    await tx.replace(repository.ITEMS, document)
    return _apply(state, document)


async def record_deleted(tx: DocumentStore, state: CurationState, sku: str) -> list[Effect]:
    previous = await tx.get(repository.ITEMS, sku)
    if previous is None:
        return []
    await tx.replace(repository.ITEMS, {**previous, "deleted": True, "status": "deleted"})
    return [lambda: state.recommender.index.deactivate(sku)]


async def set_stock(tx: DocumentStore, state: CurationState, sku: str, stock: int) -> list[Effect]:
    previous = await tx.get(repository.ITEMS, sku)
    if previous is None:
        return []
    await tx.replace(repository.ITEMS, {**previous, "stock": max(0, stock)})
    return [lambda: state.recommender.index.set_stock(sku, max(0, stock))]


async def change_stock(
    tx: DocumentStore, state: CurationState, lines: Sequence[dict[str, Any]], sign: int
) -> list[Effect]:
    """Reservations take stock and releases give it back (the catalog's own arithmetic)."""
    effects: list[Effect] = []
    for line in lines:
        previous = await tx.get(repository.ITEMS, line["sku"])
        if previous is not None:
            effects += await set_stock(
                tx, state, line["sku"], int(previous["stock"]) + sign * int(line["quantity"])
            )
    return effects


async def add_interaction_weight(
    tx: DocumentStore, state: CurationState, sku: str, weight: float
) -> list[Effect]:
    previous = await tx.get(repository.ITEMS, sku)
    if previous is None or weight <= 0:
        return []
    total = float(previous.get("interactions", 0.0)) + weight
    await tx.replace(repository.ITEMS, {**previous, "interactions": total})
    return [lambda: state.recommender.index.set_interactions(sku, total)]


async def load_index(store: DocumentStore, state: CurationState) -> int:
    """Rebuild the in-memory index from documents; queue items whose text vector is
    missing or stale."""
    index = state.recommender.index
    items = await repository.all_items(store)
    for document in items:
        index.upsert(document)
    vectors = {d["_id"]: d for d in await repository.all_item_text(store)}
    for document in items:
        cached = vectors.get(document["sku"])
        if cached is not None and cached.get("text_hash") == document.get("text_hash"):
            index.set_text(document["sku"], repository.decode_vector(cached["vector"]))
        elif state.settings.text_embeddings:
            state.embed_queue.put_nowait(
                (
                    document["sku"],
                    item_text(document["name"], document["description"]),
                    document["text_hash"],
                )
            )
    if items:
        state.items_ready.set()
    return len(items)


async def sync_from_catalog(
    store: DocumentStore, state: CurationState, client: ServiceClient
) -> int:
    """Page through the catalog's public product list; returns how many items changed."""
    changed = 0
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 100}
        if cursor:
            params["cursor"] = cursor
        page = ProductPage.model_validate(await client.get_json("/products", params=params))
        for product in page.items:
            async with store.transaction() as tx:
                effects = await record_product(tx, state, product)
            for effect in effects:
                effect()
            changed += bool(effects)
        cursor = page.next_cursor
        if not cursor or not page.items:
            break
    if state.recommender.index.n:
        state.items_ready.set()
    return changed


async def sync_until_done(
    store: DocumentStore, state: CurationState, client: ServiceClient, retry_seconds: float
) -> None:
    """The initial sync, retried while the catalog is not reachable yet."""
    while True:
        try:
            changed = await sync_from_catalog(store, state, client)
            log.info("catalog synced", extra={"changed": changed})
            state.catalog_synced.set()
            return
        except ServiceUnavailable:
            log.info("catalog not reachable yet; will sync again", exc_info=False)
            await asyncio.sleep(retry_seconds)


async def embed_forever(store: DocumentStore, state: CurationState) -> None:
    """Compute text vectors in batches off the event loop, as items arrive."""
    index = state.recommender.index
    batch_size = state.settings.embed_batch_size
    while True:
        batch = [await state.embed_queue.get()]
        while len(batch) < batch_size and not state.embed_queue.empty():
            batch.append(state.embed_queue.get_nowait())
        latest = {sku: (text, digest) for sku, text, digest in batch}
        todo = []
        for sku, (text, digest) in latest.items():
            row = index.pos.get(sku)
            cached = await store.get(repository.ITEM_TEXT, sku)
            if cached is not None and cached.get("text_hash") == digest:
                if row is not None and not index.has_text[row]:
                    index.set_text(sku, repository.decode_vector(cached["vector"]))
                continue
            todo.append((sku, text, digest))
        if todo:
            try:
                vectors = await asyncio.to_thread(
                    state.encoder.encode, [t for _, t, _ in todo], batch_size
                )
            except Exception:
                log.exception("text embedding failed; items keep their features only")
                continue
            async with store.transaction() as tx:
                for (sku, _, digest), vector in zip(todo, vectors, strict=True):
                    await tx.replace(
                        repository.ITEM_TEXT,
                        {
                            "_id": sku,
                            "text_hash": digest,
                            "vector": repository.encode_vector(vector),
                        },
                    )
            for (sku, _, _), vector in zip(todo, vectors, strict=True):
                index.set_text(sku, vector)
        for _ in batch:
            state.embed_queue.task_done()
