"""Text vectors from the packaged MiniLM model: computed once per item text, cached as
documents, used by the model and "more like this"."""

from __future__ import annotations

from typing import Any

import numpy as np

from bookbrew.curation import repository
from tests.curation.conftest import product_event_data
from tests.support import eventually


async def test_items_get_text_vectors_once_and_the_model_uses_them(
    curation_factory: Any, text_encoder: Any
) -> None:
    calls: list[int] = []
    original = text_encoder.encode

    def counting(texts: Any, batch_size: int = 32) -> np.ndarray:
        calls.append(len(texts))
        return original(texts, batch_size)  # type: ignore[no-any-return]

    text_encoder.encode = counting
    try:
        async with curation_factory(text_embeddings=True) as curation:
            await curation.load_catalog()
            index = curation.state.recommender.index
            await eventually(lambda: bool(index.has_text[: index.n].all()), timeout=60)
            assert sum(calls) == len(curation.catalog)
            assert await curation.store.count(repository.ITEM_TEXT) == len(curation.catalog)
            vector = index.text[0]
            assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1) < 1e-3

            # A price change keeps the text: no new vector. A new description gets one.
            record = curation.catalog[0]
            await curation.publish(
                "bookbrew.product.updated",
                product_event_data(record, version=2, price={"amount": 1, "currency": "EUR"}),
            )
            await curation.publish(
                "bookbrew.product.updated",
                product_event_data(record, version=3, description="Now tasting of smoke."),
            )
            await eventually(lambda: sum(calls) == len(curation.catalog) + 1, timeout=30)

            record = await curation.train()
            assert curation.state.recommender.model.weights.text_proj is not None  # type: ignore[union-attr]
            assert record["version"]
            similar = await curation.client.get(
                f"/products/{curation.catalog[1]['sku']}/similar", params={"limit": 3}
            )
            assert similar.status_code == 200 and len(similar.json()["items"]) == 3

        async with curation_factory(text_embeddings=True) as again:
            index = again.state.recommender.index
            assert bool(index.has_text[: index.n].all())
            assert sum(calls) == len(again.catalog) + 1  # cached, not recomputed
    finally:
        text_encoder.encode = original
