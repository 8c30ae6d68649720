"""The embedded shop stopped and started again on the same data directory: a guest's
cart (web cookie and app install id), a shopper's cart and a signed-in web session are
all still there (the cache lives in SQLite, not only in memory)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.bff_web.embedded import add_products, csrf_headers, embedded_shop, sign_in

PRODUCTS = [
    {
        "sku": f"CF-{n:03d}",
        "name": f"Coffee {n}",
        "category": "coffee",
        "price": {"amount": 1500 + n, "currency": "EUR"},
        "stock": 30,
        "attributes": {"origin": "Kenya", "process": "washed", "roast": "light"},
    }
    for n in range(1, 4)
]
DEVICE = {"X-Device-Id": "install-" + "r3st4rt0000000000000"}


def lines(cart: httpx.Response) -> dict[str, int]:
    assert cart.status_code == 200, cart.text
    return {line["sku"]: line["quantity"] for line in cart.json()["lines"]}


async def test_carts_and_sessions_survive_a_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with embedded_shop(tmp_path, monkeypatch) as shop:
        await add_products(shop, tmp_path, PRODUCTS)
        async with shop.browser() as visitor:
            added = await visitor.post("/api/cart/lines", json={"sku": "CF-001", "quantity": 2})
            assert added.status_code == 200, added.text
            guest_cookies = dict(visitor.cookies)
        async with shop.browser() as shopper:
            await shop.register(shopper, "lea@example.org")
            assert (await sign_in(shopper, "lea@example.org")).status_code == 302
            added = await shopper.post(
                "/api/cart/lines", json={"sku": "CF-002"}, headers=await csrf_headers(shopper)
            )
            assert added.status_code == 200, added.text
            shopper_cookies = dict(shopper.cookies)
        async with shop.browser() as phone:
            added = await phone.post(
                "/mobile/api/cart/lines", json={"sku": "CF-003", "quantity": 3}, headers=DEVICE
            )
            assert added.status_code == 200, added.text

    async with embedded_shop(tmp_path, monkeypatch) as shop:
        async with shop.browser() as visitor:
            visitor.cookies.update(guest_cookies)
            assert lines(await visitor.get("/api/cart")) == {"CF-001": 2}
        async with shop.browser() as shopper:
            shopper.cookies.update(shopper_cookies)
            session = (await shopper.get("/api/session")).json()
            assert session["signed_in"] is True, session
            assert lines(await shopper.get("/api/cart")) == {"CF-002": 1}
        async with shop.browser() as phone:
            assert lines(await phone.get("/mobile/api/cart", headers=DEVICE)) == {"CF-003": 3}
