"""Payments composition root: settings in, ASGI app out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from bookbrew.payments import api
from bookbrew.payments.models import outbox
from bookbrew.payments.operations import PaymentsContext
from bookbrew.payments.providers import build_provider
from bookbrew.payments.settings import PaymentsSettings
from bookbrew.payments.webhooks import WebhookProcessor
from bookbrew.platform.hub import Hub
from bookbrew.platform.runtime import service_runtime
from bookbrew.platform.scrubbing import install_card_scrubbing
from bookbrew.platform.service import create_service_app

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: PaymentsSettings | None = None, hub: Hub | None = None) -> FastAPI:
    settings = settings or PaymentsSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_runtime(
            app, settings, hub, migrations_dir=MIGRATIONS, outbox=outbox
        ) as runtime:
            # After the runtime configured logging, so its handler gets the filter too.
            install_card_scrubbing()
            assert runtime.db is not None
            provider = build_provider(settings)
            ring = settings.key_ring()
            app.state.payments = PaymentsContext(runtime.db, provider, ring, settings)
            processor = WebhookProcessor(
                runtime.db, ring, provider.name, poll_seconds=settings.webhook_poll_seconds
            )
            app.state.webhook_processor = processor
            processor.start()
            try:
                yield
            finally:
                await processor.stop()
                await provider.close()

    app = create_service_app(
        service="payments",
        title="BookBrew Payments",
        description=(
            "Payments through a provider port (sandbox by default, Stripe, PayPal), "
            "with idempotency keys, signed webhooks and MFA step-up."
        ),
        lifespan=lifespan,
    )
    app.include_router(api.payments)
    app.include_router(api.methods)
    app.include_router(api.hooks)
    return app
