"""The checkout saga in the embedded shop: confirmed, declined, step-up (SCA and large
amounts), out of stock, idempotency, and the payment events as a second path."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from bookbrew.contracts import payments as payment_contract
from bookbrew.contracts.catalog import Money
from bookbrew.platform.events.envelope import new_event
from tests.orders.shop import ADDRESS, DECLINE, SCA, SUCCESS, Shop
from tests.support import eventually


async def test_checkout_with_the_sandbox_card_confirms_the_order(shop: Shop) -> None:
    await shop.product("CF-200", stock=5, price=1299)
    me, answer = await shop.buy("CF-200", 2)
    assert answer.status_code == 201, answer.text
    order = answer.json()
    assert order["status"] == "confirmed" and order["reason"] is None
    assert order["total"] == {"amount": 2598, "currency": "EUR"}
    assert order["lines"][0]["unit_price"]["amount"] == 1299
    assert answer.headers["location"] == f"/orders/{order['id']}"
    assert await shop.stock("CF-200") == 3
    assert (await shop.orders.get("/cart", headers=me)).json()["lines"] == []
    payments = await shop.payments_of(order["id"])
    assert [(p["status"], p["amount"]["amount"]) for p in payments] == [("succeeded", 2598)]

    # The payment.succeeded event arrives too: it changes nothing more.
    await shop.drain()
    detail = (await shop.orders.get(f"/orders/{order['id']}", headers=me)).json()
    assert [(h["from_status"], h["to_status"]) for h in detail["history"]] == [
        (None, "pending"),
        ("pending", "confirmed"),
    ]
    assert [t for t, _ in await shop.events(order["id"])] == [
        "bookbrew.order.placed",
        "bookbrew.order.confirmed",
    ]


async def test_a_declined_card_fails_the_order_and_releases_the_stock(shop: Shop) -> None:
    await shop.product("CF-201", stock=5)
    _, answer = await shop.buy("CF-201", 3, number=DECLINE)
    assert answer.status_code == 201, answer.text
    order = answer.json()
    assert order["status"] == "failed" and order["reason"] == "Your card was declined."
    assert await shop.stock("CF-201") == 5
    assert [p["status"] for p in await shop.payments_of(order["id"])] == ["failed"]
    await shop.drain()
    assert [t for t, _ in await shop.events(order["id"])] == [
        "bookbrew.order.placed",
        "bookbrew.order.failed",
    ]


async def test_an_sca_card_waits_for_the_shoppers_mfa_then_confirms(shop: Shop) -> None:
    await shop.product("CF-202", stock=5)
    me, answer = await shop.buy("CF-202", 1, number=SCA)
    order = answer.json()
    assert order["status"] == "awaiting_confirmation", answer.text
    assert order["next_action"]["type"] == "step_up"
    assert order["next_action"]["confirm_url"] == f"/orders/{order['id']}/confirm-payment"
    assert await shop.stock("CF-202") == 4  # held while the shopper confirms

    confirm = f"/orders/{order['id']}/confirm-payment"
    without_mfa = await shop.orders.post(confirm, headers=me)
    assert without_mfa.status_code == 403, without_mfa.text
    assert without_mfa.json()["type"].endswith("/step-up-required")
    assert "insufficient_user_authentication" in without_mfa.headers["www-authenticate"]

    stepped_up = shop.customer(shop.subject(me), mfa=True)
    confirmed = await shop.orders.post(confirm, headers=stepped_up)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "confirmed" and confirmed.json()["next_action"] is None
    assert await shop.stock("CF-202") == 4
    again = await shop.orders.post(confirm, headers=stepped_up)
    assert again.status_code == 200 and again.json()["status"] == "confirmed"
    await shop.drain()
    assert [t for t, _ in await shop.events(order["id"])] == [
        "bookbrew.order.placed",
        "bookbrew.order.awaiting_confirmation",
        "bookbrew.order.confirmed",
    ]


async def test_a_large_amount_without_a_recent_second_factor_needs_step_up(shop: Shop) -> None:
    await shop.product("PF-203", stock=5, price=8000)  # 2 x 80 EUR is above the step-up amount
    me, answer = await shop.buy("PF-203", 2, number=SUCCESS)
    order = answer.json()
    assert order["status"] == "awaiting_confirmation", answer.text
    confirmed = await shop.orders.post(
        f"/orders/{order['id']}/confirm-payment", headers=shop.customer(shop.subject(me), mfa=True)
    )
    assert confirmed.json()["status"] == "confirmed", confirmed.text
    assert [p["status"] for p in await shop.payments_of(order["id"])] == ["succeeded"]

    # With a fresh second factor at checkout, no round trip.
    mfa = shop.customer(mfa=True)
    _, direct = await shop.buy("PF-203", 2, headers=mfa)
    assert direct.json()["status"] == "confirmed", direct.text


async def test_out_of_stock_fails_with_a_reason_naming_the_item(shop: Shop) -> None:
    await shop.product("CF-204", stock=1)
    first = shop.customer()
    second = shop.customer()
    assert (await shop.add(first, "CF-204")).status_code == 200
    assert (await shop.add(second, "CF-204")).status_code == 200
    assert (await shop.checkout(first)).json()["status"] == "confirmed"
    late = (await shop.checkout(second)).json()
    assert late["status"] == "failed"
    assert late["reason"] == "Out of stock: Ethiopia Yirgacheffe CF-204 (CF-204)."
    assert await shop.payments_of(late["id"]) == []  # never charged
    assert await shop.stock("CF-204") == 0


async def test_the_same_idempotency_key_returns_the_same_order(shop: Shop) -> None:
    await shop.product("CF-205", stock=10)
    me = shop.customer()
    await shop.add(me, "CF-205")
    token = await shop.card(me)
    key = uuid.uuid4().hex
    first = await shop.checkout(me, key=key, token=token)
    again = await shop.checkout(me, key=key, token=token)
    assert first.status_code == 201 and again.status_code == 200
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    other_body = await shop.checkout(me, key=key, token=await shop.card(me))
    assert other_body.status_code == 422
    assert other_body.json()["type"].endswith("/idempotency-key-reused")
    # Keys are per customer: someone else's identical key is their own order.
    other = shop.customer()
    await shop.add(other, "CF-205")
    theirs = await shop.checkout(other, key=key)
    assert theirs.status_code == 201 and theirs.json()["id"] != first.json()["id"]
    assert await shop.stock("CF-205") == 8


async def test_concurrent_submissions_make_one_order_and_one_payment(shop: Shop) -> None:
    await shop.product("CF-206", stock=10)
    me = shop.customer()
    await shop.add(me, "CF-206", 2)
    token = await shop.card(me)
    key = uuid.uuid4().hex
    answers = await asyncio.gather(*(shop.checkout(me, key=key, token=token) for _ in range(8)))
    assert sorted(a.status_code for a in answers) == [200] * 7 + [201], [a.text for a in answers]
    assert len({a.json()["id"] for a in answers}) == 1
    assert {a.json()["status"] for a in answers} == {"confirmed"}
    assert len(await shop.payments_of(answers[0].json()["id"])) == 1
    assert await shop.stock("CF-206") == 8 and await shop.order_count() == 1


async def test_checkout_refuses_bad_requests_without_placing_an_order(shop: Shop) -> None:
    await shop.product("CF-207")
    me = shop.customer()
    token = await shop.card(me)
    empty = await shop.checkout(me, token=token)
    assert empty.status_code == 422 and empty.json()["type"].endswith("/cart-empty")
    await shop.add(me, "CF-207")
    good = {"payment_method": token, "shipping_address": ADDRESS}
    no_key = await shop.orders.post("/checkout", json=good, headers=me)
    assert no_key.status_code == 400
    assert no_key.json()["type"].endswith("/idempotency-key-required")
    for body in (
        {**good, "total": {"amount": 1, "currency": "EUR"}},
        {**good, "lines": [{"sku": "CF-207", "quantity": 1, "price": 1}]},
        {**good, "payment_method": "4242424242424242 12/34 123"},
        {**good, "payment_method": "4242424242424242"},
        {**good, "payment_method": "tok-4242-4242-4242-4242"},
        {"payment_method": token},
        {},
    ):
        answer = await shop.orders.post(
            "/checkout", json=body, headers={**me, "Idempotency-Key": uuid.uuid4().hex}
        )
        assert answer.status_code == 422, (body, answer.text)
    guest = await shop.orders.post("/checkout", json=good, headers={"Idempotency-Key": "k"})
    assert guest.status_code == 401
    admin = await shop.orders.post(
        "/checkout", json=good, headers={**shop.admin, "Idempotency-Key": "k"}
    )
    assert admin.status_code == 403
    unknown_method = await shop.checkout(me, token="tok_sbx_forged.abc")
    assert unknown_method.json()["status"] == "failed"
    assert "not accepted" in unknown_method.json()["reason"]
    assert await shop.stock("CF-207") == 10


async def test_a_payment_confirmed_at_the_provider_confirms_the_order_by_event(
    shop: Shop,
) -> None:
    """Webhook-driven outcomes reach orders only as payment events."""
    await shop.product("CF-208", stock=5)
    me, answer = await shop.buy("CF-208", 1, number=SCA)
    order = answer.json()
    assert order["status"] == "awaiting_confirmation"
    payment_id = order["payment"]["id"]
    direct = await shop.payments.post(
        f"/payments/{payment_id}/confirm", headers=shop.customer(shop.subject(me), mfa=True)
    )
    assert direct.json()["status"] == "succeeded", direct.text

    async def confirmed() -> bool:
        got = await shop.orders.get(f"/orders/{order['id']}", headers=me)
        return bool(got.json()["status"] == "confirmed")

    await eventually(confirmed)
    assert await shop.stock("CF-208") == 4


async def test_payment_events_are_applied_once_and_late_successes_are_refunded(
    shop: Shop,
) -> None:
    await shop.product("CF-209", stock=5)
    me, answer = await shop.buy("CF-209", 2, number=SCA)
    order = answer.json()
    failed = new_event(
        "payments",
        payment_contract.PAYMENT_FAILED,
        payment_contract.PaymentEvent(
            payment_id=order["payment"]["id"],
            reference=order["id"],
            customer_id=shop.subject(me),
            requested_by="orders",
            amount=Money(amount=order["total"]["amount"], currency="EUR"),
            provider="sandbox",
            failure_code="authentication-failed",
            failure_message="The card's authentication failed.",
            occurred_at=datetime.now(UTC),
        ),
    )
    for _ in range(3):  # redelivered: handled once
        await shop.hub.bus.publish(failed)
    await shop.drain()
    detail = (await shop.orders.get(f"/orders/{order['id']}", headers=me)).json()
    assert detail["status"] == "failed"
    assert detail["reason"] == "The card's authentication failed."
    assert [h["to_status"] for h in detail["history"]] == [
        "pending",
        "awaiting_confirmation",
        "failed",
    ]
    assert await shop.stock("CF-209") == 5

    # The shopper confirms at the provider anyway: the money goes back.
    direct = await shop.payments.post(
        f"/payments/{order['payment']['id']}/confirm",
        headers=shop.customer(shop.subject(me), mfa=True),
    )
    assert direct.json()["status"] == "succeeded"

    async def refunded() -> bool:
        return [p["status"] for p in await shop.payments_of(order["id"])] == ["refunded"]

    await eventually(refunded)
    assert (await shop.orders.get(f"/orders/{order['id']}", headers=me)).json()[
        "status"
    ] == "failed"
    assert await shop.stock("CF-209") == 5
