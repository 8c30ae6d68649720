"""The embedded shop (`bookbrew.shop.create_embedded_app`) with orders added the way
its `ServiceSpec` will add it: a cart filled and checked out through the mounted
services, orders getting its own service token from identity by client credentials."""

from __future__ import annotations

import uuid
from pathlib import Path

import httpx
import pytest

from bookbrew import shop as composition
from bookbrew.platform.devkeys import DevSigningKey
from tests.orders.shop import ADDRESS, coffee

ORDERS_SPEC = composition.ServiceSpec(
    "orders", 8105, "bookbrew.orders", "OrdersSettings", "/svc/orders", True
)
PAYMENTS_SPEC = composition.ServiceSpec(
    "payments", 8106, "bookbrew.payments", "PaymentsSettings", "/svc/payments", True
)


async def test_a_checkout_through_the_embedded_shop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(composition.SERVICES, "payments", PAYMENTS_SPEC)
    monkeypatch.setitem(composition.SERVICES, "orders", ORDERS_SPEC)
    data_dir = tmp_path / "shop"
    app = composition.create_embedded_app(data_dir, seed=False)
    key = DevSigningKey.load_or_create(data_dir / "keys")
    admin = {"Authorization": f"Bearer {key.mint('staff', roles=['admin'])}"}
    me = {"Authorization": f"Bearer {key.mint(f'c-{uuid.uuid4().hex}', roles=['customer'])}"}
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://shop"
        ) as http:
            created = await http.post(
                "/svc/catalog/admin/products", json=coffee("CF-500", stock=3), headers=admin
            )
            assert created.status_code == 201, created.text
            added = await http.post("/svc/orders/cart/lines", json={"sku": "CF-500"}, headers=me)
            assert added.status_code == 200, added.text
            card = await http.post(
                "/svc/payments/payment-methods",
                json={
                    "number": "4242424242424242",
                    "exp_month": 12,
                    "exp_year": 2034,
                    "cvc": "123",
                },
                headers=me,
            )
            order = await http.post(
                "/svc/orders/checkout",
                json={"payment_method": card.json()["token"], "shipping_address": ADDRESS},
                headers={**me, "Idempotency-Key": "first"},
            )
            assert order.status_code == 201, order.text
            assert order.json()["status"] == "confirmed"
            stock = await http.get("/svc/catalog/products/CF-500")
            assert stock.json()["stock"] == 2
