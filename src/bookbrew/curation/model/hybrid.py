"""The hybrid recommender (LightFM / two-tower family) in PyTorch.

    item vector v_i = Σ_g x_ig·E[g] + P·text_i + I[i]        (I only for warm items)
    user vector u   = Σ_f s_uf·E[f] + U[u] + Σ_{j∈H(u)} H[j]/√|H(u)|
    score(u, i)     = u·v_i + b_i + alpha·(s_u · x_i)

U exists only for users seen in training. H(u) is what the shopper did most recently
(viewed, bought, liked): the history tower, as in SVD++ / YouTube's candidate model. It
serves a shopper the model has never seen straight from their first clicks, and moves a
known shopper's picks as soon as they buy, without waiting for a retrain. Training asks
it for the next item: each row sees only what its shopper did before it (never the
target), so it learns from two items as well as from fifty (`train.CausalHistory`).

E is one table shared by both towers: a questionnaire signal and an item facet with the
same key are the same row, which is what makes cold start work. b_i = Σ_g x_ig·β[g] + c_i
is the item bias (popularity, learned). The last term is the plain overlap between what
the shopper said and what the item is, scaled by a learned alpha ≥ 0: it keeps cold-start
picks faithful to the answers even when little has been learned, and it is what the
reasons ("because you like dark roasts") explain.

Serving never touches torch: `ModelWeights` holds numpy arrays.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import nn


class HybridModel(nn.Module):
    def __init__(
        self,
        n_features: int,
        n_items: int,
        n_users: int,
        dim: int,
        text_dim: int = 0,
        history: bool = True,
    ) -> None:
        super().__init__()
        self.pad = n_features
        # Sparse gradients: a step touches only the rows in its batch (SparseAdam), which
        # keeps training time flat as catalogs and customer bases grow.
        self.features = nn.EmbeddingBag(
            n_features + 1, dim, mode="sum", padding_idx=n_features, sparse=True
        )
        self.feature_bias = nn.EmbeddingBag(
            n_features + 1, 1, mode="sum", padding_idx=n_features, sparse=True
        )
        self.items = nn.Embedding(n_items, dim, sparse=True)
        self.item_bias = nn.Embedding(n_items, 1, sparse=True)
        self.users = nn.Embedding(max(n_users, 1), dim, sparse=True)
        self.history = (
            nn.EmbeddingBag(n_items + 1, dim, mode="sum", padding_idx=n_items, sparse=True)
            if history
            else None
        )
        self.text = nn.Linear(text_dim, dim, bias=False) if text_dim else None
        self.raw_alpha = nn.Parameter(torch.tensor(0.5413))  # softplus → 1.0
        for table, std in ((self.features, 0.05), (self.items, 0.01), (self.users, 0.01)):
            nn.init.normal_(table.weight, std=std)
            with torch.no_grad():
                if table is self.features:
                    table.weight[n_features].zero_()
        if self.history is not None:
            nn.init.normal_(self.history.weight, std=0.01)
            with torch.no_grad():
                self.history.weight[n_items].zero_()
        nn.init.zeros_(self.feature_bias.weight)
        nn.init.zeros_(self.item_bias.weight)
        if self.text is not None:
            nn.init.normal_(self.text.weight, std=0.02)

    def sparse_parameters(self) -> list[nn.Parameter]:
        tables = [self.features, self.feature_bias, self.items, self.item_bias, self.users]
        if self.history is not None:
            tables.append(self.history)
        return [t.weight for t in tables]

    def dense_parameters(self) -> list[nn.Parameter]:
        sparse = {id(p) for p in self.sparse_parameters()}
        return [p for p in self.parameters() if id(p) not in sparse]

    @property
    def alpha(self) -> torch.Tensor:
        return nn.functional.softplus(self.raw_alpha)

    def item_vectors(
        self,
        items: torch.Tensor,
        feat_idx: torch.Tensor,
        feat_w: torch.Tensor,
        text: torch.Tensor | None,
        id_keep: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        vec = self.features(feat_idx, per_sample_weights=feat_w)
        bias = self.feature_bias(feat_idx, per_sample_weights=feat_w).squeeze(-1)
        ids = self.items(items)
        id_bias = self.item_bias(items).squeeze(-1)
        if id_keep is not None:
            ids = ids * id_keep.unsqueeze(-1)
        vec = vec + ids
        bias = bias + id_bias
        if self.text is not None and text is not None:
            vec = vec + self.text(text)
        return vec, bias

    def user_vectors(
        self,
        users: torch.Tensor,
        feat_idx: torch.Tensor,
        feat_w: torch.Tensor,
        id_keep: torch.Tensor | None = None,
        history: tuple[torch.Tensor, torch.Tensor] | None = None,
    ) -> torch.Tensor:
        ids = self.users(users)
        if id_keep is not None:
            ids = ids * id_keep.unsqueeze(-1)
        vec = self.features(feat_idx, per_sample_weights=feat_w) + ids
        if self.history is not None and history is not None:
            vec = vec + self.history(history[0], per_sample_weights=history[1])
        return vec


@dataclass
class ModelWeights:
    """Everything serving needs, as numpy arrays; what a model version stores."""

    vocab: list[str]
    feature_emb: np.ndarray  # (F, d)
    feature_bias: np.ndarray  # (F,)
    item_ids: list[str]
    item_emb: np.ndarray  # (n_items, d)
    item_bias: np.ndarray  # (n_items,)
    user_ids: list[str]
    user_emb: np.ndarray  # (n_users, d)
    alpha: float
    text_proj: np.ndarray | None = None  # (384, d)
    history_emb: np.ndarray | None = None  # (n_items, d), the history tower
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def dim(self) -> int:
        return int(self.feature_emb.shape[1])

    def to_bytes(self) -> bytes:
        arrays: dict[str, Any] = {
            "vocab": np.array(self.vocab, dtype=np.str_),
            "feature_emb": self.feature_emb,
            "feature_bias": self.feature_bias,
            "item_ids": np.array(self.item_ids, dtype=np.str_),
            "item_emb": self.item_emb,
            "item_bias": self.item_bias,
            "user_ids": np.array(self.user_ids, dtype=np.str_),
            "user_emb": self.user_emb,
            "alpha": np.array([self.alpha], dtype=np.float32),
        }
        if self.text_proj is not None:
            arrays["text_proj"] = self.text_proj
        if self.history_emb is not None:
            arrays["history_emb"] = self.history_emb
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, raw: bytes) -> ModelWeights:
        with np.load(io.BytesIO(raw), allow_pickle=False) as data:
            return cls(
                vocab=[str(k) for k in data["vocab"]],
                feature_emb=data["feature_emb"].astype(np.float32),
                feature_bias=data["feature_bias"].astype(np.float32),
                item_ids=[str(k) for k in data["item_ids"]],
                item_emb=data["item_emb"].astype(np.float32),
                item_bias=data["item_bias"].astype(np.float32),
                user_ids=[str(k) for k in data["user_ids"]],
                user_emb=data["user_emb"].astype(np.float32),
                alpha=float(data["alpha"][0]),
                text_proj=_optional(data, "text_proj"),
                history_emb=_optional(data, "history_emb"),
            )

    @classmethod
    def from_module(
        cls, model: HybridModel, vocab: list[str], item_ids: list[str], user_ids: list[str]
    ) -> ModelWeights:
        with torch.no_grad():
            n_features = len(vocab)
            return cls(
                vocab=list(vocab),
                feature_emb=model.features.weight[:n_features].numpy().copy(),
                feature_bias=model.feature_bias.weight[:n_features, 0].numpy().copy(),
                item_ids=list(item_ids),
                item_emb=model.items.weight.numpy().copy(),
                item_bias=model.item_bias.weight[:, 0].numpy().copy(),
                user_ids=list(user_ids),
                user_emb=model.users.weight[: len(user_ids)].numpy().copy(),
                alpha=float(model.alpha.item()),
                text_proj=None if model.text is None else model.text.weight.T.numpy().copy(),
                history_emb=(
                    None
                    if model.history is None
                    else model.history.weight[: len(item_ids)].numpy().copy()
                ),
            )


def _optional(data: Any, name: str) -> np.ndarray | None:
    return data[name].astype(np.float32) if name in data else None
