"""A model version ready to serve: its weights plus the item matrix computed for the
current item index (kept in step with the index as items arrive or change)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from bookbrew.curation.model.features import Vocabulary
from bookbrew.curation.model.hybrid import ModelWeights
from bookbrew.curation.model.index import ItemIndex
from bookbrew.curation.model.scoring import HISTORY_SIZE, item_vectors


@dataclass
class ServingModel:
    version: str
    weights: ModelWeights
    alpha: float
    trained_at: datetime | None
    vectors: np.ndarray
    bias: np.ndarray
    built_revision: int
    built_rows: int
    vocab: Vocabulary
    user_rows: dict[str, int]
    item_pos: dict[str, int]
    history_size: int = HISTORY_SIZE
    _fold_cache: dict[tuple[str, int], np.ndarray] = field(default_factory=dict)

    def sync(self, index: ItemIndex) -> None:
        """Compute vectors for rows added or changed since this matrix was built."""
        if index.feature_revision == self.built_revision and index.n == self.built_rows:
            return
        n = index.n
        if n > len(self.vectors):
            capacity = max(n, 2 * len(self.vectors))
            vectors = np.zeros((capacity, self.weights.dim), dtype=np.float32)
            bias = np.zeros(capacity, dtype=np.float32)
            vectors[: self.built_rows] = self.vectors[: self.built_rows]
            bias[: self.built_rows] = self.bias[: self.built_rows]
            self.vectors, self.bias = vectors, bias
        stale = np.flatnonzero(index.row_revision[:n] > self.built_revision)
        stale = np.union1d(stale, np.arange(self.built_rows, n))
        if len(stale):
            skus = [index.skus[r] for r in stale]
            v, b = item_vectors(
                self.weights,
                self.vocab,
                self.item_pos,
                skus,
                [index.features[r] for r in stale],
                np.where(index.has_text[stale, None], index.text[stale], 0.0),
            )
            self.vectors[stale], self.bias[stale] = v, b
        self.built_revision, self.built_rows = index.feature_revision, n
        self._fold_cache.clear()


def prepare_model(
    weights: ModelWeights,
    *,
    version: str,
    alpha: float,
    trained_at: datetime | None,
    snapshot: tuple[int, int, list[dict[str, float]], np.ndarray, np.ndarray],
    skus: Sequence[str],
) -> ServingModel:
    """Build a serving model from a snapshot of the index; blocking, run it in a thread."""
    n, revision, features, text, has_text = snapshot
    vocab = Vocabulary.from_keys(weights.vocab)
    item_pos = {s: i for i, s in enumerate(weights.item_ids)}
    vectors, bias = item_vectors(
        weights, vocab, item_pos, list(skus[:n]), features, np.where(has_text[:, None], text, 0.0)
    )
    return ServingModel(
        version=version,
        weights=weights,
        alpha=alpha,
        trained_at=trained_at,
        vectors=vectors,
        bias=bias,
        built_revision=revision,
        built_rows=n,
        vocab=vocab,
        user_rows={u: i for i, u in enumerate(weights.user_ids)},
        item_pos=item_pos,
    )
