"""Catalog composition root: settings in, ASGI app out."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI

from bookbrew.catalog import api, repository, service
from bookbrew.catalog.models import outbox
from bookbrew.catalog.settings import CatalogSettings
from bookbrew.platform.db import Database
from bookbrew.platform.hub import Hub
from bookbrew.platform.runtime import service_runtime
from bookbrew.platform.service import create_service_app

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"


async def sweep_expired_reservations(db: Database) -> int:
    """Release every reservation past its expiry; each in its own transaction."""
    released = 0
    while True:
        async with db.sessions() as session:
            ids = await repository.expired_reservation_ids(session, datetime.now(UTC))
        if not ids:
            return released
        for reservation_id in ids:
            async with db.unit_of_work() as session:
                reservation = await service.release_reservation(
                    session, reservation_id, reason="expired"
                )
                released += reservation.status == "expired"


async def _sweep_forever(db: Database, every: float) -> None:
    while True:
        await asyncio.sleep(every)
        try:
            count = await sweep_expired_reservations(db)
            if count:
                log.info("released expired reservations", extra={"count": count})
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("reservation sweep failed; will try again")


def create_app(settings: CatalogSettings | None = None, hub: Hub | None = None) -> FastAPI:
    settings = settings or CatalogSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_runtime(
            app, settings, hub, migrations_dir=MIGRATIONS, outbox=outbox
        ) as runtime:
            assert runtime.db is not None
            sweeper = asyncio.create_task(
                _sweep_forever(runtime.db, settings.sweep_interval_seconds)
            )
            try:
                yield
            finally:
                sweeper.cancel()
                await asyncio.gather(sweeper, return_exceptions=True)

    app = create_service_app(
        service="catalog",
        title="BookBrew Catalog",
        description="Products, categories, prices, stock and reservations.",
        lifespan=lifespan,
    )
    app.include_router(api.public)
    app.include_router(api.admin)
    app.include_router(api.reservations)
    return app
