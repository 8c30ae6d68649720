"""Serving use cases: lists for a shopper (home or one category), more like this,
complements for a cart; every list served is logged with its model version. Home lists
are precomputed when a questionnaire is completed or an order confirmed, and
`recommendations.updated` is published (document outbox) when they change."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from bookbrew.contracts.curation import RECOMMENDATIONS_UPDATED, RecommendationsUpdated
from bookbrew.curation import repository
from bookbrew.curation.model.serve import Pick, Profile, Recommendation
from bookbrew.curation.service.profiles import load_profile, to_profile
from bookbrew.curation.service.state import CurationState
from bookbrew.platform.docstore import Document, DocumentStore
from bookbrew.platform.events.documents import stage_document_event
from bookbrew.platform.events.envelope import new_event
from bookbrew.platform.problems import NotFound

SERVICE = "curation"


def _pick_document(pick: Pick) -> dict[str, Any]:
    return {
        "sku": pick.sku,
        "name": pick.name,
        "category": pick.category,
        "price_minor": pick.price_minor,
        "currency": pick.currency,
        "score": pick.score,
        "reason": pick.reason,
        "novel": pick.novel,
    }


def _log_document(
    customer_id: str | None, context: str, result: Recommendation, **extra: Any
) -> Document:
    return {
        "_id": str(uuid.uuid4()),
        "customer_id": customer_id,
        "context": context,
        "strategy": result.strategy,
        "model_version": result.model_version,
        "skus": [p.sku for p in result.picks],
        "reasons": [p.reason for p in result.picks],
        "items": [_pick_document(p) for p in result.picks],
        "generated_at": datetime.now(UTC).isoformat(),
        **extra,
    }


async def log_list(store: DocumentStore, document: Document) -> Document:
    await store.insert(repository.LOGS, document)
    return document


def _fresh(home: Document, state: CurationState, profile_doc: Document | None, limit: int) -> bool:
    model = state.recommender.model
    if home.get("model_version") != (model.version if model else None):
        return False
    if len(home["skus"]) < limit:
        return False
    age = datetime.now(UTC) - datetime.fromisoformat(home["generated_at"])
    if age > timedelta(seconds=state.settings.home_list_ttl_seconds):
        return False
    if profile_doc is not None and profile_doc["updated_at"] > home["generated_at"]:
        return False
    index = state.recommender.index
    available = index.available()
    return all(s in index.pos and available[index.pos[s]] for s in home["skus"][:limit])


async def recommendations_for(
    store: DocumentStore, state: CurationState, customer_id: str, *, context: str, limit: int
) -> Document:
    """The shopper's list: the precomputed home list when still fresh, else computed now
    (and logged)."""
    profile_doc = await repository.get_profile(store, customer_id)
    if context == "home":
        home = await store.get(repository.HOME_LISTS, customer_id)
        if home is not None and _fresh(home, state, profile_doc, limit):
            log = await store.get(repository.LOGS, home["recommendation_id"])
            if log is not None:
                return {**log, "items": log["items"][:limit]}
    profile = to_profile(profile_doc, customer_id)
    result = state.recommender.recommend(profile, context=context, limit=limit)
    document = _log_document(customer_id, context, result)
    async with store.transaction() as tx:
        await log_list(tx, document)
        if context == "home" and limit >= state.settings.home_limit:
            await _save_home(tx, customer_id, document)
    return document


async def _save_home(tx: DocumentStore, customer_id: str, log: Document) -> None:
    await tx.replace(
        repository.HOME_LISTS,
        {
            "_id": customer_id,
            "recommendation_id": log["_id"],
            "model_version": log["model_version"],
            "skus": log["skus"],
            "generated_at": log["generated_at"],
        },
    )


async def refresh_home(
    tx: DocumentStore, state: CurationState, profile: Profile, *, trigger: str
) -> Document:
    """Recompute the home list now (inside the consumer's transaction); log it, and
    publish `recommendations.updated` if the picks changed."""
    result = state.recommender.recommend(profile, context="home", limit=state.settings.home_limit)
    document = _log_document(profile.customer_id, "home", result, trigger=trigger)
    previous = await tx.get(repository.HOME_LISTS, profile.customer_id)
    await log_list(tx, document)
    await _save_home(tx, profile.customer_id, document)
    if previous is None or previous["skus"] != document["skus"]:
        payload = RecommendationsUpdated(
            customer_id=profile.customer_id,
            recommendation_id=document["_id"],
            model_version=document["model_version"] or "none",
            context="home",
            skus=document["skus"],
            generated_at=datetime.fromisoformat(document["generated_at"]),
        )
        await stage_document_event(
            tx,
            new_event(SERVICE, RECOMMENDATIONS_UPDATED, payload, subject=profile.customer_id),
        )
    return document


async def popular(
    store: DocumentStore, state: CurationState, *, context: str, limit: int
) -> Document:
    result = state.recommender.recommend(Profile(""), context=context, limit=limit)
    return await log_list(store, _log_document(None, context, result))


async def similar(store: DocumentStore, state: CurationState, sku: str, *, limit: int) -> Document:
    if sku not in state.recommender.index.pos:
        raise NotFound(f"No product with SKU {sku}.")
    result = state.recommender.similar(sku, limit=limit)
    return await log_list(store, _log_document(None, "similar", result, sku=sku))


async def complements(
    store: DocumentStore,
    state: CurationState,
    skus: list[str],
    *,
    customer_id: str | None,
    limit: int,
) -> Document:
    profile = await load_profile(store, customer_id) if customer_id else None
    result = state.recommender.complements(
        skus, co_purchases=state.co_purchases, limit=limit, profile=profile
    )
    return await log_list(store, _log_document(customer_id, "complements", result, cart=list(skus)))
