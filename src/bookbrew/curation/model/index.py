"""The catalog as curation sees it, in memory: one row per product ever seen, with the
arrays the business rules filter on (category, price, stock, status, popularity) and the
features and text vectors the model scores. Rows are never reused, so positions stay
stable for the loaded model's item matrix."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from bookbrew.curation.model.features import TEXT_DIM, facet_values, item_features

CATEGORIES: tuple[str, ...] = ("book", "perfume", "coffee", "beverage")
CATEGORY_CODE = {c: i for i, c in enumerate(CATEGORIES)}
PRIOR_TAGS = {"bestseller": 1.0, "top-rated": 0.5}


class ItemIndex:
    def __init__(self, capacity: int = 1024, *, text_dim: int = TEXT_DIM) -> None:
        self.n = 0
        self.text_dim = text_dim
        self.skus: list[str] = []
        self.names: list[str] = []
        self.currencies: list[str] = []
        self.facets: list[list[tuple[str, str]]] = []
        self.features: list[dict[str, float]] = []
        self.versions: list[int] = []
        self.pos: dict[str, int] = {}
        self.feature_revision = 0  # bumps when features or text of any row change
        self.popularity_revision = 0
        self._postings: dict[str, dict[int, float]] = {}
        self._posting_arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._popularity: tuple[tuple[int, int], np.ndarray] | None = None
        self._allocate(capacity)

    def _allocate(self, capacity: int) -> None:
        def grow(name: str, dtype: Any, shape: tuple[int, ...] = ()) -> None:
            fresh = np.zeros((capacity, *shape), dtype=dtype)
            old = getattr(self, name, None)
            if old is not None:
                fresh[: self.n] = old[: self.n]
            setattr(self, name, fresh)

        grow("category", np.int8)
        grow("price", np.int64)
        grow("stock", np.int64)
        grow("active", np.bool_)
        grow("interactions", np.float32)  # summed interaction weights
        grow("prior", np.float32)  # catalog popularity and best-seller tags
        grow("text", np.float32, (self.text_dim,))
        grow("has_text", np.bool_)
        grow("row_revision", np.int64)
        self.capacity = capacity

    # --- changes ------------------------------------------------------------------
    def upsert(self, item: Mapping[str, Any]) -> int:
        """Add or update a product from its item document; returns its row."""
        sku = str(item["sku"])
        row = self.pos.get(sku)
        if row is None:
            if self.n == self.capacity:
                self._allocate(self.capacity * 2)
            row = self.n
            self.n += 1
            self.pos[sku] = row
            self.skus.append(sku)
            self.names.append("")
            self.currencies.append("EUR")
            self.facets.append([])
            self.features.append({})
            self.versions.append(0)
        category = str(item["category"])
        attributes = item.get("attributes") or {}
        tags = list(item.get("tags") or [])
        features = item_features(category, int(item["price_minor"]), attributes, tags)
        if features != self.features[row]:
            self._set_features(row, features)
        self.names[row] = str(item.get("name", ""))
        self.currencies[row] = str(item.get("currency", "EUR"))
        self.facets[row] = facet_values(category, attributes, tags)
        self.versions[row] = int(item.get("version", 0))
        self.category[row] = CATEGORY_CODE.get(category, 0)
        self.price[row] = int(item["price_minor"])
        self.stock[row] = int(item.get("stock", 0))
        self.active[row] = item.get("status", "active") == "active" and not item.get("deleted")
        self.interactions[row] = float(item.get("interactions", 0.0))
        prior = math.log1p(max(0, int(item.get("catalog_popularity", 0) or 0)))
        prior += sum(PRIOR_TAGS.get(str(t), 0.0) for t in tags)
        self.prior[row] = prior
        self.popularity_revision += 1
        return row

    def _set_features(self, row: int, features: dict[str, float]) -> None:
        for key in self.features[row]:
            self._postings.get(key, {}).pop(row, None)
            self._posting_arrays.pop(key, None)
        for key, weight in features.items():
            self._postings.setdefault(key, {})[row] = weight
            self._posting_arrays.pop(key, None)
        self.features[row] = features
        self._touch(row)

    def _touch(self, row: int) -> None:
        self.feature_revision += 1
        self.row_revision[row] = self.feature_revision

    def set_text(self, sku: str, vector: np.ndarray | None) -> None:
        row = self.pos.get(sku)
        if row is None:
            return
        if vector is None:
            self.text[row] = 0.0
            self.has_text[row] = False
        else:
            self.text[row] = vector
            self.has_text[row] = True
        self._touch(row)

    def set_stock(self, sku: str, stock: int) -> None:
        row = self.pos.get(sku)
        if row is not None:
            self.stock[row] = stock

    def deactivate(self, sku: str) -> None:
        row = self.pos.get(sku)
        if row is not None:
            self.active[row] = False

    def set_interactions(self, sku: str, total: float) -> None:
        row = self.pos.get(sku)
        if row is not None:
            self.interactions[row] = total
            self.popularity_revision += 1

    # --- reads --------------------------------------------------------------------
    def popularity(self) -> np.ndarray:
        """A popularity score per row: what shoppers did, then what the catalog says.
        Cached until popularity changes; do not modify the returned array."""
        key = (self.popularity_revision, self.n)
        if self._popularity is None or self._popularity[0] != key:
            values = np.log1p(self.interactions[: self.n]) * 2.0 + self.prior[: self.n]
            self._popularity = (key, values)
        return self._popularity[1]

    def available(self) -> np.ndarray:
        return self.active[: self.n] & (self.stock[: self.n] > 0)

    def rows(self, skus: list[str]) -> list[int]:
        return [self.pos[s] for s in skus if s in self.pos]

    def overlap(self, features: Mapping[str, float]) -> np.ndarray:
        """Σ signal weight x item feature weight over shared keys, per row."""
        scores = np.zeros(self.n, dtype=np.float32)
        for key, weight in features.items():
            rows, weights = self._posting(key)
            if len(rows):
                scores[rows] += weight * weights
        return scores

    def _posting(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        cached = self._posting_arrays.get(key)
        if cached is None:
            posting = self._postings.get(key, {})
            cached = (
                np.fromiter(posting.keys(), dtype=np.int64, count=len(posting)),
                np.fromiter(posting.values(), dtype=np.float32, count=len(posting)),
            )
            self._posting_arrays[key] = cached
        return cached

    def snapshot(self) -> tuple[int, int, list[dict[str, float]], np.ndarray, np.ndarray]:
        """What building a model's item matrix off the event loop needs."""
        n = self.n
        return (
            n,
            self.feature_revision,
            list(self.features[:n]),
            self.text[:n].copy(),
            self.has_text[:n].copy(),
        )
