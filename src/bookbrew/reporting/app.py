"""Reporting composition root: settings in, ASGI app out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI

from bookbrew.platform.hub import Hub
from bookbrew.platform.runtime import Runtime, service_runtime
from bookbrew.platform.service import create_service_app
from bookbrew.reporting import api, consumers
from bookbrew.reporting.service.context import Ingest
from bookbrew.reporting.settings import ReportingSettings

MIGRATIONS = Path(__file__).parent / "migrations"


def ingest_from(settings: ReportingSettings) -> Ingest:
    return Ingest(
        secret=settings.secret_key.get_secret_value().encode(),
        attribution_window=timedelta(days=settings.attribution_window_days),
    )


def create_app(settings: ReportingSettings | None = None, hub: Hub | None = None) -> FastAPI:
    settings = settings or ReportingSettings()

    def subscribe(runtime: Runtime) -> list[consumers.Subscription]:
        assert runtime.db is not None
        return consumers.subscriptions(runtime.db, ingest_from(settings))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_runtime(
            app, settings, hub, migrations_dir=MIGRATIONS, subscriptions=subscribe
        ):
            app.state.settings = settings
            yield

    app = create_service_app(
        service="reporting",
        title="BookBrew Reporting",
        description="Sales, funnel, curation, customer and inventory reports built from events.",
        lifespan=lifespan,
    )
    app.include_router(api.reports)
    return app
