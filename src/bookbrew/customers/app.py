"""Customers composition root: settings in, ASGI app out."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI

from bookbrew.customers import consumers
from bookbrew.customers.api import accounts, admin, oauth
from bookbrew.customers.models import outbox
from bookbrew.customers.service.clients import sync_clients
from bookbrew.customers.service.security import Security
from bookbrew.customers.service.signing_keys import OwnKeysJwks, SigningKeys
from bookbrew.customers.settings import CustomersSettings
from bookbrew.platform.auth import TokenVerifier
from bookbrew.platform.events.outbox import seal_outbox
from bookbrew.platform.hub import Hub
from bookbrew.platform.revocation import Revocations
from bookbrew.platform.runtime import service_runtime
from bookbrew.platform.service import create_service_app

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger(__name__)


async def _reload_keys_forever(keys: SigningKeys, every: float) -> None:
    """Replicas pick up a rotation made by another replica well within the overlap."""
    while True:
        await asyncio.sleep(every)
        try:
            await keys.load()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("reloading signing keys failed; will try again")


def create_app(settings: CustomersSettings | None = None, hub: Hub | None = None) -> FastAPI:
    settings = settings or CustomersSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_runtime(
            app,
            settings,
            hub,
            migrations_dir=MIGRATIONS,
            outbox=outbox,
            uses_cache=True,
            subscriptions=consumers.subscriptions,
        ) as runtime:
            assert runtime.db is not None and runtime.verifier is not None
            seal_outbox(runtime.db, settings.key_ring())  # events carry e-mail and names
            # Old keys stay published until every token they signed has expired.
            overlap = max(
                settings.signing_key_overlap_seconds, settings.access_token_ttl_seconds + 60
            )
            keys = SigningKeys(runtime.db, settings.key_ring(), overlap=timedelta(seconds=overlap))
            await keys.load()
            async with runtime.db.unit_of_work() as session:
                await sync_clients(session, settings)
            app.state.security = Security.build(settings, keys)
            # This service verifies its own tokens in-process; outside production it also
            # trusts the configured development JWKS (tokens minted by `bookbrew token`).
            fallback = (
                runtime.verifier.jwks
                if settings.environment != "production" and settings.jwks_file
                else None
            )
            runtime.verifier = TokenVerifier(
                OwnKeysJwks(keys, fallback),
                issuer=settings.token_issuer,
                audience=settings.token_audience,
            )
            app.state.verifier = runtime.verifier
            # Sign-ins ended before their access tokens expire (a reused authorization
            # code): refused by `sid` on this service's deny-list.
            await Revocations(sessions=True).install(app, runtime)
            reloader = asyncio.create_task(_reload_keys_forever(keys, 60.0))
            try:
                yield
            finally:
                reloader.cancel()
                await asyncio.gather(reloader, return_exceptions=True)

    app = create_service_app(
        service="customers",
        title="BookBrew Customers",
        description="Customer accounts, addresses and preferences; the OAuth 2.0 "
        "authorization server (code + PKCE, client credentials, refresh rotation), JWKS, MFA.",
        lifespan=lifespan,
    )
    app.include_router(accounts.public)
    app.include_router(accounts.router)
    app.include_router(oauth.router)
    app.include_router(admin.router)
    return app
