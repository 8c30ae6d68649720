"""The shipping address: taken at checkout, validated (422 problems naming the field),
stored encrypted with the order, returned in every order read, published on the events
that need it, and part of the request an Idempotency-Key stands for."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select, update

from bookbrew.orders.models import OrderRow, outbox
from bookbrew.orders.settings import OrdersSettings
from bookbrew.platform.crypto import generate_key_spec
from bookbrew.platform.events.outbox import open_body
from tests.orders.shop import ADDRESS, Shop

EXPECTED = {**ADDRESS, "line2": None, "region": None}


async def published(shop: Shop, order_id: str) -> dict[str, dict[str, Any]]:
    """The data of each event orders staged for the order, by type."""
    async with shop.context.db.sessions() as session:
        rows = (await session.execute(select(outbox.c.type, outbox.c.body))).all()
    found = {row.type: open_body(row.body, shop.context.ring) for row in rows}
    return {t: event.data for t, event in found.items() if event.subject == order_id}


async def test_the_address_is_stored_encrypted_and_returned_in_every_read(shop: Shop) -> None:
    await shop.product("CF-700", stock=5)
    address = {**ADDRESS, "line2": "  3. OG links ", "region": "Berlin"}
    me, answer = await shop.buy("CF-700", 1, address=address)
    assert answer.status_code == 201, answer.text
    order = answer.json()
    expected = {**EXPECTED, "line2": "3. OG links", "region": "Berlin"}
    assert order["shipping_address"] == expected

    detail = await shop.orders.get(f"/orders/{order['id']}", headers=me)
    assert detail.json()["shipping_address"] == expected
    mine = await shop.orders.get("/orders", headers=me)
    assert [o["shipping_address"] for o in mine.json()["items"]] == [expected]
    staff_list = await shop.orders.get("/admin/orders", headers=shop.admin)
    assert staff_list.json()["items"][0]["shipping_address"] == expected
    staff_detail = await shop.orders.get(f"/admin/orders/{order['id']}", headers=shop.admin)
    assert staff_detail.json()["shipping_address"] == expected

    # At rest it is personal data: encrypted, and bound to its order.
    async with shop.context.db.sessions() as session:
        stored = await session.scalar(
            select(OrderRow.shipping_address_enc).where(OrderRow.id == order["id"])
        )
    assert stored and stored.startswith("v1.")
    assert "Lovelace" not in stored and "Linden" not in stored


async def test_the_confirmed_and_shipped_events_carry_the_address(shop: Shop) -> None:
    await shop.product("CF-701", stock=5)
    _, answer = await shop.buy("CF-701", 1)
    order = answer.json()
    path = f"/admin/orders/{order['id']}/status"
    for status in ("processing", "shipped"):
        moved = await shop.orders.post(path, json={"status": status}, headers=shop.admin)
        assert moved.status_code == 200, moved.text
        assert moved.json()["shipping_address"] == EXPECTED
    events = await published(shop, order["id"])
    assert events["bookbrew.order.confirmed"]["shipping_address"] == EXPECTED
    assert events["bookbrew.order.shipped"]["shipping_address"] == EXPECTED
    # Personal data travels only where it is used.
    assert events["bookbrew.order.placed"]["shipping_address"] is None
    assert events["bookbrew.order.processing"]["shipping_address"] is None


async def test_an_order_from_before_addresses_reads_with_none(shop: Shop) -> None:
    await shop.product("CF-702", stock=5)
    me, answer = await shop.buy("CF-702", 1)
    order_id = answer.json()["id"]
    async with shop.context.db.unit_of_work() as session:
        await session.execute(
            update(OrderRow).where(OrderRow.id == order_id).values(shipping_address_enc=None)
        )
    detail = await shop.orders.get(f"/orders/{order_id}", headers=me)
    assert detail.status_code == 200 and detail.json()["shipping_address"] is None
    cancelled = await shop.orders.post(f"/orders/{order_id}/cancel", headers=me)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["shipping_address"] is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"country": "Germany"}, "country"),
        ({"country": None}, "country"),
        ({"postal_code": "#1"}, "postal_code"),
        ({"postal_code": "1"}, "postal_code"),
        ({"postal_code": "1" * 17}, "postal_code"),
        ({"recipient": "   "}, "recipient"),
        ({"recipient": "x" * 121}, "recipient"),
        ({"line1": ""}, "line1"),
        ({"line1": "Main St 1\nBcc: someone"}, "line1"),
        ({"line2": "y" * 201}, "line2"),
        ({"city": None}, "city"),
        ({"region": "r" * 101}, "region"),
        ({"phone": "+49 30 1234567"}, "phone"),
    ],
)
async def test_a_bad_address_is_a_422_problem_naming_the_field(
    shop: Shop, change: dict[str, Any], field: str
) -> None:
    await shop.product("CF-703", stock=5)
    me = shop.customer()
    await shop.add(me, "CF-703")
    answer = await shop.checkout(me, address={**ADDRESS, **change})
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert problem["type"].endswith("/validation-error")
    assert ["body", "shipping_address", field] in [error["loc"] for error in problem["errors"]]
    assert await shop.order_count() == 0 and await shop.stock("CF-703") == 5


async def test_a_missing_or_malformed_address_is_a_422_problem(shop: Shop) -> None:
    await shop.product("CF-704", stock=5)
    me = shop.customer()
    await shop.add(me, "CF-704")
    token = await shop.card(me)
    for address in (None, "Unter den Linden 1, Berlin", [ADDRESS], {}):
        body = {"payment_method": token, "shipping_address": address}
        if address is None:
            del body["shipping_address"]
        answer = await shop.orders.post(
            "/checkout", json=body, headers={**me, "Idempotency-Key": uuid.uuid4().hex}
        )
        assert answer.status_code == 422, (address, answer.text)
        locs = [error["loc"][:2] for error in answer.json()["errors"]]
        assert ["body", "shipping_address"] in locs, answer.text
    assert await shop.order_count() == 0


async def test_a_lowercase_country_is_taken_and_spaces_do_not_count(shop: Shop) -> None:
    await shop.product("CF-705", stock=5)
    spaced = {**ADDRESS, "recipient": "  Ada Lovelace ", "country": "de", "line2": " "}
    _, answer = await shop.buy("CF-705", 1, address=spaced)
    assert answer.status_code == 201, answer.text
    assert answer.json()["shipping_address"] == EXPECTED


async def test_a_retry_with_the_same_key_and_address_is_the_same_order(shop: Shop) -> None:
    await shop.product("CF-706", stock=10)
    me = shop.customer()
    await shop.add(me, "CF-706")
    token = await shop.card(me)
    key = uuid.uuid4().hex
    first = await shop.checkout(me, key=key, token=token)
    assert first.status_code == 201, first.text
    # The same request once normalised (spaces around, a blank optional line).
    same = {**ADDRESS, "city": " Berlin ", "line2": ""}
    again = await shop.checkout(me, key=key, token=token, address=same)
    assert again.status_code == 200 and again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["shipping_address"] == EXPECTED

    # Another address under the same key is another request: refused, as any other body.
    elsewhere = {**ADDRESS, "line1": "Karl-Marx-Allee 2"}
    moved = await shop.checkout(me, key=key, token=token, address=elsewhere)
    assert moved.status_code == 422, moved.text
    assert moved.json()["type"].endswith("/idempotency-key-reused")
    assert await shop.order_count() == 1 and await shop.stock("CF-706") == 9
    detail = await shop.orders.get(f"/orders/{first.json()['id']}", headers=me)
    assert detail.json()["shipping_address"] == EXPECTED


def test_production_needs_its_own_encryption_keys() -> None:
    production = {
        "environment": "production",
        "secret_key": "s" * 40,
        "client_secret": "a-real-client-secret",
    }
    with pytest.raises(ValueError, match="ENCRYPTION_KEYS"):
        OrdersSettings(**production)
    keys = f"{generate_key_spec('k2')},{generate_key_spec('k1')}"
    assert OrdersSettings(**production, encryption_keys=keys).key_ring().primary == "k2"
