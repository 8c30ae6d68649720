"""After checkout: history and detail (own orders only), staff list and fulfilment,
cancellation with refund and restock, and the state machine's refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bookbrew.orders.states import ALLOWED, TERMINAL, OrderStatus, can_move
from tests.orders.shop import SCA, Shop


def test_the_state_machine_allows_only_its_transitions() -> None:
    S = OrderStatus
    assert TERMINAL == {S.DELIVERED, S.FAILED, S.CANCELLED}
    assert can_move("pending", "confirmed") and can_move("confirmed", "processing")
    refused = [
        ("pending", "shipped"),
        ("confirmed", "shipped"),
        ("confirmed", "pending"),
        ("failed", "confirmed"),
        ("cancelled", "confirmed"),
        ("shipped", "cancelled"),
        ("delivered", "cancelled"),
    ]
    for current, target in refused:
        assert not can_move(current, target), (current, target)
    assert all(S.PENDING not in targets for targets in ALLOWED.values())


async def confirmed_order(shop: Shop, sku: str, quantity: int = 1) -> tuple[dict, dict]:  # type: ignore[type-arg]
    me, answer = await shop.buy(sku, quantity)
    assert answer.json()["status"] == "confirmed", answer.text
    return me, answer.json()


async def test_staff_move_orders_through_fulfilment_and_illegal_moves_are_refused(
    shop: Shop,
) -> None:
    await shop.product("CF-300", stock=10)
    me, order = await confirmed_order(shop, "CF-300")
    path = f"/admin/orders/{order['id']}/status"
    skipped = await shop.orders.post(path, json={"status": "shipped"}, headers=shop.admin)
    assert skipped.status_code == 409
    assert skipped.json()["type"].endswith("/illegal-order-transition")
    for status in ("processing", "shipped", "delivered"):
        moved = await shop.orders.post(path, json={"status": status}, headers=shop.admin)
        assert moved.status_code == 200 and moved.json()["status"] == status, moved.text
    for body in ({"status": "processing"}, {"status": "pending"}, {"status": "cancelled"}):
        refused = await shop.orders.post(path, json=body, headers=shop.admin)
        assert refused.status_code in (409, 422), body
    cancel = await shop.orders.post(f"/orders/{order['id']}/cancel", headers=me)
    assert cancel.status_code == 409
    not_staff = await shop.orders.post(path, json={"status": "processing"}, headers=me)
    assert not_staff.status_code == 403
    await shop.drain()
    assert [t for t, _ in await shop.events(order["id"])] == [
        "bookbrew.order.placed",
        "bookbrew.order.confirmed",
        "bookbrew.order.processing",
        "bookbrew.order.shipped",
        "bookbrew.order.delivered",
    ]


async def test_a_customer_cancellation_refunds_and_staff_restock(shop: Shop) -> None:
    await shop.product("CF-301", stock=10)
    me, order = await confirmed_order(shop, "CF-301", 3)
    assert await shop.stock("CF-301") == 7
    answer = await shop.orders.post(
        f"/orders/{order['id']}/cancel", json={"reason": "changed my mind"}, headers=me
    )
    assert answer.status_code == 200, answer.text
    cancelled = answer.json()
    assert cancelled["status"] == "cancelled" and cancelled["reason"] == "changed my mind"
    assert cancelled["refund_status"] == "done"
    assert cancelled["payment"]["refunded"] == cancelled["total"]
    payment = (await shop.payments_of(order["id"]))[0]
    assert payment["status"] == "refunded"
    assert payment["refunds"][0]["reason"] == "changed my mind"
    # The stock was committed: returning it is a staff stock adjustment in the catalog.
    assert cancelled["restock_status"] == "pending"
    restocked = await shop.orders.post(f"/admin/orders/{order['id']}/restock", headers=shop.admin)
    assert restocked.status_code == 200 and restocked.json()["restock_status"] == "done"
    assert await shop.stock("CF-301") == 10
    twice = await shop.orders.post(f"/admin/orders/{order['id']}/restock", headers=shop.admin)
    assert twice.status_code == 409 and await shop.stock("CF-301") == 10
    assert (await shop.orders.post(f"/orders/{order['id']}/cancel", headers=me)).status_code == 409


async def test_staff_cancel_a_processing_order_with_refund_and_restock(shop: Shop) -> None:
    await shop.product("CF-302", stock=10)
    _, order = await confirmed_order(shop, "CF-302", 2)
    await shop.orders.post(
        f"/admin/orders/{order['id']}/status", json={"status": "processing"}, headers=shop.admin
    )
    answer = await shop.orders.post(
        f"/orders/{order['id']}/cancel", json={"reason": "damaged in stock"}, headers=shop.admin
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["status"], body["refund_status"], body["restock_status"]) == (
        "cancelled",
        "done",
        "done",
    )
    assert await shop.stock("CF-302") == 10
    await shop.drain()
    assert [t for t, _ in await shop.events(order["id"])][-1] == "bookbrew.order.cancelled"


async def test_cancelling_while_awaiting_confirmation_cancels_the_payment(shop: Shop) -> None:
    await shop.product("CF-303", stock=4)
    me, answer = await shop.buy("CF-303", 2, number=SCA)
    order = answer.json()
    assert await shop.stock("CF-303") == 2
    cancelled = await shop.orders.post(f"/orders/{order['id']}/cancel", headers=me)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert [p["status"] for p in await shop.payments_of(order["id"])] == ["cancelled"]
    assert await shop.stock("CF-303") == 4


async def test_customers_see_only_their_own_orders(shop: Shop) -> None:
    await shop.product("CF-304", stock=10)
    alice, order = await confirmed_order(shop, "CF-304")
    bob, _ = await confirmed_order(shop, "CF-304")
    path = f"/orders/{order['id']}"
    assert (await shop.orders.get(path, headers=alice)).status_code == 200
    for method, url in (
        ("GET", path),
        ("POST", f"{path}/cancel"),
        ("POST", f"{path}/confirm-payment"),
    ):
        answer = await shop.orders.request(method, url, headers=bob)
        assert answer.status_code == 404, (method, url, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
    mine = (await shop.orders.get("/orders", headers=bob)).json()["items"]
    assert len(mine) == 1 and mine[0]["customer_id"] == shop.subject(bob)
    assert (await shop.orders.get("/orders")).status_code == 401
    assert (await shop.orders.get("/admin/orders", headers=alice)).status_code == 403
    assert (await shop.orders.get(path, headers=shop.admin)).status_code == 200
    assert (await shop.orders.get("/orders/nope", headers=alice)).status_code == 404


async def test_history_pages_and_the_staff_list_filters(shop: Shop) -> None:
    await shop.product("CF-305", stock=10)
    me = shop.customer()
    ids = []
    for _ in range(3):
        _, answer = await shop.buy("CF-305", headers=me)
        ids.append(answer.json()["id"])
    _, failed = await shop.buy("CF-305", headers=me, number="4000000000000002")
    page = await shop.orders.get("/orders", params={"limit": 2}, headers=me)
    assert page.status_code == 200
    first = page.json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = (
        await shop.orders.get(
            "/orders", params={"limit": 2, "cursor": first["next_cursor"]}, headers=me
        )
    ).json()
    seen = [o["id"] for o in first["items"] + rest["items"]]
    assert sorted(seen) == sorted([*ids, failed.json()["id"]]) and rest["next_cursor"] is None
    bad_cursor = await shop.orders.get("/orders", params={"cursor": "!!"}, headers=me)
    assert bad_cursor.status_code == 400

    admin = shop.admin
    by_status = (
        await shop.orders.get("/admin/orders", params={"status": "failed"}, headers=admin)
    ).json()
    assert [o["id"] for o in by_status["items"]] == [failed.json()["id"]]
    by_customer = (
        await shop.orders.get(
            "/admin/orders",
            params={"customer_id": shop.subject(me), "status": ["confirmed", "failed"]},
            headers=admin,
        )
    ).json()
    assert len(by_customer["items"]) == 4
    now = datetime.now(UTC)
    window = {
        "created_from": (now - timedelta(minutes=5)).isoformat(),
        "created_to": (now + timedelta(minutes=5)).isoformat(),
    }
    assert (
        len((await shop.orders.get("/admin/orders", params=window, headers=admin)).json()["items"])
        == 4
    )
    future = {"created_from": (now + timedelta(hours=1)).isoformat()}
    assert (await shop.orders.get("/admin/orders", params=future, headers=admin)).json()[
        "items"
    ] == []
    for params in ({"status": "lost"}, {"limit": 0}, {"created_from": "yesterday"}):
        answer = await shop.orders.get("/admin/orders", params=params, headers=admin)
        assert answer.status_code == 422, params


@pytest.mark.parametrize("status", ["processing", "shipped", "delivered"])
async def test_fulfilment_is_refused_for_an_order_that_failed(shop: Shop, status: str) -> None:
    await shop.product("CF-307", stock=1)
    _, answer = await shop.buy("CF-307", number="4000000000000002")
    assert answer.json()["status"] == "failed"
    refused = await shop.orders.post(
        f"/admin/orders/{answer.json()['id']}/status", json={"status": status}, headers=shop.admin
    )
    assert refused.status_code == 409


async def test_staff_cancel_an_order_whose_product_was_deleted_restocks_the_rest(
    shop: Shop,
) -> None:
    await shop.product("CF-304", stock=10)
    await shop.product("CF-305", stock=10)
    me = shop.customer()
    assert (await shop.add(me, "CF-304", 2)).status_code == 200
    assert (await shop.add(me, "CF-305", 1)).status_code == 200
    answer = await shop.checkout(me, token=await shop.card(me))
    order = answer.json()
    assert order["status"] == "confirmed", answer.text
    gone = await shop.catalog.delete("/admin/products/CF-305", headers=shop.admin)
    assert gone.status_code == 204
    cancelled = await shop.orders.post(
        f"/orders/{order['id']}/cancel", json={"reason": "recalled"}, headers=shop.admin
    )
    assert cancelled.status_code == 200, cancelled.text
    body = cancelled.json()
    assert (body["status"], body["refund_status"], body["restock_status"]) == (
        "cancelled",
        "done",
        "partial",
    )
    assert body["payment"]["refunded"] == body["total"]
    assert await shop.stock("CF-304") == 10
