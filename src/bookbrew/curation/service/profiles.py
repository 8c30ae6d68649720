"""What shoppers told (questionnaire signals, budget) and did (interactions, purchases),
and forgetting it all on erasure."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from bookbrew.contracts.interactions import InteractionRecorded
from bookbrew.contracts.orders import OrderEvent
from bookbrew.contracts.questionnaire import QuestionnaireCompleted
from bookbrew.curation import repository
from bookbrew.curation.model.features import TextEncoder, taste_text
from bookbrew.curation.model.serve import Profile
from bookbrew.curation.model.train import interaction_weight
from bookbrew.curation.service.catalog import Effect, add_interaction_weight
from bookbrew.curation.service.state import CurationState
from bookbrew.platform.docstore import Document, DocumentStore

log = logging.getLogger(__name__)


def empty_profile(customer_id: str) -> Document:
    return {
        "_id": customer_id,
        "customer_id": customer_id,
        "questionnaires": {},
        "bought": [],
        "history": [],
        "updated_at": datetime.now(UTC).isoformat(),
    }


def merged_signals(profile: Document) -> list[dict[str, Any]]:
    """Every questionnaire's latest signals; the general one first, category ones after
    (a later, more specific answer about the same facet value adds to it)."""
    questionnaires: dict[str, Any] = profile.get("questionnaires") or {}
    ordered = sorted(questionnaires.items(), key=lambda kv: (kv[0] != "general", kv[0]))
    return [signal for _, entry in ordered for signal in entry["signals"]]


def to_profile(document: Document | None, customer_id: str) -> Profile:
    if document is None:
        return Profile(customer_id)
    return Profile(
        customer_id=customer_id,
        signals=merged_signals(document),
        budgets={
            key: int(entry["budget_max_minor"])
            for key, entry in (document.get("questionnaires") or {}).items()
            if entry.get("budget_max_minor") is not None
        },
        bought=set(document.get("bought") or []),
        history=[(h["sku"], float(h["weight"])) for h in document.get("history") or []],
        taste=(
            repository.decode_vector(document["taste"]["vector"]) if document.get("taste") else None
        ),
    )


async def load_profile(store: DocumentStore, customer_id: str) -> Profile:
    return to_profile(await repository.get_profile(store, customer_id), customer_id)


async def record_questionnaire(
    tx: DocumentStore, completed: QuestionnaireCompleted, encoder: TextEncoder | None = None
) -> Document:
    profile = await repository.get_profile(tx, completed.customer_id) or empty_profile(
        completed.customer_id
    )
    previous = profile["questionnaires"].get(completed.questionnaire_key)
    if previous is None or previous["completed_at"] <= completed.completed_at.isoformat():
        profile["questionnaires"][completed.questionnaire_key] = {
            "response_id": completed.response_id,
            "version": completed.version,
            "completed_at": completed.completed_at.isoformat(),
            "signals": [s.model_dump() for s in completed.signals],
            "budget_max_minor": completed.budget_max_minor,
        }
    profile["updated_at"] = datetime.now(UTC).isoformat()
    if encoder is not None:
        await _embed_taste(profile, encoder)
    await tx.replace(repository.PROFILES, profile)
    return profile


async def _embed_taste(profile: Document, encoder: TextEncoder) -> None:
    """The sentence-model vector of everything the shopper told, kept with their profile
    (recomputed only when that text changes). Best effort: without it, signals alone."""
    text = taste_text(merged_signals(profile))
    if not text:
        profile.pop("taste", None)
        return
    if (profile.get("taste") or {}).get("text") == text:
        return
    try:
        [vector] = await asyncio.to_thread(encoder.encode, [text])
    except Exception:
        log.exception("taste text embedding failed; the shopper's signals serve alone")
        return
    profile["taste"] = {"text": text, "vector": repository.encode_vector(vector)}


def _remember(profile: Document, sku: str, weight: float, kind: str, at: str, size: int) -> None:
    history: list[dict[str, Any]] = [
        h for h in profile["history"] if h["sku"] != sku or h["kind"] != kind
    ]
    history.append({"sku": sku, "weight": weight, "kind": kind, "at": at})
    history.sort(key=lambda h: h["at"])
    profile["history"] = history[-size:]


async def record_interaction(
    tx: DocumentStore, state: CurationState, event_id: str, interaction: InteractionRecorded
) -> tuple[Document | None, list[Effect]]:
    """Store it as learning data and update the shopper's recent history. Purchases are
    learned from `order.confirmed`; a purchase interaction only marks the item bought,
    so an order is never counted twice."""
    weight = interaction_weight(interaction.kind, interaction.value)
    effects: list[Effect] = []
    if interaction.kind != "purchase":
        effects += await add_interaction_weight(tx, state, interaction.sku, weight)
    if interaction.customer_id is None:
        return None, effects
    await tx.replace(
        repository.INTERACTIONS,
        {
            "_id": event_id,
            "customer_id": interaction.customer_id,
            "sku": interaction.sku,
            "kind": interaction.kind,
            "value": interaction.value,
            "weight": 0.0 if interaction.kind == "purchase" else weight,
            "source": interaction.source,
            "recommendation_id": interaction.recommendation_id,
            "model_version": interaction.model_version,
            "occurred_at": interaction.occurred_at.isoformat(),
        },
    )
    profile = await repository.get_profile(tx, interaction.customer_id) or empty_profile(
        interaction.customer_id
    )
    if interaction.kind == "purchase":
        profile["bought"] = sorted(set(profile["bought"]) | {interaction.sku})
    elif weight > 0:
        _remember(
            profile,
            interaction.sku,
            weight,
            interaction.kind,
            interaction.occurred_at.isoformat(),
            state.settings.history_size,
        )
    profile["updated_at"] = datetime.now(UTC).isoformat()
    await tx.replace(repository.PROFILES, profile)
    return profile, effects


async def record_order(
    tx: DocumentStore, state: CurationState, order: OrderEvent
) -> tuple[Document, list[Effect]]:
    profile = await repository.get_profile(tx, order.customer_id) or empty_profile(
        order.customer_id
    )
    effects: list[Effect] = []
    at = order.occurred_at.isoformat()
    for line in order.lines:
        weight = interaction_weight("purchase", line.quantity)
        await tx.replace(
            repository.INTERACTIONS,
            {
                "_id": f"order:{order.order_id}:{line.sku}",
                "customer_id": order.customer_id,
                "sku": line.sku,
                "kind": "purchase",
                "value": line.quantity,
                "weight": weight,
                "order_id": order.order_id,
                "occurred_at": at,
            },
        )
        effects += await add_interaction_weight(tx, state, line.sku, weight)
        _remember(profile, line.sku, weight, "purchase", at, state.settings.history_size)
    profile["bought"] = sorted(set(profile["bought"]) | {line.sku for line in order.lines})
    profile["updated_at"] = datetime.now(UTC).isoformat()
    await tx.replace(repository.PROFILES, profile)
    skus = [line.sku for line in order.lines]
    effects.append(lambda: state.add_basket(skus))
    return profile, effects


async def erase_customer(tx: DocumentStore, state: CurationState, customer_id: str) -> list[Effect]:
    """Forget the shopper: signals, history, interactions, lists and logs."""
    await tx.delete(repository.PROFILES, customer_id)
    await tx.delete(repository.HOME_LISTS, customer_id)
    await repository.delete_where(tx, repository.INTERACTIONS, {"customer_id": customer_id})
    await repository.delete_where(tx, repository.LOGS, {"customer_id": customer_id})

    def forget() -> None:
        state.recommender.forget_user(customer_id)
        state.retrain_requested.set()  # the stored weights still hold their vector

    return [forget]
