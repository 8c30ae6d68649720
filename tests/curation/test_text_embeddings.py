"""Text vectors from the packaged MiniLM model: computed once per item text, cached as
documents, used by the model and "more like this"."""

from __future__ import annotations

from typing import Any

import numpy as np

from bookbrew.curation import repository
from bookbrew.curation.model.features import taste_text
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


def test_taste_text_says_what_the_shopper_likes_strongest_first() -> None:
    text = taste_text(
        [
            {"facet": "genre", "value": "fantasy", "weight": 0.6},
            {"facet": "author", "value": "Ursula K. Le Guin", "weight": 1.0},
            {"facet": "flavor", "value": "citrus", "weight": -0.5},  # a dislike stays out
        ]
    )
    assert text == "author: Ursula K. Le Guin; genre: fantasy"


async def test_the_shoppers_answers_are_read_by_the_text_model_too(
    curation_factory: Any, text_encoder: Any
) -> None:
    """Two fantasy novels alike in every facet, unlike in what their descriptions say:
    a shopper who told us about wizards and dragons gets the one that is about them."""
    async with curation_factory(text_embeddings=True) as curation:
        await curation.load_catalog()
        base = next(p for p in curation.catalog if p["category"] == "book")
        twins = {  # the ledger first, so that ties would favour it
            "BK-TWIN-LEDGER": "A quarterly tax audit at a mid-sized logistics firm, told "
            "through spreadsheets, invoices and an accountant's expense reports.",
            "BK-TWIN-MAGIC": "A young wizard apprentice tames a dragon and learns the old "
            "magic of true names on a storm-wracked archipelago.",
        }
        for sku, description in twins.items():
            record = {**base, "sku": sku, "name": "The Twin", "description": description}
            await curation.publish("bookbrew.product.created", product_event_data(record))
        index = curation.state.recommender.index
        await eventually(lambda: bool(index.has_text[: index.n].all()), timeout=60)

        await curation.complete_questionnaire(
            "wizard-fan",
            [("genre", "fantasy", 1.0), ("theme", "wizards, dragons and magic", 0.8)],
            key="book",
        )
        stored = await repository.get_profile(curation.store, "wizard-fan")
        assert stored is not None and "wizards, dragons" in stored["taste"]["text"]

        listed = await curation.recommendations("wizard-fan", context="book", limit=30)
        ranked = [item["sku"] for item in listed["items"]]
        assert ranked.index("BK-TWIN-MAGIC") < ranked.index("BK-TWIN-LEDGER")
