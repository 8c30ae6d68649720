"""Curation composition root: settings in, ASGI app out."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bookbrew.curation import api, consumers
from bookbrew.curation.service import catalog, training
from bookbrew.curation.service.state import CurationState
from bookbrew.curation.settings import CurationSettings
from bookbrew.platform.hub import Hub
from bookbrew.platform.revocation import Revocations
from bookbrew.platform.runtime import service_runtime
from bookbrew.platform.service import create_service_app

log = logging.getLogger(__name__)


async def _purchases_into(state: CurationState, store) -> None:  # type: ignore[no-untyped-def]
    from bookbrew.curation import repository

    baskets: dict[str, list[str]] = {}
    for purchase in await repository.purchases(store):
        if purchase.get("order_id"):
            baskets.setdefault(purchase["order_id"], []).append(purchase["sku"])
    for skus in baskets.values():
        state.add_basket(skus)


def create_app(settings: CurationSettings | None = None, hub: Hub | None = None) -> FastAPI:
    settings = settings or CurationSettings()
    state = CurationState(settings)
    revocations = Revocations()  # erased customers' tokens, refused at once

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.torch_threads:
            import torch

            torch.set_num_threads(settings.torch_threads)
        async with service_runtime(
            app,
            settings,
            hub,
            uses_documents=True,
            document_outbox=True,
            uses_cache=True,  # the deny-list, shared by replicas when CACHE_URL is Redis
            subscriptions=lambda runtime: [
                *consumers.subscriptions(state)(runtime),
                revocations.erasure_subscription(consumers.SERVICE),
            ],
        ) as runtime:
            store = runtime.documents
            assert store is not None
            await revocations.install(app, runtime)
            await catalog.load_index(store, state)
            await _purchases_into(state, store)
            await training.load_current(store, state)
            # The item index is many small long-lived objects: keep them out of the
            # cyclic GC's full collections, whose pauses would show in p99 latency.
            gc.freeze()
            tasks = [
                asyncio.create_task(training.train_forever(runtime, state)),
                asyncio.create_task(
                    training.watch_versions(store, state, settings.model_poll_seconds)
                ),
            ]
            if settings.text_embeddings:
                tasks.append(asyncio.create_task(catalog.embed_forever(store, state)))
            if settings.initial_sync:
                client = runtime.client("catalog", settings.catalog_url)
                tasks.append(
                    asyncio.create_task(
                        catalog.sync_until_done(store, state, client, settings.sync_retry_seconds)
                    )
                )
            try:
                yield
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)

    app = create_service_app(
        service="curation",
        title="BookBrew Curation",
        description="Personal picks with reasons, more like this, and cart complements.",
        lifespan=lifespan,
    )
    app.state.curation = state
    app.include_router(api.public)
    app.include_router(api.interactions)
    app.include_router(api.admin)
    return app
