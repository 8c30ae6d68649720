"""BFF Mobile composition root: settings in, ASGI app out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bookbrew.bff_mobile.api import (
    account,
    commerce,
    identity,
    interactions,
    notifications,
    screens,
)
from bookbrew.bff_mobile.settings import BffMobileSettings
from bookbrew.clients.curation import curation_clients
from bookbrew.platform.hub import Hub
from bookbrew.platform.responses import install_upstream_problem_handlers
from bookbrew.platform.runtime import service_runtime
from bookbrew.platform.service import create_service_app


def create_app(settings: BffMobileSettings | None = None, hub: Hub | None = None) -> FastAPI:
    settings = settings or BffMobileSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Owns no data (no database, no events); the cache only saves catalog calls,
        # so readiness does not depend on the catalog (or curation) being up.
        async with service_runtime(app, settings, hub, uses_cache=True, uses_bus=False) as rt:
            app.state.catalog = rt.client(
                "catalog", settings.catalog_url, timeout=settings.catalog_timeout_seconds
            )
            app.state.customers = rt.client(
                "customers", settings.customers_url, timeout=settings.customers_timeout_seconds
            )
            app.state.questionnaire = rt.client(
                "questionnaire",
                settings.questionnaire_url,
                timeout=settings.questionnaire_timeout_seconds,
            )
            app.state.orders = rt.client(
                "orders", settings.orders_url, timeout=settings.orders_timeout_seconds
            )
            app.state.payments = rt.client(
                "payments", settings.payments_url, timeout=settings.payments_timeout_seconds
            )
            app.state.notifications = rt.client(
                "notifications",
                settings.notifications_url,
                timeout=settings.notifications_timeout_seconds,
            )
            app.state.curation, app.state.curation_events = curation_clients(
                rt,
                settings.curation_url,
                longest_budget_seconds=max(
                    settings.curation_timeout_seconds, settings.similar_timeout_seconds
                ),
                events_timeout_seconds=settings.interactions_timeout_seconds,
            )
            yield

    app = create_service_app(
        service="bff_mobile",
        title="BookBrew BFF Mobile",
        description="Compact screens of the mobile app: home (with the shopper's curated "
        "picks), categories, search, product (with more like this); sign-up, the "
        "signed-in shopper's profile, questionnaire, cart, checkout (with step-up), "
        "orders, notification preferences, push devices and TOTP; views and clicks "
        "recorded for curation. The app signs in with code + PKCE itself; its bearer "
        "tokens are passed through to the services, which verify them.",
        lifespan=lifespan,
    )
    install_upstream_problem_handlers(app)
    app.include_router(screens.screens)
    app.include_router(screens.media)
    app.include_router(identity.router)
    app.include_router(account.router)
    app.include_router(commerce.cart_router)
    app.include_router(commerce.orders_router)
    app.include_router(notifications.router)
    app.include_router(interactions.router)
    return app
