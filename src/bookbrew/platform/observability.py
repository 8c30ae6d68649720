"""Prometheus metrics, OpenTelemetry tracing and access logs for every service.

Metrics are scraped on a port of their own (`METRICS_PORT`, `MetricsServer`), never on
the shop's public origin; see `metrics_response` for the development fallback.

One pure-ASGI middleware does all three for each request: it continues the caller's
W3C `traceparent`, records rate/errors/latency per route template, and logs the request
with its subject (set by the auth dependency in `scope["state"]`).
"""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import Mapping
from typing import Any

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.propagate import extract, inject
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter
from opentelemetry.trace import SpanKind, Status, StatusCode
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    start_http_server,
)
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bookbrew.platform.problems import problem_response

access_log = logging.getLogger("bookbrew.access")

# Process-wide metric families; the `service` label keeps services apart when the
# embedded profile hosts them all in one process.
HTTP_REQUESTS = Counter(
    "bookbrew_http_requests_total",
    "HTTP requests handled",
    ["service", "method", "route", "status"],
)
HTTP_LATENCY = Histogram(
    "bookbrew_http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
OUTBOX_PENDING = Gauge("bookbrew_outbox_pending", "Outbox rows not yet published", ["service"])
EVENTS_PUBLISHED = Counter(
    "bookbrew_events_published_total", "Events published by the outbox relay", ["service", "type"]
)
EVENTS_CONSUMED = Counter(
    "bookbrew_events_consumed_total",
    "Events handled by consumers",
    ["service", "type", "outcome"],
)
EVENTS_DEAD_LETTERED = Counter(
    "bookbrew_events_dead_lettered_total",
    "Events parked in a dead-letter queue",
    ["service", "type"],
)

_tracing_configured = False


def configure_tracing(service_name: str, exporter: str) -> None:
    """Install the process's tracer provider once; later calls are no-ops."""
    global _tracing_configured
    if _tracing_configured:
        return
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    if exporter == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    elif exporter == "console":
        provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
    trace.set_tracer_provider(provider)
    _tracing_configured = True


def tracer(name: str = "bookbrew") -> trace.Tracer:
    return trace.get_tracer(name)


def current_traceparent() -> str | None:
    carrier: dict[str, str] = {}
    inject(carrier)
    return carrier.get("traceparent")


def inject_headers(headers: dict[str, str]) -> dict[str, str]:
    inject(headers)
    return headers


def context_from(headers: Mapping[str, str]) -> otel_context.Context:
    return extract(dict(headers))


def metrics_response(request: Request) -> Response:
    """`/metrics` on the public app: 404 (as if absent) unless the app's runtime allows
    it there (no metrics port, not production) and the peer is on this machine."""
    if not getattr(request.app.state, "public_metrics", False) or not _loopback(request):
        return problem_response(request, 404, "not-found", "Not Found")
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def _loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class MetricsServer:
    """Prometheus' own listener on a port of its own (`METRICS_PORT`): the metrics of
    this process, at any path, in a thread; nothing of the public app is reachable."""

    def __init__(self, host: str, port: int) -> None:
        self._server, self._thread = start_http_server(port, addr=host)

    @property
    def port(self) -> int:
        return int(self._server.server_port)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class ObservabilityMiddleware:
    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service
        self.tracer = tracer(f"bookbrew.{service}")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        parent = extract(headers)
        started = time.perf_counter()
        status_holder: dict[str, int] = {"status": 500}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = message["status"]
            await send(message)

        method = scope["method"]
        with self.tracer.start_as_current_span(
            f"{method} {scope['path']}", context=parent, kind=SpanKind.SERVER
        ) as span:
            try:
                await self.app(scope, receive, send_wrapper)
            finally:
                status = status_holder["status"]
                route = _route_template(scope)
                elapsed = time.perf_counter() - started
                span.update_name(f"{method} {route}")
                span.set_attribute("http.request.method", method)
                span.set_attribute("http.route", route)
                span.set_attribute("http.response.status_code", status)
                if status >= 500:
                    span.set_status(Status(StatusCode.ERROR))
                HTTP_REQUESTS.labels(self.service, method, route, str(status)).inc()
                HTTP_LATENCY.labels(self.service, method, route).observe(elapsed)
                if route not in ("/metrics", "/health/live", "/health/ready"):
                    state: dict[str, Any] = scope.get("state") or {}
                    access_log.info(
                        "%s %s %s",
                        method,
                        scope["path"],
                        status,
                        extra={
                            "service": self.service,
                            "method": method,
                            "path": scope["path"],
                            "route": route,
                            "status": status,
                            "duration_ms": round(elapsed * 1000, 2),
                            "subject": state.get("subject"),
                            "client": (scope.get("client") or ("", 0))[0],
                        },
                    )


def _route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    # Unmatched paths collapse into one label so scanners cannot explode cardinality.
    return str(path) if path else "<unmatched>"
