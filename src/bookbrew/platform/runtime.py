"""Wiring shared by every service's lifespan: database (migrated), event bus and outbox
relay, cache, token verifier and clients to other services, all chosen by settings.

A service's `app.py` calls `service_runtime(...)` and keeps only what is its own."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from sqlalchemy import Table

from bookbrew.platform import migrations
from bookbrew.platform.auth import TokenVerifier, build_verifier
from bookbrew.platform.cache import Cache, build_cache
from bookbrew.platform.db import Database
from bookbrew.platform.docstore import DocumentStore
from bookbrew.platform.docstore.factory import build_document_store
from bookbrew.platform.events.bus import EventBus, Subscription
from bookbrew.platform.events.documents import DocumentOutboxRelay
from bookbrew.platform.events.outbox import OutboxRelay, RelayLoop
from bookbrew.platform.http import ServiceClient
from bookbrew.platform.hub import Hub
from bookbrew.platform.logging import configure_logging
from bookbrew.platform.observability import MetricsServer, configure_tracing
from bookbrew.platform.settings import ServiceSettings

log = logging.getLogger(__name__)


def build_bus(url: str, *, service: str) -> EventBus:
    if url.startswith("memory://"):
        from bookbrew.platform.events.bus import InProcessBus

        return InProcessBus()
    if url.startswith(("amqp://", "amqps://")):
        from bookbrew.platform.events.rabbitmq import RabbitMQBus

        return RabbitMQBus(url, service=service)
    raise ValueError(f"unsupported broker URL: {url!r}")


@dataclass
class Runtime:
    settings: ServiceSettings
    hub: Hub | None
    db: Database | None = None
    bus: EventBus | None = None
    documents: DocumentStore | None = None
    relay: RelayLoop | None = None
    cache: Cache | None = None
    verifier: TokenVerifier | None = None
    metrics: MetricsServer | None = None
    clients: list[ServiceClient] = field(default_factory=list)

    def client(self, name: str, url: str, **options: Any) -> ServiceClient:
        """A client to another service: in-process when the hub hosts it, else by URL."""
        if self.hub is not None:
            client = ServiceClient(
                name, f"http://{name}", transport=self.hub.transport(name), **options
            )
        else:
            client = ServiceClient(name, url, **options)
        self.clients.append(client)
        return client

    def readiness(self) -> dict[str, Callable[[], Any]]:
        checks: dict[str, Callable[[], Any]] = {}
        if self.db is not None:
            checks["database"] = self.db.ping
        if self.documents is not None:
            checks["documents"] = self.documents.ping
        if self.bus is not None:
            checks["broker"] = self.bus.ping
        if self.cache is not None:
            checks["cache"] = self.cache.ping
        return checks


def apply_http_settings(app: FastAPI, settings: ServiceSettings) -> None:
    """The body limit, and whether the public app may answer `/metrics` (to loopback
    peers, outside production, when no metrics port is configured)."""
    limit = getattr(app.state, "body_limit", None)
    if limit is not None:
        limit.max_bytes = settings.max_body_bytes
    app.state.public_metrics = (
        settings.metrics_port is None and settings.environment != "production"
    )


@asynccontextmanager
async def service_runtime(
    app: FastAPI,
    settings: ServiceSettings,
    hub: Hub | None,
    *,
    migrations_dir: Path | None = None,
    outbox: Table | None = None,
    uses_cache: bool = False,
    uses_bus: bool = True,
    uses_documents: bool = False,
    document_outbox: bool = False,
    subscriptions: Callable[[Runtime], list[Subscription]] | None = None,
) -> AsyncIterator[Runtime]:
    if hub is None:
        configure_logging(settings.log_level)
    configure_tracing(
        "bookbrew" if hub else f"bookbrew-{settings.service_name}", settings.otel_exporter
    )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    runtime = Runtime(settings=settings, hub=hub)
    owns_bus = hub is None
    apply_http_settings(app, settings)
    try:
        # The embedded shop opens one metrics listener for all its apps (`bookbrew.shop`).
        if hub is None and settings.metrics_port is not None:
            runtime.metrics = MetricsServer(settings.metrics_host, settings.metrics_port)
        if migrations_dir is not None:
            runtime.db = Database(
                settings.effective_database_url,
                pool_size=settings.database_pool_size,
                pool_timeout=settings.database_pool_timeout_seconds,
            )
            if settings.migrate_on_start:
                await asyncio.to_thread(
                    migrations.upgrade, migrations_dir, settings.effective_database_url
                )
        if uses_documents:
            runtime.documents = build_document_store(
                settings.effective_document_url, namespace=f"bookbrew_{settings.service_name}"
            )
        if uses_bus:
            runtime.bus = (
                hub.bus
                if hub is not None
                else build_bus(settings.broker_url, service=settings.service_name)
            )
            for subscription in subscriptions(runtime) if subscriptions else []:
                runtime.bus.subscribe(subscription)
            if owns_bus:
                await runtime.bus.start()
        if outbox is not None and runtime.db is not None and runtime.bus is not None:
            runtime.relay = OutboxRelay(
                runtime.db,
                outbox,
                runtime.bus,
                service=settings.service_name,
                poll_seconds=settings.outbox_poll_seconds,
                keep_published=timedelta(seconds=settings.outbox_keep_published_seconds),
            )
            runtime.db.on_events_committed = runtime.relay.wake
            runtime.relay.start()
        if document_outbox and runtime.documents is not None and runtime.bus is not None:
            runtime.relay = DocumentOutboxRelay(
                runtime.documents,
                runtime.bus,
                service=settings.service_name,
                poll_seconds=settings.outbox_poll_seconds,
                keep_published=timedelta(seconds=settings.outbox_keep_published_seconds),
            )
            runtime.relay.start()
        if uses_cache:
            runtime.cache = build_cache(settings.cache_url, settings.service_name)
        # In the embedded profile the identity service's JWKS is fetched in-process.
        identity_in_process = hub is not None and settings.jwks_url.startswith("http://customers/")
        runtime.verifier = build_verifier(
            jwks_url=settings.jwks_url,
            jwks_file=settings.jwks_file,
            issuer=settings.token_issuer,
            audience=settings.token_audience,
            transport=hub.transport("customers")
            if hub is not None and identity_in_process
            else None,
        )
        app.state.verifier = runtime.verifier
        app.state.readiness = runtime.readiness()
        app.state.runtime = runtime
        yield runtime
    finally:
        if runtime.metrics is not None:
            runtime.metrics.stop()
        if runtime.relay is not None:
            await runtime.relay.stop()
        if owns_bus and runtime.bus is not None:
            await runtime.bus.close()
        for client in runtime.clients:
            await client.close()
        if runtime.cache is not None:
            await runtime.cache.close()
        if runtime.db is not None:
            await runtime.db.dispose()
        if runtime.documents is not None:
            await runtime.documents.close()
