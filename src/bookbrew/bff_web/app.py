"""BFF Web composition root: settings in, ASGI app out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bookbrew.bff_web.api import (
    account,
    admin,
    admin_questionnaires,
    commerce,
    interactions,
    pages,
    preferences,
    questionnaire,
    sign_in,
)
from bookbrew.bff_web.sessions import Sessions
from bookbrew.bff_web.settings import BffWebSettings
from bookbrew.bff_web.spa import SpaFallback
from bookbrew.clients.curation import curation_clients
from bookbrew.clients.identity import Identity
from bookbrew.platform.http import ServiceClient
from bookbrew.platform.hub import Hub
from bookbrew.platform.responses import install_upstream_problem_handlers
from bookbrew.platform.runtime import Runtime, service_runtime
from bookbrew.platform.service import create_service_app


def identity_client(runtime: Runtime, settings: BffWebSettings) -> ServiceClient:
    return runtime.client(
        "customers", settings.customers_url, timeout=settings.customers_timeout_seconds
    )


def create_app(settings: BffWebSettings | None = None, hub: Hub | None = None) -> FastAPI:
    settings = settings or BffWebSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # No database and no events: the BFF owns no data. The cache holds page bodies
        # (only saving work) and the sessions of signed-in shoppers. Readiness checks
        # the cache alone: another service's outage is answered with 503 problems (or
        # cached pages), not by taking the BFF out of rotation.
        async with service_runtime(app, settings, hub, uses_cache=True, uses_bus=False) as runtime:
            assert runtime.cache is not None
            app.state.catalog = runtime.client(
                "catalog", settings.catalog_url, timeout=settings.catalog_timeout_seconds
            )
            customers = identity_client(runtime, settings)
            app.state.customers = customers
            app.state.identity = Identity(customers, client_id=settings.oauth_client_id)
            app.state.sessions = Sessions(runtime.cache, settings, app.state.identity)
            app.state.questionnaire = runtime.client(
                "questionnaire",
                settings.questionnaire_url,
                timeout=settings.questionnaire_timeout_seconds,
            )
            app.state.curation, app.state.curation_events = curation_clients(
                runtime,
                settings.curation_url,
                longest_budget_seconds=max(
                    settings.curation_timeout_seconds,
                    settings.similar_timeout_seconds,
                    settings.complements_timeout_seconds,
                ),
                events_timeout_seconds=settings.interactions_timeout_seconds,
            )
            # Checkouts are not retried by the client (POST); the Idempotency-Key makes
            # a retry by the shopper safe.
            app.state.orders = runtime.client(
                "orders", settings.orders_url, timeout=settings.orders_timeout_seconds
            )
            app.state.payments = runtime.client(
                "payments", settings.payments_url, timeout=settings.payments_timeout_seconds
            )
            app.state.reporting = runtime.client(
                "reporting", settings.reporting_url, timeout=settings.reporting_timeout_seconds
            )
            # The shopper's notification preferences.
            app.state.notifications = runtime.client(
                "notifications",
                settings.notifications_url,
                timeout=settings.notifications_timeout_seconds,
            )
            yield

    app = create_service_app(
        service="bff_web",
        title="BookBrew BFF Web",
        description="Pages of the web app: home, category listings, search, product detail; "
        "sign-in (server-side session), account, the taste questionnaire; interactions, "
        "cart, checkout (with the MFA step-up), orders; staff pages (products, reports, "
        "orders).",
        lifespan=lifespan,
    )
    install_upstream_problem_handlers(app)
    app.include_router(pages.pages)
    app.include_router(pages.media)
    app.include_router(sign_in.auth)
    app.include_router(account.account)
    app.include_router(questionnaire.router)
    app.include_router(interactions.router)
    app.include_router(commerce.cart_router)
    app.include_router(commerce.orders_router)
    app.include_router(preferences.router)
    app.include_router(admin.router)
    app.include_router(admin_questionnaires.router)
    # The web app's files answer what no route or mount matched (never shadowing them).
    app.router.default = SpaFallback(
        settings.web_dist_dir,
        app.router.default,
        asset_max_age=settings.web_asset_max_age_seconds,
    )
    return app
