"""BFF Web composition root: settings in, ASGI app out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bookbrew.bff_web import api
from bookbrew.bff_web.settings import BffWebSettings
from bookbrew.platform.hub import Hub
from bookbrew.platform.responses import install_upstream_problem_handlers
from bookbrew.platform.runtime import service_runtime
from bookbrew.platform.service import create_service_app


def create_app(settings: BffWebSettings | None = None, hub: Hub | None = None) -> FastAPI:
    settings = settings or BffWebSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # No database and no events: the BFF owns no data; its cache only saves work.
        # Readiness checks the cache alone: a catalog outage is answered with 503
        # problems (or cached pages), not by taking the BFF out of rotation.
        async with service_runtime(app, settings, hub, uses_cache=True, uses_bus=False) as runtime:
            app.state.catalog = runtime.client(
                "catalog", settings.catalog_url, timeout=settings.catalog_timeout_seconds
            )
            yield

    app = create_service_app(
        service="bff_web",
        title="BookBrew BFF Web",
        description="Pages of the web app: home, category listings, search, product detail.",
        lifespan=lifespan,
    )
    install_upstream_problem_handlers(app)
    app.include_router(api.pages)
    app.include_router(api.media)
    return app
