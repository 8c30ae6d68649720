"""The app's push registration reaches the notifications service, and the shopper's order
confirmation and shipping notice are delivered to their phone through the Expo channel:
the embedded shop sends to a local server that answers as Expo's push/send does."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bookbrew.platform.devkeys import DevSigningKey
from tests.bff_mobile.app_sign_in import authorize, bearer
from tests.bff_mobile.test_selling import ADDRESS, PRODUCTS, sign_up
from tests.bff_web.embedded import Shop, add_products, embedded_shop
from tests.notifications.providers import EXPO_PATH, Providers, serving
from tests.support import eventually

EMAIL = "ines@example.org"
PUSH_TOKEN = "ExponentPushToken[ines-pixel-0123456789]"


@pytest.fixture
def expo() -> Iterator[Providers]:
    with serving() as server:
        yield server


@pytest.fixture
async def shop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expo: Providers
) -> AsyncIterator[Shop]:
    async with embedded_shop(
        tmp_path,
        monkeypatch,
        BOOKBREW_NOTIFICATIONS_EXPO_ENABLED="true",
        BOOKBREW_NOTIFICATIONS_EXPO_PUSH_URL=expo.url + EXPO_PATH,
    ) as running:
        await add_products(running, tmp_path, PRODUCTS)
        yield running


def pushed(expo: Providers) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in expo.to(EXPO_PATH)]


async def test_order_confirmed_and_shipped_reach_the_registered_phone(
    shop: Shop, expo: Providers, tmp_path: Path
) -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=shop.app), base_url="http://localhost:8000/mobile"
    ) as app:
        await sign_up(shop, app, EMAIL)
        me = bearer(await authorize(shop, EMAIL))

        async def registered() -> httpx.Response | None:
            # The account reaches notifications with the registration event.
            answer = await app.post(
                "/api/devices", json={"token": PUSH_TOKEN, "label": "Pixel 7"}, headers=me
            )
            return answer if answer.status_code != 404 else None

        device = await eventually(registered, timeout=60)
        assert device.status_code == 201, device.text
        async with shop.browser() as tab:
            listed = await tab.get("/svc/notifications/me/push-subscriptions", headers=me)
        assert [(d["kind"], d["label"]) for d in listed.json()] == [("expo", "Pixel 7")]

        await app.post("/api/cart/lines", json={"sku": "CF-002"}, headers=me)
        card = await app.post(
            "/api/payment-methods",
            json={"number": "4242424242424242", "exp_month": 12, "exp_year": 2034, "cvc": "123"},
            headers=me,
        )
        placed = await app.post(
            "/api/checkout",
            json={"shipping_address": ADDRESS, "payment_method": card.json()["token"]},
            headers=me,
        )
        assert placed.status_code == 201, placed.text
        order = placed.json()
        assert order["status"] == "confirmed"

    number = order["id"].replace("-", "")[:8].upper()
    confirmed = await eventually(lambda: pushed(expo) or None, timeout=60)
    assert [(m["to"], m["title"]) for m in confirmed] == [(PUSH_TOKEN, "Order confirmed")]
    assert number in confirmed[0]["body"]
    assert confirmed[0]["data"]["url"].endswith(order["id"])

    # Staff ship it: the shipping notice follows to the same phone.
    key = DevSigningKey.load_or_create(tmp_path / "shop" / "keys")
    staff = {"Authorization": f"Bearer {key.mint('staff', roles=['admin'])}"}
    async with shop.browser() as tab:
        for status in ("processing", "shipped"):
            moved = await tab.post(
                f"/svc/orders/admin/orders/{order['id']}/status",
                json={"status": status},
                headers=staff,
            )
            assert moved.status_code == 200, moved.text

    both = await eventually(lambda: pushed(expo) if len(pushed(expo)) >= 2 else None, timeout=60)
    assert [(m["to"], m["title"]) for m in both] == [
        (PUSH_TOKEN, "Order confirmed"),
        (PUSH_TOKEN, "Order shipped"),
    ]
    assert both[1]["body"] == f"Order {number} is on its way."
