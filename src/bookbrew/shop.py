"""The whole shop's composition root: which services exist, their ports, and how the
embedded profile hosts them all in one process. Only this module and the CLI import
service packages; services never import each other."""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.platform.hub import Hub
from bookbrew.platform.observability import MetricsServer
from bookbrew.platform.settings import ServiceSettings
from bookbrew.platform.single_page import SinglePageApp

log = logging.getLogger("bookbrew.shop")

# The Expo app's web build (`npm run export:web` in mobile/), served at /m/.
MOBILE_WEB_DIST = Path(__file__).resolve().parents[2] / "mobile" / "dist"
MOBILE_WEB_MOUNT = "/m"
# react-native-web styles through injected <style> elements; scripts only from here.
MOBILE_WEB_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https:; font-src 'self' data:; connect-src 'self'; "
    "manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    port: int
    module: str  # package holding app.py (create_app) and settings.py
    settings_class: str
    mount: str | None  # path prefix in the embedded shop; None for the root app
    has_database: bool  # an SQL database with Alembic migrations
    has_documents: bool = False  # a document store (MongoDB, or SQL JSON)

    def settings(self, **overrides: Any) -> ServiceSettings:
        module = importlib.import_module(f"{self.module}.settings")
        cls: type[ServiceSettings] = getattr(module, self.settings_class)
        return cls(**overrides)

    def factory(self) -> Callable[..., FastAPI]:
        return importlib.import_module(f"{self.module}.app").create_app  # type: ignore[no-any-return]

    @property
    def migrations_dir(self) -> Path:
        return Path(importlib.import_module(self.module).__file__ or "").parent / "migrations"


# Ports as in ARCHITECTURE.md. Order matters: dependencies first.
SERVICES: dict[str, ServiceSpec] = {
    spec.name: spec
    for spec in (
        # Identity first: every other service verifies the tokens it issues.
        ServiceSpec("customers", 8102, "bookbrew.customers", "CustomersSettings",
                    "/svc/customers", has_database=True),
        ServiceSpec("catalog", 8101, "bookbrew.catalog", "CatalogSettings",
                    "/svc/catalog", has_database=True),
        ServiceSpec("questionnaire", 8103, "bookbrew.questionnaire", "QuestionnaireSettings",
                    "/svc/questionnaire", has_database=False, has_documents=True),
        ServiceSpec("curation", 8104, "bookbrew.curation", "CurationSettings",
                    "/svc/curation", has_database=False, has_documents=True),
        ServiceSpec("payments", 8106, "bookbrew.payments", "PaymentsSettings",
                    "/svc/payments", has_database=True),
        ServiceSpec("orders", 8105, "bookbrew.orders", "OrdersSettings",
                    "/svc/orders", has_database=True),
        ServiceSpec("notifications", 8107, "bookbrew.notifications", "NotificationsSettings",
                    "/svc/notifications", has_database=True),
        ServiceSpec("reporting", 8108, "bookbrew.reporting", "ReportingSettings",
                    "/svc/reporting", has_database=True),
        ServiceSpec("bff_mobile", 8001, "bookbrew.bff_mobile", "BffMobileSettings",
                    "/mobile", has_database=False),
        ServiceSpec("bff_web", 8000, "bookbrew.bff_web", "BffWebSettings",
                    None, has_database=False),
    )
}  # fmt: skip


def dev_jwks_file(data_dir: Path) -> Path:
    """A local development key (`bookbrew token`, `bookbrew simulate`), trusted beside the
    identity service's keys outside production."""
    DevSigningKey.load_or_create(data_dir / "keys")
    return data_dir / "keys" / "dev-jwks.json"


