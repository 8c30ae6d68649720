"""The orders outbox at rest, on the embedded shop (SQLite): after a checkout and
shipping, the raw outbox rows hold neither the recipient nor the shipping address in
plain text, the card number and CVC are nowhere in any outbox, and consumers still
receive the whole events (the address on `order.confirmed` and `order.shipped`)."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import text

from bookbrew.contracts import orders as contract
from bookbrew.platform.db import Database
from bookbrew.platform.events.bus import Subscription
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.platform.events.outbox import KEEP_PUBLISHED, SEALED_DATA
from tests.orders.shop import SUCCESS, Shop
from tests.support import eventually

ADDRESS: dict[str, Any] = {
    "recipient": "Augusta Ada King-Noel",
    "line1": "Dorset Street 12",
    "line2": "Flat Marylebone",
    "city": "Westminster",
    "postal_code": "W1U 4EB",
    "country": "GB",
}
IN_CLEAR = ("Augusta", "King-Noel", "Dorset Street", "Marylebone", "Westminster", "W1U 4EB")


async def raw_outbox(db: Database) -> list[dict[str, Any]]:
    async with db.engine.connect() as connection:
        rows = (await connection.execute(text("SELECT * FROM outbox ORDER BY id"))).mappings()
        return [dict(row) for row in rows.all()]


async def test_order_events_are_sealed_in_the_outbox_and_delivered_whole(shop: Shop) -> None:
    received: list[CloudEvent] = []

    async def collect(event: CloudEvent) -> None:
        received.append(event)

    shop.hub.bus.subscribe(Subscription("test.orders-at-rest", ("bookbrew.order.*",), collect))
    await shop.product("CF-900", stock=5)
    _, answer = await shop.buy("CF-900", 1, address=ADDRESS)
    assert answer.status_code == 201, answer.text
    order = answer.json()
    path = f"/admin/orders/{order['id']}/status"
    for status in ("processing", "shipped"):
        moved = await shop.orders.post(path, json={"status": status}, headers=shop.admin)
        assert moved.status_code == 200, moved.text

    # Consumers get the whole events, address included where it travels.
    def by_type() -> dict[str, dict[str, Any]]:
        return {e.type: e.data for e in received if e.subject == order["id"]}

    await eventually(lambda: contract.ORDER_SHIPPED in by_type())
    expected = {**ADDRESS, "region": None}
    events = by_type()
    assert events[contract.ORDER_CONFIRMED]["shipping_address"] == expected
    assert events[contract.ORDER_SHIPPED]["shipping_address"] == expected
    assert events[contract.ORDER_PLACED]["lines"][0]["sku"] == "CF-900"

    # At rest: every orders outbox row is sealed; the envelope names the order only.
    rows = await raw_outbox(shop.context.db)
    mine = [row for row in rows if orjson.loads(row["body"]).get("subject") == order["id"]]
    assert {row["type"] for row in mine} >= {contract.ORDER_CONFIRMED, contract.ORDER_SHIPPED}
    dump = "\n".join(repr(row) for row in rows)
    for secret in IN_CLEAR:
        assert secret not in dump
    for row in rows:
        stored = orjson.loads(row["body"])
        assert "data" not in stored and stored[SEALED_DATA].startswith("v1.")

    # The card number and CVC stay absent from every outbox of the shop.
    for name in ("orders", "payments", "catalog", "customers"):
        app = shop.apps[name]
        raw = "\n".join(repr(row) for row in await raw_outbox(app.state.runtime.db))
        assert SUCCESS not in raw and '"cvc"' not in raw, name
        assert app.state.runtime.relay.keep_published == KEEP_PUBLISHED, name
