"""Top-K quality metrics, shared by the service's per-version evaluation and bench/."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Metrics:
    recall: float
    ndcg: float
    coverage: float  # share of the catalog appearing in at least one top-K list
    users: int
    k: int

    def as_dict(self) -> dict[str, float | int]:
        return {k: (round(v, 5) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def evaluate_topk(
    lists: Sequence[Sequence[int]], truth: Sequence[set[int]], n_items: int, *, k: int = 10
) -> Metrics:
    """Recall@K = hits / min(K, |truth|) (so a perfect list scores 1); NDCG@K binary."""
    recall_sum = ndcg_sum = 0.0
    shown: set[int] = set()
    users = 0
    for ranked, relevant in zip(lists, truth, strict=True):
        if not relevant:
            continue
        users += 1
        top = list(ranked)[:k]
        shown.update(top)
        hits = [rank for rank, item in enumerate(top) if item in relevant]
        recall_sum += len(hits) / min(k, len(relevant))
        dcg = sum(1.0 / math.log2(rank + 2) for rank in hits)
        ideal = sum(1.0 / math.log2(rank + 2) for rank in range(min(k, len(relevant))))
        ndcg_sum += dcg / ideal
    if users == 0:
        return Metrics(0.0, 0.0, 0.0, 0, k)
    return Metrics(recall_sum / users, ndcg_sum / users, len(shown) / max(n_items, 1), users, k)
