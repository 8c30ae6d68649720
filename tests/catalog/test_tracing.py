"""The trace of an admin request continues into the event it caused and its consumer."""

from __future__ import annotations

from opentelemetry import trace

from bookbrew.platform.events.bus import Subscription
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.platform.observability import configure_tracing
from tests.catalog.conftest import CatalogUnderTest, product_body
from tests.support import eventually

TRACE_ID = "0af7651916cd43dd8448eb211c80319c"
TRACEPARENT = f"00-{TRACE_ID}-b7ad6b7169203331-01"


async def test_an_event_carries_the_trace_of_the_request_that_caused_it(
    catalog: CatalogUnderTest, admin_headers: dict[str, str]
) -> None:
    configure_tracing("bookbrew-test", "none")
    received: list[CloudEvent] = []
    consumer_traces: list[str] = []

    async def on(event: CloudEvent) -> None:
        received.append(event)
        consumer_traces.append(format(trace.get_current_span().get_span_context().trace_id, "032x"))

    catalog.hub.bus.subscribe(Subscription("test.trace", ("bookbrew.product.created",), on))
    response = await catalog.client.post(
        "/admin/products",
        json=product_body("BK-77"),
        headers={**admin_headers, "traceparent": TRACEPARENT},
    )
    assert response.status_code == 201
    await eventually(lambda: received)
    assert received[0].traceparent is not None
    assert received[0].traceparent.split("-")[1] == TRACE_ID
    assert consumer_traces == [TRACE_ID]
