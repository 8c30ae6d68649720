"""What one curation process keeps in memory: the item index and serving model
(`Recommender`), co-purchase counts, and the queue of items waiting for text vectors.
Built by `app.create_app`, rebuilt from documents at start."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable

from bookbrew.curation.model.features import TextEncoder, shared_text_encoder
from bookbrew.curation.model.serve import Recommender, Rules
from bookbrew.curation.settings import CurationSettings


class CurationState:
    def __init__(self, settings: CurationSettings) -> None:
        self.settings = settings
        self.recommender = Recommender(
            Rules(
                category_cap=settings.category_cap,
                novelty_share=settings.novelty_share,
                taste_weight=settings.taste_weight,
            )
        )
        self.co_purchases: defaultdict[str, defaultdict[str, float]] = defaultdict(
            lambda: defaultdict(float)
        )
        self.embed_queue: asyncio.Queue[tuple[str, str, str]] = asyncio.Queue()
        self.training_lock = asyncio.Lock()
        self.items_ready = asyncio.Event()
        # Set once the initial sync has read the whole catalog (or when there is none).
        self.catalog_synced = asyncio.Event()
        self.retrain_requested = asyncio.Event()
        self._encoder: TextEncoder | None = None

    @property
    def encoder(self) -> TextEncoder:
        if self._encoder is None:
            self._encoder = shared_text_encoder(self.settings.torch_threads)
        return self._encoder

    def add_basket(self, skus: Iterable[str]) -> None:
        basket = sorted(set(skus))
        for a in basket:
            for b in basket:
                if a != b:
                    self.co_purchases[a][b] += 1.0
