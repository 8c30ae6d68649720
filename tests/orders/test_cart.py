"""Carts: guest and customer carts in the cache, priced from the catalog at read time,
quantities limited by stock and the per-line maximum, merged at sign-in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bookbrew.orders.models import outbox
from bookbrew.platform.events.outbox import open_body
from tests.orders.shop import Shop


async def test_lines_are_priced_from_the_catalog_at_read_time(shop: Shop) -> None:
    await shop.product("CF-100", stock=20, price=1299)
    me = shop.customer()
    added = await shop.add(me, "CF-100", 2)
    assert added.status_code == 200, added.text
    line = added.json()["lines"][0]
    assert line["unit_price"] == {"amount": 1299, "currency": "EUR"}
    assert line["line_total"]["amount"] == 2598
    assert added.json()["subtotal"] == {"amount": 2598, "currency": "EUR"}

    changed = await shop.catalog.patch(
        "/admin/products/CF-100",
        json={"price": {"amount": 1500, "currency": "EUR"}},
        headers=shop.admin,
    )
    assert changed.status_code == 200
    cart = (await shop.orders.get("/cart", headers=me)).json()
    assert cart["lines"][0]["unit_price"]["amount"] == 1500
    assert cart["subtotal"]["amount"] == 3000 and cart["can_checkout"] is True
    expires = datetime.fromisoformat(cart["expires_at"])
    assert expires - datetime.now(UTC) > timedelta(days=29)


async def test_a_client_cannot_set_prices_and_bad_input_is_a_4xx_problem(shop: Shop) -> None:
    await shop.product("CF-101")
    me = shop.customer()
    bad_bodies = [
        {"sku": "CF-101", "quantity": 1, "unit_price": {"amount": 1, "currency": "EUR"}},
        {"sku": "CF-101", "quantity": 0},
        {"sku": "CF-101", "quantity": -3},
        {"sku": "cf 101"},
        {"sku": "CF-101", "quantity": "lots"},
    ]
    for body in bad_bodies:
        answer = await shop.orders.post("/cart/lines", json=body, headers=me)
        assert answer.status_code == 422, (body, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
    unknown = await shop.add(me, "CF-NOPE")
    assert unknown.status_code == 404 and unknown.json()["type"].endswith("/not-found")
    price = await shop.orders.put(
        "/cart/lines/CF-101", json={"quantity": 1, "price": 1}, headers=me
    )
    assert price.status_code == 422
    bad_cart_id = await shop.orders.get("/cart", headers={"X-Cart-Id": "../../etc"})
    assert bad_cart_id.status_code == 422
    bad_token = await shop.orders.get("/cart", headers={"Authorization": "Bearer nonsense"})
    assert bad_token.status_code == 401
    assert (await shop.orders.get("/cart", headers=me)).json()["lines"] == []


async def test_quantities_are_limited_by_stock_and_the_per_line_maximum(shop: Shop) -> None:
    await shop.product("CF-102", stock=3)
    await shop.product("CF-103", stock=500)
    me = shop.customer()
    assert (await shop.add(me, "CF-102", 2)).status_code == 200
    over = await shop.add(me, "CF-102", 2)
    assert over.status_code == 409, over.text
    assert over.json()["type"].endswith("/quantity-unavailable") and over.json()["available"] == 3
    limit = shop.context.settings.max_line_quantity
    assert (await shop.add(me, "CF-103", limit + 1)).status_code == 409
    assert (await shop.add(me, "CF-103", limit)).status_code == 200
    changed = await shop.orders.put("/cart/lines/CF-102", json={"quantity": 3}, headers=me)
    assert changed.status_code == 200
    assert (
        await shop.orders.put("/cart/lines/CF-102", json={"quantity": 4}, headers=me)
    ).status_code == 409
    # Stock sold elsewhere since: the line says so, and the cart cannot be checked out.
    sold = await shop.catalog.post(
        "/admin/products/CF-102/stock", json={"delta": -2}, headers=shop.admin
    )
    assert sold.status_code == 200
    cart = (await shop.orders.get("/cart", headers=me)).json()
    line = next(item for item in cart["lines"] if item["sku"] == "CF-102")
    assert line["max_quantity"] == 1 and line["problem"] == "Only 1 can be ordered."
    assert cart["can_checkout"] is False
    removed = await shop.orders.delete("/cart/lines/CF-102", headers=me)
    assert [item["sku"] for item in removed.json()["lines"]] == ["CF-103"]


async def test_a_guest_cart_merges_into_the_customers_at_sign_in(shop: Shop) -> None:
    await shop.product("CF-104", stock=50)
    await shop.product("CF-105", stock=50)
    first = await shop.orders.post("/cart/lines", json={"sku": "CF-104", "quantity": 2})
    assert first.status_code == 200, first.text
    cart_id = first.headers["X-Cart-Id"]
    assert first.json()["cart_id"] == cart_id and first.json()["customer_id"] is None
    guest = {"X-Cart-Id": cart_id}
    assert (
        await shop.orders.post("/cart/lines", json={"sku": "CF-105"}, headers=guest)
    ).status_code == 200
    assert (await shop.orders.get("/cart", headers=guest)).json()["item_count"] == 3

    me = shop.customer()
    assert (await shop.add(me, "CF-104", 1)).status_code == 200
    merged = await shop.orders.post("/cart/merge", headers={**me, **guest})
    assert merged.status_code == 200, merged.text
    assert {line["sku"]: line["quantity"] for line in merged.json()["lines"]} == {
        "CF-104": 3,
        "CF-105": 1,
    }
    assert (await shop.orders.get("/cart", headers=guest)).json()["lines"] == []
    again = await shop.orders.post("/cart/merge", headers={**me, **guest})
    assert again.json()["item_count"] == 4  # merging twice adds nothing
    assert (await shop.orders.post("/cart/merge", headers=guest)).status_code == 401
    assert (await shop.orders.post("/cart/merge", headers=me)).status_code == 400


async def test_adding_to_cart_records_an_interaction_for_curation(shop: Shop) -> None:
    await shop.product("CF-106")
    me = shop.customer()
    await shop.orders.post(
        "/cart/lines", json={"sku": "CF-106", "quantity": 2, "source": "product"}, headers=me
    )
    guest = await shop.orders.post("/cart/lines", json={"sku": "CF-106"})
    async with shop.context.db.sessions() as session:
        bodies = (
            await session.scalars(
                select(outbox.c.body).where(outbox.c.type == "bookbrew.interaction.recorded")
            )
        ).all()
    data = [open_body(body, shop.context.ring).data for body in bodies]
    assert {(d["customer_id"], d["anonymous_id"], d["kind"], d["value"]) for d in data} == {
        (shop.subject(me), None, "add_to_cart", 2.0),
        (None, guest.headers["X-Cart-Id"], "add_to_cart", 1.0),
    }
