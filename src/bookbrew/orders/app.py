"""Orders composition root: settings in, ASGI app out."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from fastapi import FastAPI

from bookbrew.orders import consumers, events
from bookbrew.orders.api import admin, cart, checkout, orders
from bookbrew.orders.clients import CatalogClient, PaymentsClient, ServiceTokens
from bookbrew.orders.models import outbox
from bookbrew.orders.service import recovery
from bookbrew.orders.service.context import ContextHolder, OrdersContext
from bookbrew.orders.settings import OrdersSettings
from bookbrew.platform.events.outbox import seal_outbox
from bookbrew.platform.hub import Hub
from bookbrew.platform.revocation import Revocations
from bookbrew.platform.runtime import service_runtime
from bookbrew.platform.service import create_service_app

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(settings: OrdersSettings | None = None, hub: Hub | None = None) -> FastAPI:
    settings = settings or OrdersSettings()
    holder = ContextHolder()
    revocations = Revocations()  # erased customers' tokens, refused at once

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_runtime(
            app,
            settings,
            hub,
            migrations_dir=MIGRATIONS,
            outbox=outbox,
            uses_cache=True,
            subscriptions=lambda runtime: [
                *consumers.subscriptions(runtime.db, holder),  # type: ignore[arg-type]
                revocations.erasure_subscription(events.SERVICE),
            ],
        ) as runtime:
            assert runtime.db is not None and runtime.cache is not None
            await revocations.install(app, runtime)
            ring = settings.key_ring()
            seal_outbox(runtime.db, ring)  # events carry shipping addresses
            if not runtime.db.is_sqlite:
                # Under MariaDB's default REPEATABLE READ a `FOR UPDATE` on a row that is
                # not there yet (an idempotency key, an outbox batch) takes a gap lock
                # that blocks concurrent inserts; with a thousand checkouts at once that
                # queues them. READ COMMITTED takes no gap locks; the saga needs no more,
                # as it locks the order row itself (`repository.lock_order`). (The outbox
                # relay claims its rows under READ COMMITTED on its own as well; without
                # this setting the 1,000-checkout test failed once under CPU load, cause
                # not established, so it stays.)
                runtime.db.engine.sync_engine.update_execution_options(
                    isolation_level="READ COMMITTED"
                )
            timeout = settings.http_timeout_seconds
            identity = httpx.AsyncClient(
                base_url="http://customers" if hub is not None else settings.customers_url,
                transport=hub.transport("customers") if hub is not None else None,
                timeout=timeout,
            )
            tokens = ServiceTokens(
                identity, settings.client_id, settings.client_secret.get_secret_value()
            )
            context = OrdersContext(
                db=runtime.db,
                cache=runtime.cache,
                catalog=CatalogClient(
                    runtime.client("catalog", settings.catalog_url, timeout=timeout), tokens
                ),
                payments=PaymentsClient(
                    runtime.client("payments", settings.payments_url, timeout=timeout), tokens
                ),
                settings=settings,
                ring=ring,
            )
            app.state.orders = context
            holder.set(context)
            sweeper = asyncio.create_task(recovery.run_forever(context), name="orders-recovery")
            try:
                yield
            finally:
                sweeper.cancel()
                await asyncio.gather(sweeper, return_exceptions=True)
                await tokens.close()

    app = create_service_app(
        service="orders",
        title="BookBrew Orders",
        description=(
            "Carts (cache, TTL), orders and the checkout saga: stock reserved in the "
            "catalog, payment with MFA step-up, confirmation or compensation."
        ),
        lifespan=lifespan,
    )
    app.include_router(cart.router)
    app.include_router(checkout.router)
    app.include_router(orders.router)
    app.include_router(admin.router)
    return app
