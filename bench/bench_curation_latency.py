"""Curation latency and training time on synthetic catalogs and interactions.

    .venv/bin/python bench/bench_curation_latency.py [--sizes 1000,10000,100000]
        [--requests 300] [--train 100000,1000000] [--epochs 6] [--threads 1]

- top-20 home list for one shopper (a warm shopper with questionnaire signals, a taste
  text vector and a 50-item history), p50/p99:
  in-process (`Recommender.recommend`, the serving function) and through the app's
  HTTP API (`GET /recommendations/{id}`, in-process ASGI transport, SQLite document
  store, list logged per request).
- training time of the hybrid model for 100k and 1M synthetic interactions.
Goals (issue 4): p99 < 15 ms at 100k items; 1M interactions train in < 2 minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from bookbrew.curation.model.features import TEXT_DIM
from bookbrew.curation.model.hybrid import ModelWeights
from bookbrew.curation.model.loaded import prepare_model
from bookbrew.curation.model.serve import Profile, Recommender
from bookbrew.curation.model.train import TrainConfig, TrainingData, fit

CATEGORIES = ("book", "perfume", "coffee", "beverage")
ROASTS = ("light", "medium", "medium-dark", "dark")
FLAVORS = [f"flavor {n}" for n in range(60)] + ["dark chocolate", "caramel", "citrus"]
GENRES = [f"genre-{n}" for n in range(80)]
NOTES = [f"note {n}" for n in range(150)]
STYLES = [f"style {n}" for n in range(40)]


def synthetic_item(n: int, rng: np.random.Generator) -> dict[str, object]:
    category = CATEGORIES[n % 4]
    if category == "book":
        attributes = {
            "genres": list(rng.choice(GENRES, 2, replace=False)),
            "authors": [f"author {rng.integers(n // 3 + 1)}"],
        }
    elif category == "coffee":
        attributes = {
            "roast": str(rng.choice(ROASTS)),
            "origin": f"origin {rng.integers(30)}",
            "process": "washed",
            "flavor_notes": list(rng.choice(FLAVORS, 3, replace=False)),
        }
    elif category == "perfume":
        attributes = {
            "family": f"family {rng.integers(12)}",
            "brand": f"brand {rng.integers(300)}",
            "notes": {"top": list(rng.choice(NOTES, 3, replace=False)), "base": ["musk"]},
        }
    else:
        attributes = {
            "kind": "beer",
            "style": str(rng.choice(STYLES)),
            "flavor_profile": list(rng.choice(FLAVORS, 2, replace=False)),
        }
    return {
        "sku": f"SY-{n:07d}",
        "name": f"Item {n}",
        "category": category,
        "price_minor": int(rng.integers(300, 15000)),
        "currency": "EUR",
        "stock": int(rng.integers(0, 50)),
        "status": "active",
        "tags": ["bestseller"] if rng.random() < 0.02 else [],
        "attributes": attributes,
        "version": 1,
        "interactions": float(rng.pareto(1.5)),
    }


def synthetic_recommender(n_items: int, dim: int, seed: int = 1) -> Recommender:
    rng = np.random.default_rng(seed)
    recommender = Recommender()
    for n in range(n_items):
        recommender.index.upsert(synthetic_item(n, rng))
    index = recommender.index
    vectors = rng.normal(size=(n_items, TEXT_DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index.text[:n_items] = vectors
    index.has_text[:n_items] = True
    vocab = sorted({k for f in index.features[:n_items] for k in f})
    n_users = 10_000
    weights = ModelWeights(
        vocab=vocab,
        feature_emb=rng.normal(0, 0.1, (len(vocab), dim)).astype(np.float32),
        feature_bias=rng.normal(0, 0.1, len(vocab)).astype(np.float32),
        item_ids=list(index.skus[:n_items]),
        item_emb=rng.normal(0, 0.1, (n_items, dim)).astype(np.float32),
        item_bias=rng.normal(0, 0.1, n_items).astype(np.float32),
        user_ids=[f"user-{u}" for u in range(n_users)],
        user_emb=rng.normal(0, 0.1, (n_users, dim)).astype(np.float32),
        alpha=1.0,
        text_proj=rng.normal(0, 0.02, (TEXT_DIM, dim)).astype(np.float32),
        history_emb=rng.normal(0, 0.1, (n_items, dim)).astype(np.float32),
    )
    gc.collect()
    gc.freeze()  # as the service does after loading its index
    recommender.swap(
        prepare_model(
            weights,
            version="synthetic",
            alpha=1.0,
            trained_at=None,
            snapshot=index.snapshot(),
            skus=index.skus,
        )
    )
    return recommender


TASTE = np.random.default_rng(2).normal(size=TEXT_DIM).astype(np.float32)
TASTE /= np.linalg.norm(TASTE)  # a taste text's vector: also matched against item texts


def shopper(n: int) -> Profile:
    return Profile(
        customer_id=f"user-{n % 10_000}",
        signals=[
            {"facet": "roast", "value": "dark", "weight": 1.0},
            {"facet": "flavor", "value": "chocolate", "weight": 0.8},
            {"facet": "genre", "value": "genre-3", "weight": 0.6},
            {"facet": "category", "value": "coffee", "weight": 0.5},
        ],
        budgets={"general": 10_000},
        bought={f"SY-{k:07d}" for k in range(n % 7, 40, 7)},
        # A full history tower: the latest 50 things they viewed or bought.
        history=[(f"SY-{(n * 31 + k) % 1000:07d}", 1.0) for k in range(50)],
        taste=TASTE,
    )


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def in_process(recommender: Recommender, requests: int) -> tuple[float, float]:
    for n in range(20):
        recommender.recommend(shopper(n), context="home", limit=20)
    samples = []
    for n in range(requests):
        started = time.perf_counter()
        result = recommender.recommend(shopper(n), context="home", limit=20)
        samples.append(time.perf_counter() - started)
        assert len(result.picks) == 20
    return percentiles(samples)


async def over_http(recommender: Recommender, requests: int) -> tuple[float, float]:
    import httpx
    from asgi_lifespan import LifespanManager

    from bookbrew.curation.app import create_app
    from bookbrew.curation.settings import CurationSettings
    from bookbrew.platform.devkeys import DevSigningKey

    with tempfile.TemporaryDirectory() as tmp:
        key = DevSigningKey.generate()
        jwks = key.write_jwks(Path(tmp) / "jwks.json")
        settings = CurationSettings(
            data_dir=Path(tmp),
            jwks_file=str(jwks),
            environment="test",
            initial_sync=False,
            text_embeddings=False,
            train_on_start=False,
            train_interval_seconds=0,
            model_poll_seconds=3600,
            log_level="WARNING",
        )
        app = create_app(settings)
        async with LifespanManager(app):
            state = app.state.curation
            state.recommender.index = recommender.index
            state.recommender.model = recommender.model
            headers = {"Authorization": f"Bearer {key.mint('bff-web', roles=['service'])}"}
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://curation"
            ) as client:
                samples = []
                for n in range(requests + 20):
                    started = time.perf_counter()
                    response = await client.get(
                        f"/recommendations/user-{n % 10_000}",
                        params={"context": "coffee", "limit": 20},
                        headers=headers,
                    )
                    elapsed = time.perf_counter() - started
                    assert response.status_code == 200, response.text
                    if n >= 20:
                        samples.append(elapsed)
    return percentiles(samples)


def training_time(n_interactions: int, epochs: int, dim: int, threads: int) -> tuple[float, int]:
    rng = np.random.default_rng(5)
    n_items = 20_000
    n_users = max(1_000, n_interactions // 20)
    item_rng = np.random.default_rng(9)
    items = [synthetic_item(n, item_rng) for n in range(n_items)]
    from bookbrew.curation.model.features import item_features

    features = [
        item_features(i["category"], i["price_minor"], i["attributes"], i["tags"])  # type: ignore[arg-type]
        for i in items
    ]
    popularity = rng.zipf(1.2, n_interactions) % n_items
    data = TrainingData(
        item_ids=[str(i["sku"]) for i in items],
        item_features=features,
        user_ids=[f"user-{u}" for u in range(n_users)],
        user_features=[{"roast:dark": 1.0} if u % 3 == 0 else {} for u in range(n_users)],
        users=rng.integers(0, n_users, n_interactions),
        times=np.arange(n_interactions, dtype=np.float64),
        items=popularity.astype(np.int64),
        weights=np.ones(n_interactions, dtype=np.float32),
    )
    started = time.perf_counter()
    result = fit(data, TrainConfig(dim=dim, epochs=epochs, threads=threads))
    return time.perf_counter() - started, result.epochs_run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--train", default="100000,1000000")
    defaults = TrainConfig()  # what the service trains with
    parser.add_argument("--epochs", type=int, default=defaults.epochs)
    parser.add_argument("--dim", type=int, default=defaults.dim)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    print("| items   | in-process p50 | in-process p99 | HTTP p50 | HTTP p99 |")
    print("|---------|----------------|----------------|----------|----------|")
    for size in (int(s) for s in args.sizes.split(",") if s):
        recommender = synthetic_recommender(size, args.dim)
        p50, p99 = in_process(recommender, args.requests)
        h50, h99 = asyncio.run(over_http(recommender, args.requests))
        print(
            f"| {size:>7} | {p50:11.2f} ms | {p99:11.2f} ms | {h50:5.2f} ms | {h99:5.2f} ms |",
            flush=True,
        )
    print("\n| interactions | epochs | dim | threads | training time | per epoch |")
    print("|--------------|--------|-----|---------|---------------|-----------|")
    for n in (int(s) for s in args.train.split(",") if s):
        seconds, epochs = training_time(n, args.epochs, args.dim, args.threads)
        print(
            f"| {n:>12} | {epochs:>6} | {args.dim:>3} | {args.threads:>7} | "
            f"{seconds:10.1f} s | {seconds / max(epochs, 1):6.1f} s |",
            flush=True,
        )


if __name__ == "__main__":
    sys.exit(main())
