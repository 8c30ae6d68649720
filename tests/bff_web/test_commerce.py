"""BFF Web beyond browsing, in the embedded shop: interactions (signed in and anonymous),
"more like this" from curation with its fallback, the cart (guest cookie, merge at
sign-in), checkout with card tokens and the MFA step-up round trip, order history, and
the staff API (products, stock, reports with CSV, orders) with the admin's token."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bookbrew.bff_web.sessions import SESSION_COOKIE, Sessions
from bookbrew.shop import SERVICES
from tests.bff_web.embedded import (
    Shop,
    add_products,
    csrf_headers,
    embedded_shop,
    sign_in,
    signed_in,
)
from tests.bff_web.minishop import assert_problem
from tests.support import eventually, recommendation_list

EMAIL = "ana@example.org"
HAS_ORDERS = "orders" in SERVICES
needs_orders = pytest.mark.skipif(not HAS_ORDERS, reason="orders is not in the shop yet")

PRODUCTS = [
    {
        "sku": f"CF-{n:03d}",
        "name": f"Coffee {n}",
        "category": "coffee",
        "price": {"amount": 1200 + n, "currency": "EUR"},
        "stock": 20,
        "attributes": {"origin": "Ethiopia", "process": "washed", "roast": "light"},
    }
    for n in range(1, 6)
] + [
    {
        "sku": "PF-001",
        "name": "A grand perfume",
        "category": "perfume",
        "price": {"amount": 25_000, "currency": "EUR"},
        "stock": 5,
        "attributes": {
            "brand": "Maison",
            "notes": {"base": ["oud"]},
            "family": "woody",
            "concentration": "Parfum",
        },
    }
]


@pytest.fixture
async def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Shop]:
    env = {
        "BOOKBREW_ORDERS_OUTBOX_POLL_SECONDS": "0.05",
        "BOOKBREW_PAYMENTS_OUTBOX_POLL_SECONDS": "0.05",
    }
    async with embedded_shop(tmp_path, monkeypatch, **env) as running:
        await add_products(running, tmp_path, PRODUCTS)
        yield running


@pytest.fixture
async def browser(shop: Shop) -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in(shop, EMAIL) as client:
        yield client


class FakeCuration:
    """Stands in for curation: records interactions, answers "similar" at its pace."""

    def __init__(self) -> None:
        self.delay = 0.0
        self.down = False
        self.recorded: list[tuple[dict[str, Any], str | None]] = []
        self.app = Starlette(
            routes=[
                Route("/interactions", self.interaction, methods=["POST"]),
                Route("/products/{sku}/similar", self.similar),
            ]
        )

    async def interaction(self, request: Request) -> JSONResponse:
        if self.down:
            return JSONResponse({"title": "down", "status": 503}, status_code=503)
        self.recorded.append((await request.json(), request.headers.get("authorization")))
        return JSONResponse({"event_id": "e-1"}, status_code=202)

    async def similar(self, request: Request) -> JSONResponse:
        await asyncio.sleep(self.delay)
        skus = ("CF-004", "CF-001", "CF-404", "CF-002")
        return JSONResponse(recommendation_list("rec-similar", skus))


# ---- interactions and "more like this" ------------------------------------------------


async def test_interactions_signed_in_and_anonymous(shop: Shop, browser: httpx.AsyncClient) -> None:
    curation = FakeCuration()
    shop.hub.register("curation", curation.app)
    click = {
        "sku": "CF-001",
        "kind": "click",
        "source": "picks",
        "recommendation_id": "rec-1",
        "model_version": "m-1",
    }
    mine = await browser.post("/api/interactions", json=click, headers=await csrf_headers(browser))
    assert mine.status_code == 202 and mine.json() == {"recorded": True}
    assert curation.recorded[-1][0] == click
    assert (curation.recorded[-1][1] or "").startswith("Bearer ")
    assert "bookbrew_anon" not in mine.cookies

    forged = await browser.post("/api/interactions", json=click)
    assert_problem(forged, 403, "csrf-token-invalid")

    async with shop.browser() as visitor:
        view = {"sku": "CF-002", "kind": "view", "source": "product"}
        first = await visitor.post("/api/interactions", json=view)
        assert first.status_code == 202, first.text
        cookie = first.headers["set-cookie"]
        assert "bookbrew_anon=" in cookie and "HttpOnly" in cookie
        assert "Max-Age=31536000" in cookie and "SameSite=lax" in cookie
        anonymous = curation.recorded[-1][0]["anonymous_id"]
        assert curation.recorded[-1][1] is None
        again = await visitor.post("/api/interactions", json=view)
        assert "set-cookie" not in again.headers
        assert curation.recorded[-1][0]["anonymous_id"] == anonymous

        bad = await visitor.post("/api/interactions", json={"sku": "CF-002", "kind": "rating"})
        assert_problem(bad, 422, "validation-error")
        extra = await visitor.post("/api/interactions", json={**view, "customer_id": "someone"})
        assert_problem(extra, 422)

        curation.down = True
        lost = await visitor.post("/api/interactions", json=view)
        assert lost.status_code == 202 and lost.json() == {"recorded": False}


async def test_more_like_this_from_curation_and_its_fallback(shop: Shop) -> None:
    curation = FakeCuration()
    shop.hub.register("curation", curation.app)
    async with shop.browser() as visitor:
        page = (await visitor.get("/api/products/CF-003")).json()
        assert page["related_source"] == "curation"
        assert page["recommendation_id"] == "rec-similar" and page["model_version"] == "m-7"
        # Curation's order, unknown SKUs left out, full cards from the catalog.
        assert [card["sku"] for card in page["related"]] == ["CF-004", "CF-001", "CF-002"]
        assert page["related"][0]["price"]["display"] == "€12.04"

        curation.delay = 1.0
        started = time.monotonic()
        slow = (await visitor.get("/api/products/CF-005")).json()
        assert time.monotonic() - started < 0.9
        assert slow["related_source"] == "catalog" and slow["recommendation_id"] is None
        assert {card["sku"] for card in slow["related"]} <= {f"CF-{n:03d}" for n in range(1, 5)}
        assert slow["related"]


# ---- staff ---------------------------------------------------------------------------------


async def make_admin(shop: Shop, browser: httpx.AsyncClient, email: str) -> dict[str, str]:
    from bookbrew.customers.service import accounts

    customer_id = (await browser.get("/api/session")).json()["customer"]["id"]
    db = shop.hub.app("customers").state.runtime.db  # type: ignore[attr-defined]
    async with db.unit_of_work() as session:
        await accounts.grant_role(session, customer_id, "admin", "test")
    # The app reads the session on its next page: the role (and a token with it) follows.
    assert "admin" in (await browser.get("/api/session")).json()["customer"]["roles"]
    return await csrf_headers(browser)


async def test_staff_api_needs_the_admin_role(shop: Shop, browser: httpx.AsyncClient) -> None:
    assert_problem(await browser.get("/api/admin/products"), 403, "forbidden")
    assert_problem(await browser.get("/api/admin/reports/sales"), 403, "forbidden")
    async with shop.browser() as visitor:
        assert_problem(await visitor.get("/api/admin/orders"), 401, "not-signed-in")


async def test_a_granted_role_takes_effect_without_signing_in_again(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    from bookbrew.customers.service import accounts

    assert_problem(await browser.get("/api/admin/products"), 403, "forbidden")
    customer_id = (await browser.get("/api/session")).json()["customer"]["id"]
    db = shop.hub.app("customers").state.runtime.db  # type: ignore[attr-defined]
    async with db.unit_of_work() as session:
        await accounts.grant_role(session, customer_id, "admin", "test")
    # The next page the app loads reads the session: the role is there, and so is a
    # token that carries it (the staff API is the catalog's, which checks the token).
    assert "admin" in (await browser.get("/api/session")).json()["customer"]["roles"]
    listed = await browser.get("/api/admin/products")
    assert listed.status_code == 200, listed.text


async def test_staff_products_stock_and_reports(shop: Shop, browser: httpx.AsyncClient) -> None:
    headers = await make_admin(shop, browser, EMAIL)
    session = (await browser.get("/api/session")).json()
    assert "admin" in session["customer"]["roles"]

    found = await browser.get("/api/admin/products", params={"q": "Coffee", "limit": 2})
    assert found.status_code == 200, found.text
    assert found.headers["cache-control"] == "private, no-store"
    assert len(found.json()["items"]) == 2 and found.json()["next_cursor"]

    before = (await browser.get("/api/products/CF-001")).json()["product"]["price"]["amount"]
    assert before == 1201
    edited = await browser.patch(
        "/api/admin/products/CF-001",
        json={"price": {"amount": 999, "currency": "EUR"}, "status": "active"},
        headers=headers,
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["price"]["amount"] == 999
    # The shop's cached product page shows the new price at once.
    assert (await browser.get("/api/products/CF-001")).json()["product"]["price"]["amount"] == 999
    stale = await browser.patch(
        "/api/admin/products/CF-001",
        json={"name": "Old edit"},
        headers={**headers, "If-Match": str(edited.json()["version"] - 1)},
    )
    assert_problem(stale, 412, "version-mismatch")
    bad = await browser.patch("/api/admin/products/CF-001", json={"price": 5}, headers=headers)
    assert_problem(bad, 422)

    stocked = await browser.post(
        "/api/admin/products/CF-001/stock", json={"delta": 5, "reason": "delivery"}, headers=headers
    )
    assert stocked.status_code == 200 and stocked.json()["stock"] == 25

    created = await browser.post(
        "/api/admin/products",
        json={
            "sku": "BV-100",
            "name": "Yuzu soda",
            "category": "beverage",
            "price": {"amount": 350},
            "attributes": {"kind": "juice", "style": "soda"},
        },
        headers=headers,
    )
    assert created.status_code == 201, created.text
    gone = await browser.delete("/api/admin/products/BV-100", headers=headers)
    assert gone.status_code == 204
    assert_problem(await browser.get("/api/admin/products/BV-100"), 404)

    sales = await browser.get("/api/admin/reports/sales", params={"granularity": "week"})
    assert sales.status_code == 200, sales.text
    assert sales.json()["granularity"] == "week" and isinstance(sales.json()["rows"], list)
    low = await browser.get("/api/admin/reports/low-stock", params={"threshold": 6})
    assert "PF-001" in [row["sku"] for row in low.json()["rows"]]
    csv = await browser.get(
        "/api/admin/reports/low-stock", params={"format": "csv", "threshold": 6}
    )
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.headers["content-disposition"].startswith('attachment; filename="low-stock_')
    assert csv.text.splitlines()[0] == '"sku","name","category","stock","units_sold"'
    assert_problem(
        await browser.get(
            "/api/admin/reports/sales", params={"from": "2025-02-01", "to": "2025-01-01"}
        ),
        400,
        "invalid-date-range",
    )
    assert_problem(await browser.get("/api/admin/reports/nope"), 422)


# ---- cart, checkout, orders -----------------------------------------------------------------


@needs_orders
async def test_guest_cart_in_a_cookie_merged_at_sign_in(shop: Shop) -> None:
    async with shop.browser() as client:
        empty = await client.get("/api/cart")
        assert empty.status_code == 200, empty.text
        assert empty.json()["lines"] == [] and "cart_id" not in empty.json()
        added = await client.post("/api/cart/lines", json={"sku": "CF-001", "quantity": 2})
        assert added.status_code == 200, added.text
        assert "bookbrew_cart=gc_" in added.headers["set-cookie"]
        assert "HttpOnly" in added.headers["set-cookie"]
        assert added.json()["item_count"] == 2 and "cart_id" not in added.json()
        more = await client.post("/api/cart/lines", json={"sku": "CF-002"})
        assert more.json()["item_count"] == 3 and "set-cookie" not in more.headers
        fewer = await client.put("/api/cart/lines/CF-001", json={"quantity": 1})
        assert fewer.json()["item_count"] == 2
        assert (await client.delete("/api/cart/lines/CF-002")).json()["item_count"] == 1
        await client.put("/api/cart/lines/CF-001", json={"quantity": 2})
        assert_problem(await client.put("/api/cart/lines/CF-005", json={"quantity": 1}), 404)
        priced = await client.post(
            "/api/cart/lines", json={"sku": "CF-003", "price": {"amount": 1}}
        )
        assert_problem(priced, 422)

        await shop.register(client, EMAIL)
        await sign_in(client, EMAIL)
        merged = await client.get("/api/cart")
        assert merged.status_code == 200, merged.text
        assert [(line["sku"], line["quantity"]) for line in merged.json()["lines"]] == [
            ("CF-001", 2)
        ]
        assert 'bookbrew_cart=""' in merged.headers.get("set-cookie", "")
        headers = await csrf_headers(client)
        cleared = await client.delete("/api/cart", headers=headers)
        assert cleared.status_code == 204
        assert (await client.get("/api/cart")).json()["lines"] == []


async def enroll_totp(browser: httpx.AsyncClient) -> str:
    headers = await csrf_headers(browser)
    started = await browser.post("/api/me/mfa/totp", headers=headers)
    assert started.status_code == 201, started.text
    secret: str = started.json()["secret"]
    confirmed = await browser.post(
        "/api/me/mfa/totp/confirm", json={"code": pyotp.TOTP(secret).now()}, headers=headers
    )
    assert confirmed.status_code == 200, confirmed.text
    return secret


async def card_token(browser: httpx.AsyncClient, number: str) -> str:
    answer = await browser.post(
        "/api/payment-methods",
        json={"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        headers=await csrf_headers(browser),
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["last4"] == number.replace(" ", "")[-4:]
    return str(answer.json()["token"])


SHIPPING = {
    "name": "Ana Lima",
    "line1": "Kastanienallee 1",
    "postal_code": "10435",
    "city": "Berlin",
    "country": "DE",
}


@needs_orders
async def test_checkout_idempotent_declined_and_history(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    headers = await csrf_headers(browser)
    nothing = await browser.post(
        "/api/checkout",
        json={"shipping": SHIPPING, "payment_method": "tok_x"},
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert_problem(nothing, 422, "cart-empty")
    bad_card = await browser.post(
        "/api/payment-methods",
        json={"number": "4242424242424241", "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        headers=headers,
    )
    assert_problem(bad_card, 422, "invalid-card")
    assert "4242424242424241" not in bad_card.text

    await browser.post("/api/cart/lines", json={"sku": "CF-001"}, headers=headers)
    token = await card_token(browser, "4242 4242 4242 4242")
    key = str(uuid.uuid4())
    body = {"shipping": SHIPPING, "payment_method": token}
    placed, again = await asyncio.gather(
        browser.post("/api/checkout", json=body, headers={**headers, "Idempotency-Key": key}),
        browser.post("/api/checkout", json=body, headers={**headers, "Idempotency-Key": key}),
    )
    assert {placed.status_code, again.status_code} <= {200, 201}, (placed.text, again.text)
    assert placed.json()["id"] == again.json()["id"]
    order = placed.json()
    assert order["status"] == "confirmed", order
    assert order.get("login_url") is None
    assert (await browser.get("/api/cart")).json()["lines"] == []

    no_address = await browser.post(
        "/api/checkout", json={"payment_method": token}, headers=headers
    )
    assert_problem(no_address, 422, "validation-error")

    await browser.post("/api/cart/lines", json={"sku": "CF-002"}, headers=headers)
    declined = await browser.post(
        "/api/checkout",
        json={
            "shipping": SHIPPING,
            "payment_method": await card_token(browser, "4000000000009995"),
        },
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert declined.json()["status"] == "failed" and declined.json()["reason"], declined.text

    history = await browser.get("/api/orders")
    assert history.status_code == 200
    assert [item["id"] for item in history.json()["items"]][-1] == order["id"]
    detail = await browser.get(f"/api/orders/{order['id']}")
    assert detail.json()["history"], detail.text
    cancelled = await browser.post(f"/api/orders/{order['id']}/cancel", headers=headers)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"

    async with shop.browser() as other:
        await shop.register(other, "bo@example.org")
        await sign_in(other, "bo@example.org")
        assert_problem(await other.get(f"/api/orders/{order['id']}"), 404)
    async with shop.browser() as visitor:
        refused = await visitor.post("/api/checkout", json=body)
        assert_problem(refused, 401, "not-signed-in")


SHIPPED_TO = {
    "recipient": "Ana Lima",
    "line1": "Kastanienallee 1",
    "line2": None,
    "city": "Berlin",
    "postal_code": "10435",
    "region": None,
    "country": "DE",
}


@needs_orders
async def test_checkout_passes_the_shipping_address_to_orders_and_shows_it(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    headers = await csrf_headers(browser)
    await browser.post("/api/cart/lines", json={"sku": "CF-005"}, headers=headers)
    token = await card_token(browser, "4242 4242 4242 4242")
    key = str(uuid.uuid4())
    shipping = {**SHIPPING, "line2": "Hinterhaus, 2. OG", "region": "Berlin"}
    expected = {**SHIPPED_TO, "line2": "Hinterhaus, 2. OG", "region": "Berlin"}

    for bad, field in (
        ({"postal_code": "#10435"}, "postal_code"),
        ({"country": "Germany"}, "country"),
        ({"name": ""}, "name"),
    ):
        refused = await browser.post(
            "/api/checkout",
            json={"shipping": {**shipping, **bad}, "payment_method": token},
            headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        )
        problem = assert_problem(refused, 422, "validation-error")
        assert ["body", "shipping", field] in [e["loc"] for e in problem["errors"]], problem
    # Checked by orders too (the BFF takes any two capitals as a country).
    unknown = await browser.post(
        "/api/checkout",
        json={"shipping": {**shipping, "country": "XX"}, "payment_method": token},
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert_problem(unknown, 422, "validation-error")

    body = {"shipping": shipping, "payment_method": token}
    placed = await browser.post(
        "/api/checkout", json=body, headers={**headers, "Idempotency-Key": key}
    )
    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert order["status"] == "confirmed" and order["shipping_address"] == expected
    detail = await browser.get(f"/api/orders/{order['id']}")
    assert detail.json()["shipping_address"] == expected
    history = await browser.get("/api/orders")
    assert [o["shipping_address"] for o in history.json()["items"]] == [expected]

    # The same key again: the same order; with another address: refused, nothing placed.
    again = await browser.post(
        "/api/checkout", json=body, headers={**headers, "Idempotency-Key": key}
    )
    assert again.status_code == 200 and again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == order["id"]
    elsewhere = {"shipping": {**shipping, "line1": "Schönhauser Allee 9"}, "payment_method": token}
    moved = await browser.post(
        "/api/checkout", json=elsewhere, headers={**headers, "Idempotency-Key": key}
    )
    assert_problem(moved, 422, "idempotency-key-reused")
    assert len((await browser.get("/api/orders")).json()["items"]) == 1


@needs_orders
async def test_checkout_offers_the_address_the_last_order_went_to(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    headers = await csrf_headers(browser)
    first = await browser.get("/api/checkout/address")
    assert first.status_code == 200 and first.json() == {"address": None}
    assert first.headers["cache-control"] == "private, no-store"

    async def buy(shipping: dict[str, Any]) -> None:
        await browser.post("/api/cart/lines", json={"sku": "CF-003"}, headers=headers)
        token = await card_token(browser, "4242 4242 4242 4242")
        placed = await browser.post(
            "/api/checkout",
            json={"shipping": shipping, "payment_method": token},
            headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        )
        assert placed.json()["status"] == "confirmed", placed.text

    async def offered() -> dict[str, Any] | None:
        answer = await browser.get("/api/checkout/address")
        assert answer.status_code == 200, answer.text
        address: dict[str, Any] | None = answer.json()["address"]
        return address

    async def book() -> list[dict[str, Any]]:
        sessions: Sessions = shop.app.state.sessions
        stored = await sessions.get(browser.cookies[SESSION_COOKIE])
        assert stored is not None
        async with httpx.AsyncClient(
            transport=shop.hub.transport("customers"), base_url="http://customers"
        ) as customers:
            answer = await customers.get(
                "/customers/me/addresses",
                headers={"Authorization": f"Bearer {stored.access_token}"},
            )
        assert answer.status_code == 200, answer.text
        return list(answer.json())

    home = {**SHIPPING, "line2": "", "region": None}
    await buy(SHIPPING)
    assert await eventually(offered, timeout=10) == home
    # Another address, then the first again: the default follows the last order, and the
    # same place is not written twice (spacing and case aside).
    office = {**SHIPPING, "line1": "Schönhauser Allee 9", "postal_code": "10119"}
    await buy(office)
    await eventually(lambda: _is(offered, "Schönhauser Allee 9"), timeout=10)
    await buy({**SHIPPING, "line1": "kastanienallee  1"})
    await eventually(lambda: _is(offered, "Kastanienallee 1"), timeout=10)
    entries = await book()
    assert sorted(e["line1"] for e in entries) == ["Kastanienallee 1", "Schönhauser Allee 9"]
    assert [e["line1"] for e in entries if e["is_default"]] == ["Kastanienallee 1"]

    async with shop.browser() as visitor:
        assert_problem(await visitor.get("/api/checkout/address"), 401)


async def _is(offered: Any, line1: str) -> bool:
    address = await offered()
    return address is not None and address["line1"] == line1


@needs_orders
async def test_checkout_with_the_sca_card_and_the_step_up_round_trip(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    # Enrolled after this sign-in: the session's token carries no second factor.
    secret = await enroll_totp(browser)
    headers = await csrf_headers(browser)
    await browser.post("/api/cart/lines", json={"sku": "CF-003"}, headers=headers)
    token = await card_token(browser, "4000002500003155")
    placed = await browser.post(
        "/api/checkout",
        json={"shipping": SHIPPING, "payment_method": token},
        headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert order["status"] == "awaiting_confirmation", order
    if order["status"] == "awaiting_confirmation":
        assert order["login_url"] == (
            f"/auth/login?return_to=%2Fcheckout%2Fconfirm%2F{order['id']}&prompt=step_up"
        )
        # Signed in again with TOTP (the step-up), the payment is confirmed.
        again = await sign_in(browser, EMAIL, login_path=order["login_url"], totp_secret=secret)
        assert again.headers["location"] == f"/checkout/confirm/{order['id']}"
        headers = await csrf_headers(browser)
        confirmed = await browser.post(
            f"/api/orders/{order['id']}/confirm-payment", headers=headers
        )
        assert confirmed.status_code == 200, confirmed.text
        order = confirmed.json()
    assert order["status"] == "confirmed", order
    # Confirming again (a second tab, a reload) answers the confirmed order.
    again_ = await browser.post(f"/api/orders/{order['id']}/confirm-payment", headers=headers)
    assert again_.status_code == 200 and again_.json()["status"] == "confirmed"


@needs_orders
async def test_staff_orders(shop: Shop, browser: httpx.AsyncClient) -> None:
    headers = await make_admin(shop, browser, EMAIL)
    await browser.post("/api/cart/lines", json={"sku": "CF-004"}, headers=headers)
    order = (
        await browser.post(
            "/api/checkout",
            json={
                "shipping": SHIPPING,
                "payment_method": await card_token(browser, "4242424242424242"),
            },
            headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        )
    ).json()
    listed = await browser.get("/api/admin/orders", params={"status": "confirmed"})
    assert listed.status_code == 200, listed.text
    assert order["id"] in [item["id"] for item in listed.json()["items"]]
    shipped_to = {item["id"]: item["shipping_address"] for item in listed.json()["items"]}
    assert shipped_to[order["id"]] == SHIPPED_TO
    staff_detail = await browser.get(f"/api/admin/orders/{order['id']}")
    assert staff_detail.json()["shipping_address"] == SHIPPED_TO, staff_detail.text
    moved = await browser.post(
        f"/api/admin/orders/{order['id']}/status", json={"status": "processing"}, headers=headers
    )
    assert moved.status_code == 200 and moved.json()["status"] == "processing", moved.text
    illegal = await browser.post(
        f"/api/admin/orders/{order['id']}/status", json={"status": "delivered"}, headers=headers
    )
    assert_problem(illegal, 409)
