"""Training: sampled softmax over in-batch and uniform negatives with logQ correction
(mixed negative sampling), Adam, id dropout so the feature towers learn to stand alone
(cold users, cold items). Then a held-out evaluation that also picks alpha, the weight of
the plain signal/facet overlap term."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from bookbrew.curation.model.features import MAX_FEATURES, Vocabulary
from bookbrew.curation.model.hybrid import HybridModel, ModelWeights
from bookbrew.curation.model.metrics import Metrics, evaluate_topk
from bookbrew.curation.model.scoring import HISTORY_SIZE

log = logging.getLogger(__name__)

# Implicit feedback strength per interaction kind (ratings: see `interaction_weight`).
KIND_WEIGHTS = {"purchase": 4.0, "add_to_cart": 2.0, "click": 1.0, "view": 0.5}
ALPHA_GRID = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0)


def interaction_weight(kind: str, value: float | None) -> float:
    """How much an interaction says the shopper likes the item; ≤ 0 is not a positive."""
    if kind == "rating":
        if value is None:
            return 0.0
        return {5: 3.0, 4: 2.0, 3: 0.5}.get(round(value), -1.0)
    weight = KIND_WEIGHTS.get(kind, 0.0)
    if kind == "purchase" and value:
        weight *= min(3.0, 1.0 + math.log(max(value, 1.0)))
    return weight


@dataclass
class TrainConfig:
    # Tuned on MovieLens-100k (bench/bench_curation_offline.py); more epochs overfit.
    dim: int = 64
    epochs: int = 4
    batch_size: int = 512
    uniform_negatives: int = 128
    lr: float = 0.005
    l2: float = 1e-5
    user_id_dropout: float = 0.3
    item_id_dropout: float = 0.3
    # Strength of the logQ correction for the popularity-biased in-batch negatives: 1 is
    # the unbiased softmax; above 1 the item biases keep extra popularity, which measured
    # better on MovieLens-100k (bench/bench_curation_offline.py: 1.5 > 1.0 > 0.5 > 0).
    logq: float = 1.5
    # The history tower reads a shopper's latest `history_size` items (0: no tower). Each
    # training row sees only what its shopper did before it (next-item prediction, which
    # measured 0.175 NDCG@10 against 0.152 for random shares of the whole history), and
    # a share of rows see no history at all, so signals alone still serve a newcomer.
    history_size: int = HISTORY_SIZE
    history_dropout: float = 0.3
    threads: int = 1
    seed: int = 7
    max_seconds: float | None = None  # stop early, keeping what was learned


@dataclass
class TrainingData:
    """Interactions as parallel arrays over item / user positions, plus side features.
    Several rows for one (user, item) are fine: their weights add up."""

    item_ids: list[str]
    item_features: Sequence[dict[str, float]]
    user_ids: list[str]
    user_features: Sequence[dict[str, float]]
    users: np.ndarray  # int64 positions
    items: np.ndarray  # int64 positions
    weights: np.ndarray  # float32, > 0
    text: np.ndarray | None = None  # (n_items, 384)
    times: np.ndarray | None = None  # float64 epoch seconds, for time-ordered splits
    vocab: Vocabulary | None = None

    def __post_init__(self) -> None:
        if self.vocab is None:
            self.vocab = Vocabulary.build([*self.item_features, *self.user_features])

    def subset(self, mask: np.ndarray) -> TrainingData:
        return TrainingData(
            item_ids=self.item_ids,
            item_features=self.item_features,
            user_ids=self.user_ids,
            user_features=self.user_features,
            users=self.users[mask],
            items=self.items[mask],
            weights=self.weights[mask],
            text=self.text,
            times=None if self.times is None else self.times[mask],
            vocab=self.vocab,
        )


@dataclass
class TrainResult:
    weights: ModelWeights
    seconds: float
    epochs_run: int
    losses: list[float] = field(default_factory=list)


def fit(
    data: TrainingData, config: TrainConfig, *, progress: Callable[[int, float], None] | None = None
) -> TrainResult:
    """Train on CPU; `data.users`/`data.items` index `data.user_ids`/`data.item_ids`."""
    assert data.vocab is not None
    started = time.perf_counter()
    previous_threads = torch.get_num_threads()
    torch.set_num_threads(max(1, config.threads))
    torch.manual_seed(config.seed)
    generator = np.random.default_rng(config.seed)
    try:
        vocab = data.vocab
        n_items, n_users = len(data.item_ids), len(data.user_ids)
        text_dim = 0 if data.text is None else int(data.text.shape[1])
        model = HybridModel(
            len(vocab), n_items, n_users, config.dim, text_dim, history=config.history_size > 0
        )
        # Rows in (user, time) order: a row's causal history is the rows just before it.
        order = np.lexsort(
            (data.times if data.times is not None else np.arange(len(data.users)), data.users)
        )
        data_users, data_items = data.users[order], data.items[order]
        causal = CausalHistory.build(data_users, data_items, config.history_size, n_items)
        item_idx, item_w = (torch.from_numpy(a) for a in vocab.encode(data.item_features))
        user_idx, user_w = (
            torch.from_numpy(a) for a in vocab.encode(data.user_features, width=MAX_FEATURES)
        )
        if n_users == 0:
            user_idx = torch.full((1, MAX_FEATURES), len(vocab), dtype=torch.long)
            user_w = torch.zeros((1, MAX_FEATURES))
        text = None if data.text is None else torch.from_numpy(data.text.astype(np.float32))
        users = torch.from_numpy(data_users.astype(np.int64))
        items = torch.from_numpy(data_items.astype(np.int64))
        weights = torch.from_numpy(data.weights[order].astype(np.float32))
        n = len(users)
        losses: list[float] = []
        epochs_run = 0
        if n == 0 or config.epochs == 0:
            return TrainResult(
                ModelWeights.from_module(model, vocab.keys, data.item_ids, data.user_ids),
                time.perf_counter() - started,
                0,
            )
        counts = torch.bincount(items, minlength=n_items).float()
        in_batch_q = counts / counts.sum()
        batch = min(config.batch_size, n)
        negatives = min(config.uniform_negatives, n_items)
        sparse_optimizer = torch.optim.SparseAdam(model.sparse_parameters(), lr=config.lr)
        dense = model.dense_parameters()
        dense_optimizer = torch.optim.Adam(dense, lr=config.lr) if dense else None
        for epoch in range(config.epochs):
            order = torch.from_numpy(generator.permutation(n))
            total, steps = 0.0, 0
            for start in range(0, n, batch):
                chosen = order[start : start + batch]
                b = len(chosen)
                u, i, w = users[chosen], items[chosen], weights[chosen]
                uniform = torch.from_numpy(generator.integers(0, n_items, negatives))
                candidates = torch.cat([i, uniform])
                keep_u = (torch.rand(b) >= config.user_id_dropout).float()
                keep_i = (torch.rand(len(candidates)) >= config.item_id_dropout).float()
                tokens, token_w = causal(chosen, i)
                keep_h = (torch.rand(b, 1) >= config.history_dropout).float()
                uv = model.user_vectors(
                    u, user_idx[u], user_w[u], keep_u, (tokens, token_w * keep_h)
                )
                iv, ib = model.item_vectors(
                    candidates,
                    item_idx[candidates],
                    item_w[candidates],
                    None if text is None else text[candidates],
                    keep_i,
                )
                logits = uv @ iv.T + ib
                log_q = torch.log(b * in_batch_q[candidates] + negatives / n_items)
                logits = logits - config.logq * log_q
                hits = candidates.unsqueeze(0) == i.unsqueeze(1)
                hits[torch.arange(b), torch.arange(b)] = False
                logits = logits.masked_fill(hits, -1e9)
                ce = torch.nn.functional.cross_entropy(logits, torch.arange(b), reduction="none")
                loss = (ce * w).sum() / w.sum()
                loss = loss + config.l2 * (uv.pow(2).sum() + iv.pow(2).sum()) / b
                sparse_optimizer.zero_grad(set_to_none=True)
                if dense_optimizer is not None:
                    dense_optimizer.zero_grad(set_to_none=True)
                loss.backward()
                sparse_optimizer.step()
                if dense_optimizer is not None:
                    dense_optimizer.step()
                total += float(loss.item())
                steps += 1
                if config.max_seconds and time.perf_counter() - started > config.max_seconds:
                    break
            losses.append(total / max(steps, 1))
            epochs_run = epoch + 1
            if progress:
                progress(epoch, losses[-1])
            if config.max_seconds and time.perf_counter() - started > config.max_seconds:
                log.info("training stopped at its time budget", extra={"epochs": epochs_run})
                break
        result = ModelWeights.from_module(model, vocab.keys, data.item_ids, data.user_ids)
        return TrainResult(result, time.perf_counter() - started, epochs_run, losses)
    finally:
        torch.set_num_threads(previous_threads)


def user_histories(data: TrainingData, size: int) -> list[list[int]]:
    """Each user's latest `size` distinct items (positions), oldest first: by time when
    known, else in row order."""
    histories: list[list[int]] = [[] for _ in data.user_ids]
    if size <= 0 or len(data.users) == 0:
        return histories
    order = (
        np.argsort(data.times, kind="stable")
        if data.times is not None
        else np.arange(len(data.users))
    )
    latest: list[dict[int, None]] = [{} for _ in data.user_ids]
    for u, i in zip(data.users[order].tolist(), data.items[order].tolist(), strict=True):
        seen = latest[u]
        seen.pop(i, None)
        seen[i] = None
    for u, seen in enumerate(latest):
        histories[u] = list(seen)[-size:]
    return histories


@dataclass
class CausalHistory:
    """For each training row (rows sorted by user, then time), what its user had done
    just before it: the model learns to predict the next item from the last ones, which
    is the question serving asks."""

    items: torch.Tensor  # item of every row
    first: torch.Tensor  # per row, the index of its user's first row
    size: int
    pad: int

    @classmethod
    def build(cls, users: np.ndarray, items: np.ndarray, size: int, pad: int) -> CausalHistory:
        starts = np.r_[0, np.flatnonzero(np.diff(users)) + 1] if len(users) else np.array([0])
        lengths = np.diff(np.r_[starts, len(users)])
        first = np.repeat(starts, lengths)
        return cls(
            torch.from_numpy(items.astype(np.int64)),
            torch.from_numpy(first.astype(np.int64)),
            max(size, 1),
            pad,
        )

    def __call__(
        self, rows: torch.Tensor, targets: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        index = rows.unsqueeze(1) - self.size + torch.arange(self.size)
        keep = index >= self.first[rows].unsqueeze(1)
        tokens = self.items[index.clamp(min=0)]
        keep &= tokens != targets.unsqueeze(1)
        weights = keep.float() / keep.sum(dim=1, keepdim=True).clamp(min=1).float().sqrt()
        return tokens.masked_fill(~keep, self.pad), weights


def split_holdout(
    data: TrainingData, *, fraction: float = 0.2, min_positives: int = 5, seed: int = 7
) -> tuple[np.ndarray, dict[int, set[int]]]:
    """Leave the last `fraction` of each user's distinct items out (by time when known,
    else at random), for users with at least `min_positives` items. Returns the train
    mask over interaction rows and the held-out item sets per user position."""
    generator = np.random.default_rng(seed)
    train = np.ones(len(data.users), dtype=bool)
    held: dict[int, set[int]] = {}
    order = np.argsort(data.users, kind="stable")
    users_sorted = data.users[order]
    bounds = np.flatnonzero(np.diff(users_sorted)) + 1
    for rows in np.split(order, bounds):
        if len(rows) == 0:
            continue
        items = data.items[rows]
        distinct = np.unique(items)
        if len(distinct) < min_positives:
            continue
        if data.times is not None:
            last_seen = {int(i): float(t) for i, t in zip(items, data.times[rows], strict=True)}
            ranked = sorted(last_seen, key=lambda i: last_seen[i])
        else:
            ranked = list(generator.permutation(distinct))
        n_out = max(1, round(len(ranked) * fraction))
        out = {int(i) for i in ranked[-n_out:]}
        held[int(data.users[rows[0]])] = out
        train[rows[np.isin(items, list(out))]] = False
    return train, held


def evaluate(
    weights: ModelWeights,
    data: TrainingData,
    train_mask: np.ndarray,
    held: dict[int, set[int]],
    *,
    k: int = 10,
    alphas: Sequence[float] = ALPHA_GRID,
    history_size: int = HISTORY_SIZE,
) -> tuple[Metrics, float]:
    """Metrics of a model trained on the train rows, on the held-out items; also the alpha
    (overlap weight) that served those users best."""
    from bookbrew.curation.model.scoring import ItemMatrix, user_vector

    matrix = ItemMatrix.build(weights, data.item_ids, data.item_features, data.text)
    seen: dict[int, set[int]] = {}
    for u, i in zip(data.users[train_mask], data.items[train_mask], strict=True):
        seen.setdefault(int(u), set()).add(int(i))
    user_pos = {uid: p for p, uid in enumerate(weights.user_ids)}
    item_pos = {sku: p for p, sku in enumerate(weights.item_ids)}
    histories = user_histories(data.subset(train_mask), history_size)
    best: tuple[Metrics, float] | None = None
    users = sorted(held)
    bases = []
    for u in users:
        history = [item_pos[data.item_ids[i]] for i in histories[u]]
        vec = user_vector(
            weights, data.user_features[u], user_pos.get(data.user_ids[u]), history=history
        )
        bases.append((vec, matrix.overlap(data.user_features[u])))
    for alpha in alphas:
        lists: list[list[int]] = []
        for u, (vec, overlap) in zip(users, bases, strict=True):
            scores = matrix.vectors @ vec + matrix.bias + alpha * overlap
            excluded = list(seen.get(u, ()))
            if excluded:
                scores[excluded] = -np.inf
            top = np.argpartition(-scores, k)[:k] if len(scores) > k else np.arange(len(scores))
            lists.append([int(i) for i in top[np.argsort(-scores[top])]])
        metrics = evaluate_topk(lists, [held[u] for u in users], len(data.item_ids), k=k)
        if best is None or metrics.ndcg > best[0].ndcg:
            best = (metrics, alpha)
    assert best is not None
    return best


def describe(result: TrainResult) -> dict[str, Any]:
    return {"seconds": round(result.seconds, 3), "epochs": result.epochs_run}
