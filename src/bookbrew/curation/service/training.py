"""Model versions: train from the documents, evaluate on a held-out split, store the
weights and metrics, point `current-model` at the new version; serving processes load
it and swap without downtime.

`train_and_publish(runtime)` is what `bookbrew train` calls; the service also trains on
a schedule (`train_interval_seconds`) in its lifespan, in a worker thread."""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import numpy as np

from bookbrew.curation import repository
from bookbrew.curation.model.features import TEXT_DIM, item_features, signal_features
from bookbrew.curation.model.hybrid import ModelWeights
from bookbrew.curation.model.loaded import prepare_model
from bookbrew.curation.model.train import (
    TrainConfig,
    TrainingData,
    evaluate,
    fit,
    split_holdout,
)
from bookbrew.curation.service.profiles import merged_signals
from bookbrew.curation.service.state import CurationState
from bookbrew.curation.settings import CurationSettings
from bookbrew.platform.docstore import DocumentStore
from bookbrew.platform.runtime import Runtime

log = logging.getLogger(__name__)


async def load_training_data(store: DocumentStore, *, text: bool) -> TrainingData:
    items = [d for d in await repository.all_items(store) if not d.get("deleted")]
    item_ids = [d["sku"] for d in items]
    item_pos = {s: i for i, s in enumerate(item_ids)}
    features = [
        item_features(d["category"], d["price_minor"], d.get("attributes") or {}, d["tags"])
        for d in items
    ]
    vectors = None
    if text:
        vectors = np.zeros((len(items), TEXT_DIM), dtype=np.float32)
        for cached in await repository.all_item_text(store):
            row = item_pos.get(cached["_id"])
            by_sku = items[row] if row is not None else None
            if by_sku is not None and cached.get("text_hash") == by_sku.get("text_hash"):
                vectors[row] = repository.decode_vector(cached["vector"])
    profiles = {p["_id"]: p for p in await repository.all_profiles(store)}
    users: list[int] = []
    rows: list[int] = []
    weights: list[float] = []
    times: list[float] = []
    user_pos: dict[str, int] = {}
    for interaction in await repository.all_interactions(store):
        row = item_pos.get(interaction["sku"])
        weight = float(interaction.get("weight") or 0.0)
        if row is None or weight <= 0 or not interaction.get("customer_id"):
            continue
        users.append(user_pos.setdefault(interaction["customer_id"], len(user_pos)))
        rows.append(row)
        weights.append(weight)
        times.append(datetime.fromisoformat(interaction["occurred_at"]).timestamp())
    for customer_id in profiles:  # questionnaire-only shoppers still train the features
        user_pos.setdefault(customer_id, len(user_pos))
    user_ids = list(user_pos)
    user_features = [
        signal_features(merged_signals(profiles[u])) if u in profiles else {} for u in user_ids
    ]
    return TrainingData(
        item_ids=item_ids,
        item_features=features,
        user_ids=user_ids,
        user_features=user_features,
        users=np.array(users, dtype=np.int64),
        items=np.array(rows, dtype=np.int64),
        weights=np.array(weights, dtype=np.float32),
        text=vectors,
        times=np.array(times, dtype=np.float64),
    )


def train_config(settings: CurationSettings) -> TrainConfig:
    return TrainConfig(
        dim=settings.train_dim,
        epochs=settings.train_epochs,
        threads=settings.torch_threads,
        max_seconds=settings.train_max_seconds,
    )


def _fit_and_evaluate(
    data: TrainingData, config: TrainConfig, settings: CurationSettings
) -> tuple[ModelWeights, dict[str, Any] | None, float, dict[str, Any]]:
    """Blocking: the held-out fit and evaluation, then the fit on everything."""
    metrics: dict[str, Any] | None = None
    alpha = settings.default_alpha
    train_mask, held = split_holdout(
        data, fraction=settings.holdout_fraction, min_positives=settings.holdout_min_items
    )
    if held:
        subset = data.subset(train_mask)
        half = replace(config, max_seconds=config.max_seconds / 2 if config.max_seconds else None)
        trial = fit(subset, half)
        scored, alpha = evaluate(trial.weights, data, train_mask, held)
        metrics = {**scored.as_dict(), "split": f"leave-{settings.holdout_fraction:.0%}-out"}
    final = fit(data, config)
    return (
        final.weights,
        metrics,
        alpha,
        {"seconds": round(final.seconds, 3), "epochs": final.epochs_run},
    )


async def train_and_publish(runtime: Runtime) -> dict[str, Any]:
    """Train a new version from everything stored, evaluate it, store it and make it
    current. Returns the version record (without weights)."""
    settings = runtime.settings
    assert isinstance(settings, CurationSettings)
    assert runtime.documents is not None
    return await publish_new_version(runtime.documents, settings)


