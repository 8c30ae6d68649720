"""BFF Web's cart with "goes well with": curation's complements for the cart's SKUs (the
signed-in shopper's), as the catalog has them now, never what the cart holds; and the
cart answering at once without them when curation is slow, down or skipped."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bookbrew.shop import SERVICES
from tests.bff_web.embedded import (
    Shop,
    add_products,
    csrf_headers,
    embedded_shop,
    signed_in,
)
from tests.support import recommendation_list

EMAIL = "cleo@example.org"
pytestmark = pytest.mark.skipif("orders" not in SERVICES, reason="orders is not in the shop yet")

PRODUCTS = [
    {
        "sku": f"CF-{n:03d}",
        "name": f"Coffee {n}",
        "category": "coffee",
        "price": {"amount": 1200 + n, "currency": "EUR"},
        "stock": 0 if n == 9 else 20,
        "attributes": {"origin": "Ethiopia", "process": "washed", "roast": "light"},
    }
    for n in (1, 2, 3, 4, 9)
]


@pytest.fixture
async def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Shop]:
    async with embedded_shop(tmp_path, monkeypatch) as running:
        await add_products(running, tmp_path, PRODUCTS)
        yield running


@pytest.fixture
async def browser(shop: Shop) -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in(shop, EMAIL) as client:
        yield client


class FakeCuration:
    """Stands in for curation: answers complements at its pace (or not at all)."""

    # In the cart, unknown to the catalog, sold out, then two that go with it.
    SKUS = ("CF-002", "CF-003", "CF-404", "CF-009", "CF-004")

    def __init__(self) -> None:
        self.delay = 0.0
        self.down = False
        self.asked: list[tuple[dict[str, Any], str | None]] = []
        self.app = Starlette(routes=[Route("/complements", self.complements, methods=["POST"])])

    async def complements(self, request: Request) -> JSONResponse:
        self.asked.append((await request.json(), request.headers.get("authorization")))
        if self.down:
            return JSONResponse({"title": "down", "status": 503}, status_code=503)
        await asyncio.sleep(self.delay)
        listed = recommendation_list("rec-complements", self.SKUS)
        for item in listed["items"]:
            item["reason"] = f"Goes well with {item['sku']}"
        return JSONResponse(listed)


async def add(browser: httpx.AsyncClient, sku: str) -> httpx.Response:
    added = await browser.post(
        "/api/cart/lines", json={"sku": sku}, headers=await csrf_headers(browser)
    )
    assert added.status_code == 200, added.text
    return added


async def test_complements_with_reasons_never_what_the_cart_holds(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    curation = FakeCuration()
    shop.hub.register("curation", curation.app)
    added = await add(browser, "CF-001")
    assert "complements" not in added.json()  # only the cart read asks curation
    await add(browser, "CF-002")
    assert curation.asked == []

    answer = await browser.get("/api/cart")
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "private, no-store"
    cart = answer.json()
    assert [line["sku"] for line in cart["lines"]] == ["CF-001", "CF-002"]
    complements = cart["complements"]
    assert complements["available"] is True
    assert complements["recommendation_id"] == "rec-complements"
    assert complements["model_version"] == "m-7" and complements["strategy"] == "model"
    # Curation's order; in the cart, unknown and sold out left out; priced by the catalog.
    assert [item["sku"] for item in complements["items"]] == ["CF-003", "CF-004"]
    first = complements["items"][0]
    assert first["reason"] == "Goes well with CF-003"
    assert first["name"] == "Coffee 3"
    assert first["price"] == {"amount": 1203, "currency": "EUR", "display": "€12.03"}
    assert first["image"].endswith("CF-003.svg")

    body, authorization = curation.asked[-1]
    customer_id = (await browser.get("/api/session")).json()["customer"]["id"]
    assert body["skus"] == ["CF-001", "CF-002"] and body["customer_id"] == customer_id
    assert (authorization or "").startswith("Bearer ")  # the shopper's own token

    asked = len(curation.asked)
    bare = (await browser.get("/api/cart", params={"complements": "false"})).json()
    assert "complements" not in bare and len(curation.asked) == asked


async def test_slow_or_down_curation_leaves_the_cart_answering(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    curation = FakeCuration()
    shop.hub.register("curation", curation.app)
    await add(browser, "CF-001")

    curation.delay = 1.0
    started = time.monotonic()
    slow = await browser.get("/api/cart")
    assert time.monotonic() - started < 0.9  # the budget, not curation's pace
    assert slow.status_code == 200, slow.text
    assert slow.json()["complements"] == {
        "available": False,
        "recommendation_id": None,
        "strategy": None,
        "model_version": None,
        "items": [],
    }
    assert [line["sku"] for line in slow.json()["lines"]] == ["CF-001"]

    curation.delay, curation.down = 0.0, True
    for _ in range(2):  # with the timeout above, enough failures to open the breaker
        down = await browser.get("/api/cart")
        assert down.status_code == 200 and down.json()["complements"]["available"] is False
    asked = len(curation.asked)
    skipped = await browser.get("/api/cart")
    assert skipped.status_code == 200 and skipped.json()["complements"]["available"] is False
    assert len(curation.asked) == asked  # the open breaker skips curation


async def test_an_empty_cart_asks_nothing_and_a_guest_cart_asks_without_a_token(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    curation = FakeCuration()
    shop.hub.register("curation", curation.app)
    empty = await browser.get("/api/cart")
    assert empty.status_code == 200, empty.text
    assert empty.json()["lines"] == []
    assert empty.json()["complements"]["available"] is True
    assert empty.json()["complements"]["items"] == []
    assert curation.asked == []

    async with shop.browser() as visitor:
        added = await visitor.post("/api/cart/lines", json={"sku": "CF-001"})
        assert added.status_code == 200, added.text
        guest = await visitor.get("/api/cart")
        assert guest.status_code == 200 and guest.json()["item_count"] == 1
        complements = guest.json()["complements"]
        assert complements["available"] is True
        assert [i["sku"] for i in complements["items"]] == ["CF-002", "CF-003", "CF-004"]
        assert guest.headers["cache-control"] == "private, no-store"
    [(body, authorization)] = curation.asked
    assert body["skus"] == ["CF-001"] and body["customer_id"] is None
    assert authorization is None  # a guest's cart is asked about without anyone's token
