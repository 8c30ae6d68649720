"""Fast top-K with business rules.

`Recommender` holds the in-memory `ItemIndex` and the serving model. A new model
version is prepared off the event loop (`prepare`) and swapped in by one reference
assignment (`swap`): requests in flight keep the model they started with, the next
ones get the new one, nothing is ever unavailable.

Rules: only active, in-stock items; never what the shopper already bought; within their
budget; on the home list at most `category_cap` of the picks from one category; a share
of picks (`novelty_share`) from the less popular half of the catalog."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from bookbrew.curation.model.index import CATEGORIES, CATEGORY_CODE, ItemIndex
from bookbrew.curation.model.loaded import ServingModel
from bookbrew.curation.model.reasons import (
    because_you_like,
    complement_reason,
    display_values,
    novelty_reason,
    popular_reason,
    shared_reason,
    similar_reason,
)
from bookbrew.curation.model.scoring import fold_in, user_vector

Strategy = Literal["model", "popularity"]


@dataclass
class Profile:
    """What curation knows of one shopper, as serving needs it."""

    customer_id: str
    signals: list[dict[str, object]] = field(default_factory=list)
    # Budgets per questionnaire ("general" and each category's own), in minor units.
    budgets: dict[str, int] = field(default_factory=dict)
    bought: set[str] = field(default_factory=set)
    history: list[tuple[str, float]] = field(default_factory=list)  # (sku, weight), newest last
    # The sentence-model vector of what they told the questionnaires (`taste_text`),
    # matched against the items' own text vectors.
    taste: np.ndarray | None = None

    @property
    def features(self) -> dict[str, float]:
        from bookbrew.curation.model.features import signal_features

        return signal_features(self.signals)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Pick:
    sku: str
    name: str
    category: str
    price_minor: int
    currency: str
    score: float
    reason: str
    novel: bool = False


@dataclass(frozen=True)
class Rules:
    category_cap: float = 0.4
    novelty_share: float = 0.1
    pool_factor: int = 6
    fold_in_steps: int = 30
    # Weight of the cosine between the shopper's taste text and an item's description,
    # added to the best `taste_shortlist` items (at least ten per pick asked for).
    taste_weight: float = 1.0
    taste_shortlist: int = 500


@dataclass(frozen=True)
class Recommendation:
    strategy: Strategy
    model_version: str | None
    picks: list[Pick]


class Recommender:
    def __init__(self, rules: Rules | None = None, index: ItemIndex | None = None) -> None:
        self.rules = rules or Rules()
        self.index = index or ItemIndex()
        self.model: ServingModel | None = None
        self._thresholds: tuple[int, float, float] = (-1, 0.0, 0.0)
        self._by_category: tuple[tuple[int, int], list[np.ndarray]] | None = None

    # --- model versions -------------------------------------------------------------
    def swap(self, model: ServingModel) -> None:
        """Atomic for readers: one reference assignment, after the new matrix is synced."""
        model.sync(self.index)
        self.model = model

    def forget_user(self, customer_id: str) -> None:
        model = self.model
        if model is not None:
            model.user_rows.pop(customer_id, None)
            model._fold_cache.clear()

    # --- shared pieces ----------------------------------------------------------------
    def _mask(self, context: str, budgets: Mapping[str, int]) -> np.ndarray:
        """Available items of the context, each within the budget the shopper gave for its
        category (or their general budget): a thrifty tea budget must not empty the
        coffee shelf."""
        index = self.index
        n = index.n
        mask = index.available()
        if context in CATEGORY_CODE:
            mask &= index.category[:n] == CATEGORY_CODE[context]
        general = budgets.get("general")
        for category, code in CATEGORY_CODE.items():
            if context in CATEGORY_CODE and category != context:
                continue
            budget = budgets.get(category, general)
            if budget is not None:
                mask &= ~((index.category[:n] == code) & (index.price[:n] > budget))
        return mask

    def _popularity_thresholds(self, popularity: np.ndarray) -> tuple[float, float]:
        """(median, 75th percentile) of popularity, recomputed only when it changes."""
        revision, median, upper = self._thresholds
        if revision != self.index.popularity_revision:
            if len(popularity):
                median, upper = (float(x) for x in np.percentile(popularity, [50, 75]))
            else:
                median = upper = 0.0
            self._thresholds = (self.index.popularity_revision, median, upper)
        return median, upper

    def _select(
        self,
        scores: np.ndarray,
        mask: np.ndarray,
        limit: int,
        *,
        diversify: bool,
        novelty: bool,
        popularity: np.ndarray,
    ) -> list[tuple[int, bool]]:
        """Rows to show, best first, with a flag for the novelty picks."""
        scores = np.where(mask, scores, -np.inf)
        available = int(mask.sum())
        if available == 0 or limit <= 0:
            return []
        pool_size = min(available, limit * self.rules.pool_factor)
        pool = np.argpartition(-scores, pool_size - 1)[:pool_size]
        pool = pool[np.argsort(-scores[pool], kind="stable")]
        cap = max(1, math.ceil(limit * self.rules.category_cap)) if diversify else limit
        per_category: dict[int, int] = {}
        chosen: list[int] = []
        skipped: list[int] = []
        for row in pool:
            c = int(self.index.category[row])
            if per_category.get(c, 0) >= cap:
                skipped.append(int(row))
                continue
            per_category[c] = per_category.get(c, 0) + 1
            chosen.append(int(row))
            if len(chosen) == limit:
                break
        if diversify and len(chosen) < limit:
            # The best-scored pool was one category's: look further down the others.
            chosen = self._widen(scores, chosen, per_category, cap, limit)
        if len(chosen) < limit:  # not enough variety in stock: fill up regardless
            taken = set(chosen)
            chosen.extend([r for r in skipped if r not in taken][: limit - len(chosen)])
        novel: set[int] = set()
        want = round(limit * self.rules.novelty_share) if novelty else 0
        if want and len(chosen) >= 4:
            threshold = self._popularity_thresholds(popularity)[0]
            tail_mask = mask & (popularity <= threshold)
            tail_mask[chosen] = False
            already = sum(1 for r in chosen if popularity[r] <= threshold)
            need = want - already
            if need > 0 and tail_mask.any():
                tail_scores = np.where(tail_mask, scores, -np.inf)
                k = min(need, int(tail_mask.sum()))
                extra = np.argpartition(-tail_scores, k - 1)[:k]
                extra = extra[np.argsort(-tail_scores[extra])]
                # Replace the last non-tail picks; insert at a spread-out position.
                removable = [r for r in reversed(chosen) if popularity[r] > threshold][:k]
                for r in removable:
                    chosen.remove(r)
                for n_inserted, row in enumerate(extra[: len(removable)]):
                    at = min(len(chosen), (n_inserted + 1) * max(2, limit // (k + 1)))
                    chosen.insert(at, int(row))
                    novel.add(int(row))
        return [(r, r in novel) for r in chosen[:limit]]

    def _widen(
        self,
        scores: np.ndarray,
        chosen: list[int],
        per_category: dict[int, int],
        cap: int,
        limit: int,
    ) -> list[int]:
        extra: list[int] = []
        taken = set(chosen)
        for code, rows in enumerate(self._category_rows()):
            room = cap - per_category.get(code, 0)
            if room <= 0 or not len(rows):
                continue
            candidates = scores[rows]
            k = min(room + len(taken), len(rows))
            top = rows[np.argpartition(-candidates, k - 1)[:k]]
            fresh = [int(r) for r in top if np.isfinite(scores[r]) and int(r) not in taken]
            fresh.sort(key=lambda r: -scores[r])
            extra.extend(fresh[:room])
        extra.sort(key=lambda r: -scores[r])
        merged = chosen + extra[: limit - len(chosen)]
        merged.sort(key=lambda r: -scores[r])
        return merged

    def _category_rows(self) -> list[np.ndarray]:
        """Rows per category, rebuilt only when items were added or changed."""
        key = (self.index.n, self.index.feature_revision)
        cached = self._by_category
        if cached is None or cached[0] != key:
            categories = self.index.category[: self.index.n]
            groups = [np.flatnonzero(categories == c) for c in range(len(CATEGORIES))]
            self._by_category = cached = (key, groups)
        return cached[1]

    def _pick(self, row: int, score: float, reason: str, novel: bool = False) -> Pick:
        index = self.index
        return Pick(
            sku=index.skus[row],
            name=index.names[row],
            category=CATEGORIES[int(index.category[row])],
            price_minor=int(index.price[row]),
            currency=index.currencies[row],
            score=round(float(score), 4) if math.isfinite(score) else 0.0,
            reason=reason,
            novel=novel,
        )

    # --- top-K for a shopper -------------------------------------------------------------
    def user_vector(
        self, model: ServingModel, profile: Profile, features: Mapping[str, float]
    ) -> np.ndarray | None:
        row = model.user_rows.get(profile.customer_id)
        if model.weights.history_emb is not None:
            # The history tower reads what they did lately, trained on or not.
            recent = [
                model.item_pos[s] for s, w in profile.history if w > 0 and s in model.item_pos
            ]
            recent = recent[-model.history_size :]
            if row is None and not recent and not features:
                return None
            return user_vector(model.weights, features, row, model.vocab.index, history=recent)
        # A model stored before the history tower: fold the shopper in.
        base = user_vector(model.weights, features, row, model.vocab.index)
        if row is not None:
            return base
        history = [(self.index.pos[s], w) for s, w in profile.history if s in self.index.pos]
        if not history:
            return base if features else None
        cache_key = (profile.customer_id, hash((tuple(history), tuple(sorted(features.items())))))
        cached = model._fold_cache.get(cache_key)
        if cached is None:
            n = self.index.n
            cached = fold_in(
                model.vectors[:n],
                model.bias[:n],
                [r for r, _ in history],
                [w for _, w in history],
                base,
                steps=self.rules.fold_in_steps,
            )
            if len(model._fold_cache) > 10_000:
                model._fold_cache.clear()
            model._fold_cache[cache_key] = cached
        return cached

    def recommend(
        self, profile: Profile, *, context: str = "home", limit: int = 20
    ) -> Recommendation:
        index = self.index
        model = self.model
        if model is not None:
            model.sync(index)
        n = index.n
        features = profile.features
        popularity = index.popularity()
        mask = self._mask(context, profile.budgets)
        bought = index.rows(sorted(profile.bought))
        if bought:
            mask[bought] = False
        vector = None if model is None else self.user_vector(model, profile, features)
        if model is not None and vector is not None:
            scores = model.vectors[:n] @ vector + model.bias[:n]
            if features:
                scores += model.alpha * index.overlap(features)
            strategy: Strategy = "model"
        elif features:
            # No model yet but the shopper told us their taste: the overlap alone.
            scores = index.overlap(features) + 0.01 * popularity
            strategy = "model"
        else:
            scores = popularity.copy()
            strategy = "popularity"
        if strategy == "model" and profile.taste is not None and self.rules.taste_weight:
            scores = self._rerank_by_taste(scores, mask, profile.taste, limit)
        selected = self._select(
            scores,
            mask,
            limit,
            diversify=context == "home",
            novelty=strategy == "model",
            popularity=popularity,
        )
        history_rows = [index.pos[s] for s, _ in profile.history[-20:] if s in index.pos]
        picks = []
        for row, novel in selected:
            reason = self._reason(
                row, strategy, features, profile, history_rows, novel, popularity, model
            )
            picks.append(self._pick(row, float(scores[row]), reason, novel))
        if model is None and strategy == "model":
            return Recommendation(strategy, "content-only", picks)
        return Recommendation(strategy, model.version if model else None, picks)

    def _rerank_by_taste(
        self, scores: np.ndarray, mask: np.ndarray, taste: np.ndarray, limit: int
    ) -> np.ndarray:
        """Add the cosine of each item's text with the shopper's taste text (centred on
        the shortlist's mean; 0 without text) to the best `shortlist` allowed items: a
        re-rank, so a 100k catalogue costs a few hundred dot products, not 100k."""
        index = self.index
        allowed = np.flatnonzero(mask & index.has_text[: index.n])
        if len(allowed) == 0:
            return scores
        size = max(self.rules.taste_shortlist, 10 * limit)
        if len(allowed) > size:
            allowed = allowed[np.argpartition(-scores[allowed], size)[:size]]
        similarity = index.text[allowed] @ taste.astype(np.float32)
        scores = scores.copy()
        scores[allowed] += self.rules.taste_weight * (similarity - similarity.mean())
        return scores

    def _reason(
        self,
        row: int,
        strategy: Strategy,
        features: Mapping[str, float],
        profile: Profile,
        history_rows: Sequence[int],
        novel: bool,
        popularity: np.ndarray,
        model: ServingModel | None,
    ) -> str:
        index = self.index
        category = CATEGORIES[int(index.category[row])]
        if strategy == "popularity":
            return popular_reason(category, index.facets[row], best_seller=True)
        matched = [
            (weight, key)
            for key, weight in features.items()
            if weight > 0 and key in index.features[row]
        ]
        if matched:
            matched.sort(reverse=True)
            display = display_values(profile.signals)
            return because_you_like([(k, display.get(k)) for _, k in matched[:2]])
        if model is not None and history_rows:
            vectors = model.vectors
            similarity = vectors[list(history_rows)] @ vectors[row]
            best = history_rows[int(np.argmax(similarity))]
            bought = index.skus[best] in profile.bought
            return similar_reason(index.names[best], bought=bought)
        if novel:
            return novelty_reason(category)
        high = popularity[row] > self._popularity_thresholds(popularity)[1]
        return popular_reason(category, index.facets[row], best_seller=bool(high))

    # --- more like this --------------------------------------------------------------
    def similar(self, sku: str, *, limit: int = 12, budget: int | None = None) -> Recommendation:
        index = self.index
        row = index.pos[sku]
        model = self.model
        if model is not None:
            model.sync(index)
        category = CATEGORIES[int(index.category[row])]
        mask = self._mask(category, {} if budget is None else {category: budget})
        mask[row] = False
        scores = index.overlap(index.features[row])
        if index.has_text[row]:
            scores = scores + index.text[: index.n] @ index.text[row]
        if model is not None:
            vectors = model.vectors[: index.n]
            norms = np.linalg.norm(vectors, axis=1) + 1e-6
            scores = scores + (vectors @ vectors[row]) / (norms * norms[row])
        scores = scores + 0.01 * index.popularity()
        selected = self._select(
            scores, mask, limit, diversify=False, novelty=False, popularity=index.popularity()
        )
        picks = [
            self._pick(
                r,
                float(scores[r]),
                shared_reason(index.facets[row], index.facets[r], index.names[row]),
            )
            for r, _ in selected
        ]
        return Recommendation(
            "model" if model else "popularity", model.version if model else None, picks
        )

    # --- complements for a cart ---------------------------------------------------------
    def complements(
        self,
        skus: Sequence[str],
        *,
        co_purchases: Mapping[str, Mapping[str, float]],
        limit: int = 8,
        profile: Profile | None = None,
    ) -> Recommendation:
        index = self.index
        model = self.model
        if model is not None:
            model.sync(index)
        cart = index.rows(list(skus))
        mask = self._mask("home", profile.budgets if profile else {})
        if cart:
            mask[cart] = False
        if profile is not None:
            bought = index.rows(sorted(profile.bought))
            if bought:
                mask[bought] = False
        popularity = index.popularity()
        together = np.zeros(index.n, dtype=np.float32)
        source = np.full(index.n, -1, dtype=np.int64)
        for cart_row in cart:
            for other, count in co_purchases.get(index.skus[cart_row], {}).items():
                r = index.pos.get(other)
                if r is not None and count > together[r]:
                    together[r] = count
                    source[r] = cart_row
        scores = np.log1p(together) * 3.0 + 0.05 * popularity
        if model is not None and cart:
            taste = model.vectors[cart].mean(axis=0)
            affinity = model.vectors[: index.n] @ taste
            scores = scores + 0.3 * affinity / (np.abs(affinity).max() + 1e-6)
        # Complementary means other categories: a coffee for a book, not a second book.
        cart_categories = {int(index.category[r]) for r in cart}
        other = ~np.isin(index.category[: index.n], list(cart_categories))
        scores = scores + np.where(other, 0.5, 0.0)
        selected = self._select(
            scores, mask, limit, diversify=True, novelty=False, popularity=popularity
        )
        picks = []
        for r, _ in selected:
            if source[r] >= 0:
                reason = complement_reason(index.names[int(source[r])], often=True)
            elif cart:
                reason = complement_reason(
                    index.names[cart[0]], often=False, category=CATEGORIES[int(index.category[r])]
                )
            else:
                reason = popular_reason(CATEGORIES[int(index.category[r])], index.facets[r], True)
            picks.append(self._pick(r, float(scores[r]), reason))
        return Recommendation(
            "model" if model else "popularity", model.version if model else None, picks
        )
