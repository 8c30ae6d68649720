"""Trace context crosses HTTP and the broker; settings refuse default secrets in production."""

from __future__ import annotations

import pytest
from opentelemetry import trace
from pydantic import ValidationError

from bookbrew.catalog.settings import CatalogSettings
from bookbrew.platform.events.bus import InProcessBus, Subscription
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.platform.observability import configure_tracing
from tests.support import eventually

TRACE_ID = "0af7651916cd43dd8448eb211c80319c"
TRACEPARENT = f"00-{TRACE_ID}-b7ad6b7169203331-01"


async def test_consumers_continue_the_producers_trace_on_the_in_process_bus() -> None:
    configure_tracing("bookbrew-test", "none")
    bus = InProcessBus()
    seen: list[str] = []

    async def on(event: CloudEvent) -> None:
        seen.append(format(trace.get_current_span().get_span_context().trace_id, "032x"))

    bus.subscribe(Subscription("t.q", ("x",), on))
    await bus.start()
    await bus.publish(CloudEvent(source="/t", type="x", data={}, traceparent=TRACEPARENT))
    await eventually(lambda: seen)
    await bus.close()
    assert seen == [TRACE_ID]


def test_production_refuses_the_development_secret() -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        CatalogSettings(environment="production")
    with pytest.raises(ValidationError, match="at least 32"):
        CatalogSettings(environment="production", secret_key="short")
    assert (
        CatalogSettings(environment="production", secret_key="x" * 40).environment == "production"
    )


def test_settings_come_from_the_service_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOOKBREW_CATALOG_LOW_STOCK_THRESHOLD", "9")
    monkeypatch.setenv("BOOKBREW_CATALOG_BROKER_URL", "amqp://x")
    settings = CatalogSettings()
    assert settings.low_stock_threshold == 9 and settings.broker_url == "amqp://x"