def create_embedded_app(
    data_dir: Path,
    *,
    seed: bool = True,
    public_url: str = "http://127.0.0.1:8000",
    metrics_port: int | None = None,
    mobile_web_dist: Path = MOBILE_WEB_DIST,
) -> FastAPI:
    """Every service in one process, each with its own SQLite file and a cache in one
    shared SQLite file (read through memory),
    sharing an in-process event bus; they still talk over HTTP (in-process transport).

    Metrics: one listener on `metrics_port` (default: the root app's setting,
    BOOKBREW_BFF_WEB_METRICS_PORT) serves every service's, and then no app answers
    `/metrics` on the shop's port; without one, they answer loopback peers only."""
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    jwks = str(dev_jwks_file(data_dir))
    root_settings = SERVICES["bff_web"].settings(environment="development")
    if metrics_port is None:
        metrics_port = root_settings.metrics_port
    hub = Hub()
    apps: dict[str, FastAPI] = {}
    for spec in SERVICES.values():
        overrides: dict[str, Any] = {
            "data_dir": data_dir,
            "jwks_file": jwks,
            "jwks_url": "http://customers/.well-known/jwks.json",
            "environment": "development",
            "metrics_port": metrics_port,
        }
        if spec.settings().cache_url == "memory://":
            # Carts, sign-ins and throttles outlive a restart (one file, per-service keys).
            overrides["cache_url"] = f"sqlite:///{data_dir / 'cache.sqlite3'}"
        if spec.name == "customers":
            overrides["mobile_redirect_uris"] = [
                f"{public_url}{MOBILE_WEB_MOUNT}/auth/callback",
                *spec.settings().mobile_redirect_uris,  # type: ignore[attr-defined]
            ]
            overrides["public_url"] = f"{public_url}/svc/customers"
            overrides["verification_url_base"] = f"{public_url}/verify-email"
            defaults = spec.settings().web_redirect_uris  # type: ignore[attr-defined]
            overrides["web_redirect_uris"] = [f"{public_url}/auth/callback", *defaults]
        if spec.name in ("bff_web", "bff_mobile"):
            overrides["identity_public_url"] = f"{public_url}/svc/customers"
        if spec.name == "bff_mobile":
            overrides["oauth_redirect_uris"] = [
                f"{public_url}{MOBILE_WEB_MOUNT}/auth/callback",
                *spec.settings().oauth_redirect_uris,  # type: ignore[attr-defined]
            ]
        if spec.name == "notifications":
            overrides["public_url"] = f"{public_url}/svc/notifications"
            overrides["shop_url"] = public_url
        settings = spec.settings(**overrides)
        app = spec.factory()(settings, hub)
        hub.register(spec.name, app)
        apps[spec.name] = app
    root = apps["bff_web"]
    hosted = [(name, app) for name, app in apps.items() if app is not root]
    for name, app in hosted:
        mount = SERVICES[name].mount
        assert mount is not None
        root.mount(mount, app, name=name)
    # The mobile app's web build (Expo), for a phone-sized browser; it calls /mobile.
    root.mount(MOBILE_WEB_MOUNT, SinglePageApp(mobile_web_dist, csp=MOBILE_WEB_CSP), name="m")
    own_lifespan = root.router.lifespan_context

    @asynccontextmanager
    async def shop_lifespan(app: FastAPI) -> AsyncIterator[Any]:
        metrics = (
            MetricsServer(root_settings.metrics_host, metrics_port)
            if metrics_port is not None
            else None
        )
        app.state.metrics_server = metrics
        try:
            async with hub.running(hosted):
                if seed:
                    await seed_if_empty(apps["catalog"])
                async with own_lifespan(app) as state:
                    yield state
        finally:
            if metrics is not None:
                metrics.stop()

    root.router.lifespan_context = shop_lifespan
    root.state.hub = hub
    return root


async def seed_if_empty(catalog_app: FastAPI) -> None:
    from bookbrew.catalog.seed import product_count, seed_demo_catalog

    db = catalog_app.state.runtime.db
    if await product_count(db) == 0:
        log.info("first start: seeding the demo catalog")
        added = await seed_demo_catalog(
            db, progress=lambda done, total: log.info("seeded %d/%d products", done, total)
        )
        log.info("demo catalog ready", extra={"products": added})
