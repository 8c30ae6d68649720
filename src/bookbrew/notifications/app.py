"""Notifications composition root: settings in, ASGI app out."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from bookbrew.notifications import api, consumers
from bookbrew.notifications.channels import build_channels
from bookbrew.notifications.models import inbox
from bookbrew.notifications.service import Notifier
from bookbrew.notifications.settings import NotificationsSettings
from bookbrew.notifications.worker import DeliveryWorker, digest_schedule
from bookbrew.platform.events.bus import Handler, RetryPolicy, Subscription
from bookbrew.platform.events.consumer import idempotent
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.platform.hub import Hub
from bookbrew.platform.runtime import Runtime, service_runtime
from bookbrew.platform.service import create_service_app

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: NotificationsSettings | None = None, hub: Hub | None = None) -> FastAPI:
    settings = settings or NotificationsSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        channels = build_channels(settings)
        notifier = Notifier.build(settings, channels)
        worker_box: list[DeliveryWorker] = []

        def subscriptions(runtime: Runtime) -> list[Subscription]:
            assert runtime.db is not None
            worker = DeliveryWorker(runtime.db, notifier)
            worker_box.append(worker)
            consume = idempotent(
                runtime.db,
                inbox,
                service=settings.service_name,
                consumer="notifications.events",
                handler=consumers.handler_for(notifier),
            )
            return [
                Subscription(
                    queue="notifications.events",
                    patterns=consumers.CONSUMED,
                    handler=_then_wake(consume, worker),
                    retry=RetryPolicy(attempts=6, base_delay=0.5, max_delay=10.0),
                )
            ]

        async with service_runtime(
            app, settings, hub, migrations_dir=MIGRATIONS, subscriptions=subscriptions
        ) as runtime:
            assert runtime.db is not None
            worker = worker_box[0] if worker_box else DeliveryWorker(runtime.db, notifier)
            catalog = runtime.client("catalog", settings.catalog_url)
            app.state.notifier = notifier
            app.state.worker = worker
            app.state.catalog = catalog
            worker.start()
            schedule = (
                asyncio.create_task(digest_schedule(runtime.db, notifier, catalog, worker))
                if settings.digest_enabled
                else None
            )
            try:
                yield
            finally:
                if schedule is not None:
                    schedule.cancel()
                    await asyncio.gather(schedule, return_exceptions=True)
                await worker.stop()
                await channels.close()

    app = create_service_app(
        service="notifications",
        title="BookBrew Notifications",
        description="E-mail, SMS and push from events: templates, preferences, deliveries.",
        lifespan=lifespan,
    )
    app.include_router(api.me)
    app.include_router(api.public)
    app.include_router(api.admin)
    return app


def _then_wake(handle: Handler, worker: DeliveryWorker) -> Handler:
    """Wake the worker once the consumer's transaction has committed its deliveries."""

    async def handle_and_wake(event: CloudEvent) -> None:
        await handle(event)
        worker.wake()

    return handle_and_wake
