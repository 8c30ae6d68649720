"""Numpy scoring for a trained `ModelWeights`: item matrices, user vectors, fold-in of
users the model has not seen. No torch at serving time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from bookbrew.curation.model.features import Vocabulary
from bookbrew.curation.model.hybrid import ModelWeights

CHUNK = 4096
# How many of a shopper's latest items the history tower reads, in training and serving.
HISTORY_SIZE = 50


def item_vectors(
    weights: ModelWeights,
    vocab: Vocabulary,
    item_pos: Mapping[str, int],
    skus: Sequence[str],
    features: Sequence[Mapping[str, float]],
    text: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray]:
    """(len(skus), d) vectors and biases: features + text projection + id (warm items)."""
    n, d = len(skus), weights.dim
    table = np.vstack([weights.feature_emb, np.zeros((1, d), dtype=np.float32)])
    bias_table = np.append(weights.feature_bias, np.float32(0.0))
    vectors = np.zeros((n, d), dtype=np.float32)
    bias = np.zeros(n, dtype=np.float32)
    for start in range(0, n, CHUNK):
        idx, w = vocab.encode(features[start : start + CHUNK])
        vectors[start : start + CHUNK] = np.einsum("nl,nld->nd", w, table[idx])
        bias[start : start + CHUNK] = (w * bias_table[idx]).sum(axis=1)
    if weights.text_proj is not None and text is not None and len(text):
        vectors += text.astype(np.float32) @ weights.text_proj
    rows = [(r, item_pos[s]) for r, s in enumerate(skus) if s in item_pos]
    if rows:
        mine, theirs = (np.array(x, dtype=np.int64) for x in zip(*rows, strict=True))
        vectors[mine] += weights.item_emb[theirs]
        bias[mine] += weights.item_bias[theirs]
    return vectors, bias


def user_vector(
    weights: ModelWeights,
    features: Mapping[str, float],
    user_row: int | None,
    vocab_index: Mapping[str, int] | None = None,
    *,
    history: Sequence[int] = (),
) -> np.ndarray:
    """What the shopper said (signals), who they are (a trained user row) and what they
    did lately (`history`: the model's item positions, for its history tower)."""
    index = vocab_index if vocab_index is not None else {k: i for i, k in enumerate(weights.vocab)}
    vector = np.zeros(weights.dim, dtype=np.float32)
    for key, weight in features.items():
        i = index.get(key)
        if i is not None:
            vector += weight * weights.feature_emb[i]
    if user_row is not None:
        vector += weights.user_emb[user_row]
    if weights.history_emb is not None and len(history):
        rows = np.unique(np.asarray(history, dtype=np.int64))
        vector += weights.history_emb[rows].sum(axis=0) / np.sqrt(len(rows))
    return vector


def fold_in(
    vectors: np.ndarray,
    bias: np.ndarray,
    rows: Sequence[int],
    row_weights: Sequence[float],
    base: np.ndarray,
    *,
    steps: int = 30,
    l2: float = 0.05,
) -> np.ndarray:
    """A user vector for someone the model was not trained on, from what they did: a few
    gradient steps of the training objective (softmax over the catalog) on their items,
    starting from what their signals already say."""
    rows_arr = np.asarray(rows, dtype=np.int64)
    w = np.asarray(row_weights, dtype=np.float32)
    if len(rows_arr) == 0:
        return base
    w = w / w.sum()
    target = (w[:, None] * vectors[rows_arr]).sum(axis=0)
    scale = float(np.mean(np.sum(vectors * vectors, axis=1))) + 1e-6
    step = 0.5 / scale
    u = base.astype(np.float32).copy()
    for _ in range(steps):
        logits = vectors @ u + bias
        logits -= logits.max()
        p = np.exp(logits)
        p /= p.sum()
        grad = p @ vectors - target + l2 * (u - base)
        u -= step * grad
    return u


@dataclass
class ItemMatrix:
    """Item vectors plus a sparse feature matrix for the overlap term, for evaluation."""

    vectors: np.ndarray
    bias: np.ndarray
    features: sparse.csr_matrix
    keys: dict[str, int]

    @classmethod
    def build(
        cls,
        weights: ModelWeights,
        item_ids: Sequence[str],
        item_features: Sequence[Mapping[str, float]],
        text: np.ndarray | None,
    ) -> ItemMatrix:
        vocab = Vocabulary.from_keys(weights.vocab)
        item_pos = {s: i for i, s in enumerate(weights.item_ids)}
        vectors, bias = item_vectors(weights, vocab, item_pos, item_ids, item_features, text)
        keys: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for r, features in enumerate(item_features):
            for k, w in features.items():
                rows.append(r)
                cols.append(keys.setdefault(k, len(keys)))
                vals.append(w)
        matrix = sparse.csr_matrix(
            (np.array(vals, dtype=np.float32), (rows, cols)),
            shape=(len(item_ids), max(len(keys), 1)),
        )
        return cls(vectors, bias, matrix, keys)

    def overlap(self, features: Mapping[str, float]) -> np.ndarray:
        cols = [(self.keys[k], w) for k, w in features.items() if k in self.keys]
        if not cols:
            return np.zeros(self.vectors.shape[0], dtype=np.float32)
        user = np.zeros(self.features.shape[1], dtype=np.float32)
        for c, w in cols:
            user[c] = w
        return np.asarray(self.features @ user, dtype=np.float32).ravel()