async def train_once(settings: CurationSettings | None = None) -> dict[str, Any]:
    """`bookbrew train`: no app, no bus; just the document store. Running curation
    processes switch to the new version within `model_poll_seconds`."""
    from bookbrew.platform.docstore.factory import build_document_store

    settings = settings or CurationSettings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = build_document_store(
        settings.effective_document_url, namespace=f"bookbrew_{settings.service_name}"
    )
    try:
        return await publish_new_version(store, settings)
    finally:
        await store.close()


async def publish_new_version(store: DocumentStore, settings: CurationSettings) -> dict[str, Any]:
    data = await load_training_data(store, text=settings.text_embeddings)
    config = train_config(settings)
    weights, metrics, alpha, timing = await asyncio.to_thread(
        _fit_and_evaluate, data, config, settings
    )
    now = datetime.now(UTC)
    version = f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    record = {
        "_id": version,
        "version": version,
        "created_at": now.isoformat(),
        "metrics": metrics,
        "alpha": alpha,
        "items": len(data.item_ids),
        "users": len(data.user_ids),
        "interactions": len(data.users),
        "dim": config.dim,
        "text_embeddings": data.text is not None,
        "training": timing,
    }
    blob = await asyncio.to_thread(weights.to_bytes)
    await repository.save_model(store, record, blob)
    await repository.prune_models(store)
    log.info("model version published", extra={"version": version, "metrics": metrics})
    return record


async def load_current(store: DocumentStore, state: CurationState) -> str | None:
    """Load the current version unless it already serves; returns the serving version."""
    version = await repository.current_model_version(store)
    serving = state.recommender.model
    if version is None or (serving is not None and serving.version == version):
        return serving.version if serving else None
    loaded = await repository.load_model_blob(store, version)
    if loaded is None:
        log.warning("model version %s has no complete weights; keeping the old one", version)
        return serving.version if serving else None
    record, blob = loaded
    index = state.recommender.index
    snapshot = index.snapshot()
    skus = list(index.skus)

    def build() -> Any:
        weights = ModelWeights.from_bytes(blob)
        return prepare_model(
            weights,
            version=version,
            alpha=float(record.get("alpha", state.settings.default_alpha)),
            trained_at=datetime.fromisoformat(record["created_at"]),
            snapshot=snapshot,
            skus=skus,
        )

    model = await asyncio.to_thread(build)
    state.recommender.swap(model)  # one reference assignment: no request ever waits
    log.info("serving model version", extra={"version": version})
    return version


async def train_and_swap(runtime: Runtime, state: CurationState) -> dict[str, Any] | None:
    async with state.training_lock:
        assert runtime.documents is not None
        if state.recommender.index.n == 0:
            return None
        record = await train_and_publish(runtime)
        await load_current(runtime.documents, state)
        return record


async def _catalog_settled(state: CurationState, quiet_seconds: float = 2.0) -> None:
    """Wait for items, the initial catalog sync, a catalog import to stop arriving, and
    their text vectors: a first model trained on a handful of items would serve poorly
    until the next scheduled training."""
    await state.items_ready.wait()
    if state.settings.initial_sync:
        await state.catalog_synced.wait()
    while True:
        size = state.recommender.index.n
        await asyncio.sleep(quiet_seconds)
        if state.recommender.index.n == size:
            break
    if state.settings.text_embeddings:
        await state.embed_queue.join()


async def train_forever(runtime: Runtime, state: CurationState) -> None:
    """Train at start when no version exists yet, then every interval, or sooner when
    asked (an erasure wants the shopper out of the weights) or when the catalog has
    grown well past what the serving model was trained on (a first import)."""
    settings = state.settings
    assert runtime.documents is not None
    due = (
        settings.train_on_start
        and await repository.current_model_version(runtime.documents) is None
    )
    if due:
        await _catalog_settled(state)
    trained_items = 0
    while True:
        if due:
            try:
                record = await train_and_swap(runtime, state)
                if record is not None:
                    trained_items = int(record["items"])
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("training failed; serving keeps its current version")
        due = await _next_training(state, trained_items)
        state.retrain_requested.clear()


async def _next_training(
    state: CurationState, trained_items: int, check_every: float = 30.0
) -> bool:
    """Wait for the schedule, a request, or a catalog grown by a fifth; True to train."""
    interval = state.settings.train_interval_seconds
    loop = asyncio.get_running_loop()
    deadline = loop.time() + interval if interval > 0 else None
    while True:
        wait = (
            check_every if deadline is None else max(0.0, min(check_every, deadline - loop.time()))
        )
        try:
            await asyncio.wait_for(state.retrain_requested.wait(), wait)
            return True
        except TimeoutError:
            pass
        grown = state.recommender.index.n
        if grown >= max(trained_items * 1.2, trained_items + 10):
            await _catalog_settled(state)
            return True
        if deadline is not None and loop.time() >= deadline:
            return True


async def watch_versions(store: DocumentStore, state: CurationState, every: float) -> None:
    """Pick up versions trained elsewhere (`bookbrew train`, another replica)."""
    while True:
        await asyncio.sleep(every)
        try:
            await load_current(store, state)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("could not load the current model version")
