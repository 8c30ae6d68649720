"""Purchase history is built from order events: once per event, late events change
nothing, cancelled-before-confirmed orders never appear, and erasure forgets it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bookbrew.contracts import orders as contract
from bookbrew.contracts.catalog import Money
from bookbrew.platform.events.envelope import CloudEvent, new_event
from tests.customers.conftest import CustomersUnderTest
from tests.support import eventually

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def order_event(
    type_: str, order_id: str, customer_id: str, status: str, at: datetime
) -> CloudEvent:
    payload = contract.OrderEvent(
        order_id=order_id,
        customer_id=customer_id,
        status=status,
        lines=[
            contract.OrderEventLine(
                sku="CF-00001",
                name="Ethiopia Guji",
                category="coffee",
                quantity=2,
                unit_price=Money(amount=1299, currency="EUR"),
            )
        ],
        total=Money(amount=2598, currency="EUR"),
        occurred_at=at,
    )
    return new_event("orders", type_, payload, subject=order_id)


async def history(customers: CustomersUnderTest, headers: dict[str, str]) -> list[dict]:  # type: ignore[type-arg]
    response = await customers.client.get("/customers/me/purchases", headers=headers)
    assert response.status_code == 200, response.text
    return list(response.json())


async def test_purchase_history_follows_order_events(customers: CustomersUnderTest) -> None:
    me = await customers.register("reader@example.com")
    headers = await customers.customer_headers("reader@example.com")
    bus = customers.hub.bus

    confirmed = order_event(contract.ORDER_CONFIRMED, "o1", me, "confirmed", NOW)
    await bus.publish(confirmed)
    await bus.publish(confirmed)  # redelivered
    await bus.publish(order_event(contract.ORDER_CANCELLED, "o2", me, "cancelled", NOW))
    await eventually(lambda: history(customers, headers))
    await bus.drain()
    purchases = await history(customers, headers)
    assert [p["order_id"] for p in purchases] == ["o1"]
    assert purchases[0]["total_minor"] == 2598 and purchases[0]["lines"][0]["sku"] == "CF-00001"

    await bus.publish(
        order_event(contract.ORDER_DELIVERED, "o1", me, "delivered", NOW + timedelta(days=2))
    )
    await bus.publish(
        order_event(contract.ORDER_SHIPPED, "o1", me, "shipped", NOW + timedelta(days=1))
    )
    await bus.drain()
    assert (await history(customers, headers))[0]["status"] == "delivered"  # late "shipped" ignored


async def test_another_customer_cannot_read_the_history(customers: CustomersUnderTest) -> None:
    owner_id = await customers.register("owner@example.com")
    await customers.register("other@example.com")
    other = await customers.customer_headers("other@example.com")
    response = await customers.client.get(f"/customers/{owner_id}/purchases", headers=other)
    assert response.status_code == 404
