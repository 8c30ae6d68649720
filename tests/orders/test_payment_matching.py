"""A payment settles only its own order, in full (issue 13, item 1).

The attack: pay 1 EUR (or 1 JPY) against a 149 EUR order, or against another shopper's
order waiting for confirmation. Payments refuses a customer's payment against a
reference that is not theirs; orders, independently, settles an order only with the
payment it asked for (made by orders, the order's own payment, for its customer and its
exact amount and currency), whatever events claim."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bookbrew.contracts import payments as payment_contract
from bookbrew.contracts.catalog import Money
from bookbrew.platform.events.envelope import new_event
from tests.orders.shop import SCA, Shop


async def _waiting_order(shop: Shop, sku: str) -> tuple[dict[str, str], dict[str, Any]]:
    await shop.product(sku, stock=5, price=14900)
    me, answer = await shop.buy(sku, 1, number=SCA)
    order = answer.json()
    assert order["status"] == "awaiting_confirmation", answer.text
    return me, order


async def test_customers_cannot_pay_against_an_order_that_is_not_theirs(shop: Shop) -> None:
    victim, order = await _waiting_order(shop, "CF-300")
    attacker = shop.customer()
    for payer in (attacker, victim):  # another shopper, and the shopper underpaying
        token = await shop.card(payer)
        answer = await shop.payments.post(
            "/payments",
            json={
                "amount": 1,
                "currency": "EUR",
                "reference": order["id"],
                "payment_method": token,
            },
            headers={**payer, "Idempotency-Key": f"cheap-{shop.subject(payer)}"},
        )
        assert answer.status_code == 403, answer.text
        assert answer.json()["type"].endswith("/reference-not-yours")
    assert [p["requested_by"] for p in await shop.payments_of(order["id"])] == ["orders"]
    detail = (await shop.orders.get(f"/orders/{order['id']}", headers=victim)).json()
    assert detail["status"] == "awaiting_confirmation"
    assert await shop.stock("CF-300") == 4  # still only reserved


async def test_a_fresh_reference_is_the_first_payers_own(shop: Shop) -> None:
    alice, bob = shop.customer(), shop.customer()

    async def pay(who: dict[str, str], key: str) -> int:
        answer = await shop.payments.post(
            "/payments",
            json={
                "amount": 500,
                "currency": "EUR",
                "reference": "gift-card-77",
                "payment_method": await shop.card(who),
            },
            headers={**who, "Idempotency-Key": key},
        )
        return answer.status_code

    assert await pay(alice, "a1") == 201
    assert await pay(alice, "a2") == 201  # her own reference: again is fine
    assert await pay(bob, "b1") == 403


def _succeeded(order: dict[str, Any], **overrides: Any) -> Any:
    fields: dict[str, Any] = {
        "payment_id": order["payment"]["id"],
        "reference": order["id"],
        "customer_id": None,
        "requested_by": "orders",
        "amount": Money(amount=order["total"]["amount"], currency="EUR"),
        "provider": "sandbox",
        "occurred_at": datetime.now(UTC),
    }
    fields.update(overrides)
    return new_event(
        "payments",
        payment_contract.PAYMENT_SUCCEEDED,
        payment_contract.PaymentEvent(**fields),
    )


async def test_payment_events_settle_only_the_payment_the_order_asked_for(shop: Shop) -> None:
    me, order = await _waiting_order(shop, "CF-301")
    owner = shop.subject(me)
    total = order["total"]["amount"]
    forged = [
        _succeeded(order, customer_id=owner, amount=Money(amount=1, currency="EUR")),
        _succeeded(order, customer_id=owner, amount=Money(amount=total, currency="JPY")),
        _succeeded(order, customer_id="cust-someone-else"),
        _succeeded(order, customer_id=owner, requested_by=owner),
        _succeeded(order, customer_id=owner, payment_id="pay_not_the_orders"),
    ]
    for event in forged:
        await shop.hub.bus.publish(event)
    await shop.drain()
    detail = (await shop.orders.get(f"/orders/{order['id']}", headers=me)).json()
    assert detail["status"] == "awaiting_confirmation"
    assert [h["to_status"] for h in detail["history"]] == ["pending", "awaiting_confirmation"]
    assert await shop.stock("CF-301") == 4  # reserved, never committed

    # The order's own payment, confirmed by its shopper with MFA, still settles it.
    confirmed = await shop.orders.post(
        f"/orders/{order['id']}/confirm-payment", headers=shop.customer(owner, mfa=True)
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "confirmed"
    assert await shop.stock("CF-301") == 4
    [payment] = await shop.payments_of(order["id"])
    assert (payment["status"], payment["amount"]["amount"]) == ("succeeded", total)
