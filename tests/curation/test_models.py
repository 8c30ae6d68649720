"""Model versions: trained, stored with metrics, served after a restart, and switched
while requests keep being answered."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import numpy as np
import pytest
import torch

from bookbrew.curation import repository
from bookbrew.curation.model.features import item_features, signal_features
from bookbrew.curation.model.hybrid import ModelWeights
from bookbrew.curation.model.scoring import user_vector
from bookbrew.curation.model.train import CausalHistory, TrainConfig, TrainingData, fit
from bookbrew.curation.service import training
from tests.curation.conftest import CurationUnderTest

DARK_CHOCOLATE = [("roast", "dark", 1.0), ("flavor", "chocolate", 0.8)]


async def shoppers(curation: CurationUnderTest, n: int = 12) -> None:
    """A few shoppers who each buy within one category."""
    by_category: dict[str, list[str]] = {}
    for p in curation.catalog:
        by_category.setdefault(p["category"], []).append(p["sku"])
    categories = sorted(by_category)
    for s in range(n):
        skus = by_category[categories[s % 4]]
        for k in range(5):
            await curation.publish(
                "bookbrew.interaction.recorded",
                {
                    "customer_id": f"s{s}",
                    "sku": skus[(s + k) % len(skus)],
                    "kind": "click",
                    "occurred_at": f"2026-01-01T10:0{k}:00+00:00",
                },
                drain=False,
            )
    await curation.hub.bus.drain()


async def test_each_version_is_stored_with_offline_metrics(curation: CurationUnderTest) -> None:
    await shoppers(curation)
    record = await curation.train()

    assert record["serving"] is True and record["interactions"] == 60
    metrics = record["metrics"]
    assert metrics["users"] == 12 and metrics["k"] == 10
    assert 0.0 <= metrics["recall"] <= 1.0 and 0.0 <= metrics["ndcg"] <= 1.0
    assert 0.0 < metrics["coverage"] <= 1.0

    listed = await curation.client.get("/models", headers=curation.headers("staff", "admin"))
    assert [v["version"] for v in listed.json()] == [record["version"]]
    assert await repository.current_model_version(curation.store) == record["version"]


async def test_a_restart_serves_the_stored_items_and_model(
    curation_factory: Any,
) -> None:
    async with curation_factory() as first:
        await first.load_catalog()
        await first.complete_questionnaire("shopper-1", DARK_CHOCOLATE)
        version = (await first.train())["version"]
        before = await first.recommendations("shopper-1", context="coffee")
    async with curation_factory() as second:
        assert second.state.recommender.index.n == len(second.catalog)
        assert second.state.recommender.model.version == version  # type: ignore[union-attr]
        after = await second.recommendations("shopper-1", context="coffee")
        assert [i["sku"] for i in after["items"]] == [i["sku"] for i in before["items"]]


async def test_versions_switch_while_requests_are_served(curation: CurationUnderTest) -> None:
    await curation.complete_questionnaire("shopper-1", DARK_CHOCOLATE)
    first = (await curation.train())["version"]
    seen: set[str] = set()
    statuses: list[int] = []
    stop = asyncio.Event()

    async def keep_asking() -> None:
        while not stop.is_set():
            response = await curation.client.get(
                "/recommendations/shopper-1",
                params={"context": "coffee", "limit": 5},
                headers=curation.headers("shopper-1"),
            )
            statuses.append(response.status_code)
            if response.status_code == 200:
                seen.add(response.json()["model_version"])
                assert len(response.json()["items"]) == 5
            await asyncio.sleep(0)

    reader = asyncio.create_task(keep_asking())
    # Trained elsewhere (`bookbrew train`), then picked up by the version watcher.
    second = (await training.train_once(curation.state.settings))["version"]
    assert curation.state.recommender.model.version == first  # type: ignore[union-attr]
    await training.load_current(curation.store, curation.state)
    await asyncio.sleep(0.05)
    stop.set()
    await reader

    assert curation.state.recommender.model.version == second  # type: ignore[union-attr]
    assert set(statuses) == {200} and len(statuses) > 2
    assert first in seen and second in seen


def test_weights_round_trip_through_bytes() -> None:
    rng = np.random.default_rng(1)
    weights = ModelWeights(
        vocab=["category:coffee", "roast:dark"],
        feature_emb=rng.normal(size=(2, 4)).astype(np.float32),
        feature_bias=np.zeros(2, dtype=np.float32),
        item_ids=["CF-1"],
        item_emb=rng.normal(size=(1, 4)).astype(np.float32),
        item_bias=np.ones(1, dtype=np.float32),
        user_ids=["u"],
        user_emb=rng.normal(size=(1, 4)).astype(np.float32),
        alpha=0.5,
        text_proj=rng.normal(size=(384, 4)).astype(np.float32),
        history_emb=rng.normal(size=(1, 4)).astype(np.float32),
    )
    again = ModelWeights.from_bytes(weights.to_bytes())
    assert again.vocab == weights.vocab and again.user_ids == ["u"] and again.alpha == 0.5
    assert np.array_equal(again.text_proj, weights.text_proj)  # type: ignore[arg-type]
    assert np.array_equal(again.history_emb, weights.history_emb)  # type: ignore[arg-type]


def test_signals_hit_the_same_features_as_item_facets() -> None:
    coffee = item_features(
        "coffee", 1800, {"roast": "medium-dark", "flavor_notes": ["dark chocolate", "caramel"]}, []
    )
    signals = signal_features(
        [
            {"facet": "roast", "value": "Dark", "weight": 1.0},
            {"facet": "flavor", "value": "chocolate", "weight": 0.8},
            {"facet": "flavor", "value": "citrus", "weight": -0.5},
        ]
    )
    assert "roast:dark" in coffee and "flavor:chocolate" in coffee
    assert coffee["flavor:dark chocolate"] > coffee["flavor:chocolate"]
    assert signals == {"roast:dark": 1.0, "flavor:chocolate": 0.8, "flavor:citrus": -0.5}


def test_training_learns_a_simple_preference() -> None:
    """Users 0-9 like items 0-9, users 10-19 like items 10-19: the model ranks them so."""
    rng = np.random.default_rng(3)
    users = np.repeat(np.arange(20), 8)
    items = np.array([(u // 10) * 10 + rng.integers(10) for u in users])
    data = TrainingData(
        item_ids=[f"i{i}" for i in range(20)],
        item_features=[{f"group:{i // 10}": 1.0} for i in range(20)],
        user_ids=[f"u{u}" for u in range(20)],
        user_features=[{}] * 20,
        users=users,
        items=items,
        weights=np.ones(len(users), dtype=np.float32),
    )
    result = fit(data, TrainConfig(dim=8, epochs=30, batch_size=64, uniform_negatives=16))
    w = result.weights
    scores = w.user_emb @ (w.item_emb + w.feature_emb[[0] * 10 + [1] * 10]).T + w.item_bias
    first, second = scores[:10], scores[10:]
    assert (first[:, :10].mean() > first[:, 10:].mean()) and (
        second[:, 10:].mean() > second[:, :10].mean()
    )


def test_a_training_row_sees_only_what_its_shopper_did_before_it() -> None:
    # Rows sorted by user, then time: user 0 did items 5, 6, 7; user 1 did 8, 5.
    history = CausalHistory.build(np.array([0, 0, 0, 1, 1]), np.array([5, 6, 7, 8, 5]), 2, 99)
    tokens, weights = history(torch.tensor([0, 2, 4]), torch.tensor([5, 7, 5]))

    seen = [
        sorted(int(t) for t, w in zip(row, ws, strict=True) if w > 0)
        for row, ws in zip(tokens, weights, strict=True)
    ]
    assert seen == [[], [5, 6], [8]]  # nothing before the first row; never user 0's items
    assert float(weights[1].sum()) == pytest.approx(2 / np.sqrt(2))


def test_the_history_tower_serves_a_stranger_from_what_they_did() -> None:
    """Two tastes, items 0-9 and 10-19, no features to tell them apart: a shopper the model
    never saw, with only a few clicks in the second group, is served the second group."""
    rng = np.random.default_rng(3)
    users = np.repeat(np.arange(40), 8)
    items = np.array([(u % 2) * 10 + rng.integers(10) for u in users])
    data = TrainingData(
        item_ids=[f"i{i}" for i in range(20)],
        item_features=[{}] * 20,
        user_ids=[f"u{u}" for u in range(40)],
        user_features=[{}] * 40,
        users=users,
        items=items,
        weights=np.ones(len(users), dtype=np.float32),
        times=np.arange(len(users), dtype=np.float64),
    )
    w = fit(data, TrainConfig(dim=8, epochs=40, batch_size=64, uniform_negatives=16)).weights
    assert w.history_emb is not None
    items_matrix = w.item_emb  # no features: ids are the whole item vector
    for clicked, group in (([12, 15, 17], 1), ([1, 3], 0)):
        scores = items_matrix @ user_vector(w, {}, None, history=clicked) + w.item_bias
        mine, other = scores[group * 10 : group * 10 + 10], scores[(1 - group) * 10 :][:10]
        assert mine.mean() > other.mean()


async def test_bookbrew_train_publishes_a_version_the_service_then_serves(
    curation: CurationUnderTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from bookbrew.cli import app

    await shoppers(curation)
    settings = curation.state.settings
    monkeypatch.setenv("BOOKBREW_CURATION_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("BOOKBREW_CURATION_TEXT_EMBEDDINGS", "false")
    monkeypatch.setenv("BOOKBREW_CURATION_TRAIN_EPOCHS", "2")
    monkeypatch.setenv("BOOKBREW_CURATION_TRAIN_DIM", "8")
    monkeypatch.setenv("BOOKBREW_CURATION_HOLDOUT_MIN_ITEMS", "3")

    result = await asyncio.to_thread(CliRunner().invoke, app, ["train"])

    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.strip().splitlines()[-1])
    assert record["interactions"] == 60 and record["metrics"]["users"] == 12
    await training.load_current(curation.store, curation.state)
    assert curation.state.recommender.model.version == record["version"]  # type: ignore[union-attr]
