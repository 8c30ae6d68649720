"""BFF Mobile sells, in the embedded shop, as the app uses it: a guest's cart under the
install's id, merged at sign-in; card tokens, checkout (with the step-up round trip of a
token signed in with the second factor), orders; sign-up and TOTP; preferences and the
push device; sign-out that revokes the refresh token. Personal reads revalidate by
ETag."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pyotp
import pytest

from tests.bff_mobile.app_sign_in import APP_CALLBACK, authorize, bearer
from tests.bff_web.embedded import (
    PASSWORD,
    Shop,
    add_products,
    embedded_shop,
)
from tests.bff_web.minishop import assert_problem
from tests.support import eventually

EMAIL = "rui@example.org"
DEVICE = "install-" + "a1b2c3d4e5f6g7h8i9j0"
ADDRESS = {
    "recipient": "Rui Costa",
    "line1": "Rua Augusta 100",
    "city": "Lisboa",
    "postal_code": "1100-053",
    "country": "PT",
}
PRODUCTS = [
    {
        "sku": f"CF-{n:03d}",
        "name": f"Coffee {n}",
        "category": "coffee",
        "price": {"amount": 1200 + n, "currency": "EUR"},
        "stock": 20,
        "attributes": {"origin": "Ethiopia", "process": "washed", "roast": "light"},
    }
    for n in range(1, 4)
]


@pytest.fixture
async def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Shop]:
    async with embedded_shop(tmp_path, monkeypatch) as running:
        await add_products(running, tmp_path, PRODUCTS)
        yield running


@pytest.fixture
async def app(shop: Shop) -> AsyncIterator[httpx.AsyncClient]:
    """The app's HTTP client: BFF Mobile only, no cookies kept."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=shop.app), base_url="http://localhost:8000/mobile"
    ) as client:
        yield client


async def sign_up(shop: Shop, app: httpx.AsyncClient, email: str) -> None:
    """Sign up through BFF Mobile and open the e-mailed link (its token, as the app would)."""
    answer = await app.post(
        "/api/register", json={"email": email, "password": PASSWORD, "display_name": "Rui"}
    )
    assert answer.status_code == 202, answer.text
    assert answer.json()["status"] == "verification-sent"
    event = await eventually(lambda: shop.registered(email), timeout=30)
    token = parse_qs(urlsplit(event.data["verification_url"]).query)["token"][0]
    verified = await app.post("/api/verify-email", json={"token": token})
    assert verified.status_code == 200 and verified.json() == {"verified": True, "email": email}


async def test_auth_config_names_the_app_client_and_its_callbacks(app: httpx.AsyncClient) -> None:
    answer = await app.get("/api/auth/config")

    assert answer.status_code == 200
    config = answer.json()
    assert config["client_id"] == "bookbrew-mobile"
    assert config["authorization_endpoint"] == "http://localhost:8000/svc/customers/oauth/authorize"
    assert APP_CALLBACK in config["redirect_uris"]
    assert "http://localhost:8000/m/auth/callback" in config["redirect_uris"]
    again = await app.get("/api/auth/config", headers={"If-None-Match": answer.headers["etag"]})
    assert again.status_code == 304


async def test_guest_cart_by_install_id_merged_at_sign_in_then_checkout_and_orders(
    shop: Shop, app: httpx.AsyncClient
) -> None:
    device = {"X-Device-Id": DEVICE}
    assert_problem(await app.post("/api/cart/lines", json={"sku": "CF-001"}), 400)
    added = await app.post("/api/cart/lines", json={"sku": "CF-001", "quantity": 2}, headers=device)
    assert added.status_code == 200, added.text
    assert [(line["sku"], line["quantity"]) for line in added.json()["lines"]] == [("CF-001", 2)]
    assert added.json()["cart_id"] != DEVICE  # the install id never leaves as a cart id
    cart = await app.get("/api/cart", headers=device)
    assert cart.json()["item_count"] == 2 and cart.headers["cache-control"].startswith("private")
    unchanged = await app.get(
        "/api/cart", headers={**device, "If-None-Match": cart.headers["etag"]}
    )
    assert unchanged.status_code == 304
    other = await app.get("/api/cart", headers={"X-Device-Id": "another-install-000000000"})
    assert other.json()["lines"] == []
    assert_problem(
        await app.post("/api/cart/lines", json={"sku": "CF-001", "price": 1}, headers=device), 422
    )

    await sign_up(shop, app, EMAIL)
    tokens = await authorize(shop, EMAIL)
    me = bearer(tokens)
    merged = await app.post("/api/cart/merge", headers={**me, **device})
    assert merged.status_code == 200, merged.text
    assert [(line["sku"], line["quantity"]) for line in merged.json()["lines"]] == [("CF-001", 2)]
    assert (await app.get("/api/cart", headers=device)).json()["lines"] == []  # guest cart gone
    assert (await app.get("/api/cart", headers=me)).json()["item_count"] == 2

    card = await app.post(
        "/api/payment-methods",
        json={"number": "4242 4242 4242 4242", "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        headers=me,
    )
    assert card.status_code == 201, card.text
    assert card.json()["last4"] == "4242"
    key = str(uuid.uuid4())
    checkout = {"shipping_address": ADDRESS, "payment_method": card.json()["token"]}
    assert_problem(
        await app.post(
            "/api/checkout",
            json={**checkout, "shipping_address": {**ADDRESS, "country": "XX"}},
            headers=me,
        ),
        422,
    )
    placed = await app.post("/api/checkout", json=checkout, headers={**me, "Idempotency-Key": key})
    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert order["status"] == "confirmed", order
    assert order["shipping_address"]["city"] == "Lisboa"
    assert order["total"]["amount"] == sum(line["line_total"]["amount"] for line in order["lines"])
    replay = await app.post("/api/checkout", json=checkout, headers={**me, "Idempotency-Key": key})
    assert replay.json()["id"] == order["id"]

    # The next checkout offers the address this order went to (revalidated by ETag).
    async def offered() -> httpx.Response | None:
        answer = await app.get("/api/checkout/address", headers=me)
        assert answer.status_code == 200, answer.text
        return answer if answer.json()["address"] else None

    saved = await eventually(offered, timeout=10)
    assert saved.json()["address"] == {**ADDRESS, "line2": None, "region": None}
    same = await app.get(
        "/api/checkout/address", headers={**me, "If-None-Match": saved.headers["etag"]}
    )
    assert same.status_code == 304
    assert (await app.get("/api/cart", headers=me)).json()["lines"] == []

    page = await app.get("/api/orders", headers=me)
    assert page.status_code == 200 and [o["id"] for o in page.json()["items"]] == [order["id"]]
    detail = await app.get(f"/api/orders/{order['id']}", headers=me)
    assert detail.json()["history"]
    assert (
        await app.get(
            f"/api/orders/{order['id']}", headers={**me, "If-None-Match": detail.headers["etag"]}
        )
    ).status_code == 304
    cancelled = await app.post(f"/api/orders/{order['id']}/cancel", headers=me, json={})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"

    # Someone else's order is not there; no token, no orders.
    await sign_up(shop, app, "eva@example.org")
    eva = bearer(await authorize(shop, "eva@example.org"))
    assert_problem(await app.get(f"/api/orders/{order['id']}", headers=eva), 404)
    assert_problem(await app.post(f"/api/orders/{order['id']}/cancel", headers=eva), 404)
    assert_problem(await app.get("/api/orders"), 401)


async def test_step_up_payment_confirmed_with_a_second_factor_token(
    shop: Shop, app: httpx.AsyncClient
) -> None:
    await sign_up(shop, app, EMAIL)
    me = bearer(await authorize(shop, EMAIL))
    started = await app.post("/api/me/mfa/totp", headers=me)
    assert started.status_code == 201, started.text
    secret = started.json()["secret"]
    codes = await app.post(
        "/api/me/mfa/totp/confirm", json={"code": pyotp.TOTP(secret).now()}, headers=me
    )
    assert codes.status_code == 200 and len(codes.json()["recovery_codes"]) >= 5

    await app.post("/api/cart/lines", json={"sku": "CF-003"}, headers=me)
    card = await app.post(
        "/api/payment-methods",
        json={"number": "4000002500003155", "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        headers=me,
    )
    placed = await app.post(
        "/api/checkout",
        json={"shipping_address": ADDRESS, "payment_method": card.json()["token"]},
        headers=me,
    )
    order = placed.json()
    assert order["status"] == "awaiting_confirmation", order
    assert order["next_action"]["type"] == "step_up"
    # The sign-in the order was placed with had no second factor: refused, and told why.
    refused = await app.post(f"/api/orders/{order['id']}/confirm-payment", headers=me)
    assert_problem(refused, 403, "step-up-required")
    assert "insufficient_user_authentication" in refused.headers["www-authenticate"]
    # Signed in again with TOTP (what the app does with `acr_values`), it pays.
    stepped = bearer(
        await authorize(shop, EMAIL, totp_secret=secret, acr_values="aal2", prompt="login")
    )
    confirmed = await app.post(f"/api/orders/{order['id']}/confirm-payment", headers=stepped)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "confirmed"


async def test_preferences_push_device_and_sign_out(shop: Shop, app: httpx.AsyncClient) -> None:
    await sign_up(shop, app, EMAIL)
    tokens = await authorize(shop, EMAIL)
    me = bearer(tokens)

    async def preferences() -> httpx.Response | None:
        # The contact details reach notifications with the registration event.
        answer = await app.get("/api/me/preferences", headers=me)
        return answer if answer.status_code != 404 else None

    prefs = await eventually(preferences, timeout=60)
    assert prefs.status_code == 200, prefs.text
    cached = await app.get(
        "/api/me/preferences", headers={**me, "If-None-Match": prefs.headers["etag"]}
    )
    assert cached.status_code == 304
    assert prefs.json()["email"]["transactional"] is True
    changed = await app.patch(
        "/api/me/preferences", json={"push": {"marketing": False}}, headers=me
    )
    assert changed.status_code == 200 and changed.json()["push"]["marketing"] is False
    assert_problem(
        await app.patch(
            "/api/me/preferences", json={"email": {"transactional": False}}, headers=me
        ),
        422,
    )

    push_token = "ExponentPushToken[abcdefghij0123456789]"
    assert_problem(await app.post("/api/devices", json={"token": "not-a-token"}, headers=me), 422)
    device = await app.post(
        "/api/devices", json={"token": push_token, "label": "Pixel"}, headers=me
    )
    assert device.status_code == 201, device.text
    assert device.json()["kind"] == "expo"
    device_id = device.json()["id"]

    out = await app.post(
        "/api/sign-out",
        json={"refresh_token": tokens["refresh_token"], "device_id": device_id},
        headers=me,
    )
    assert out.status_code == 204
    # The refresh token is revoked: the sign-in cannot be renewed.
    async with shop.browser() as tab:
        refreshed = await tab.post(
            "/svc/customers/oauth/token",
            data={
                "grant_type": "refresh_token",
                "refresh_token": tokens["refresh_token"],
                "client_id": "bookbrew-mobile",
            },
        )
    assert refreshed.status_code == 400 and refreshed.json()["error"] == "invalid_grant"
    # The device is gone from the shopper's registry (a fresh sign-in sees none).
    again = bearer(await authorize(shop, EMAIL))
    async with shop.browser() as tab:
        listed = await tab.get("/svc/notifications/me/push-subscriptions", headers=again)
    assert listed.status_code == 200 and listed.json() == []


async def test_a_new_verification_link_only_for_an_unverified_account(
    shop: Shop, app: httpx.AsyncClient
) -> None:
    def requested() -> list[Any]:
        return [e for e in shop.events if e.type == "bookbrew.customer.verification_requested"]

    registered = await app.post(
        "/api/register", json={"email": EMAIL, "password": PASSWORD, "display_name": "Rui"}
    )
    assert registered.status_code == 202
    first = await eventually(lambda: shop.registered(EMAIL), timeout=30)

    again = await app.post("/api/verify-email/resend", json={"email": EMAIL})
    nobody = await app.post("/api/verify-email/resend", json={"email": "nobody@example.org"})
    assert again.status_code == nobody.status_code == 202
    assert again.json() == nobody.json()  # no telling who has an account
    [sent] = await eventually(requested, timeout=30)
    assert sent.subject == first.data["customer_id"]
    # A second ask within the minute sends nothing more.
    assert (await app.post("/api/verify-email/resend", json={"email": EMAIL})).status_code == 202
    # The new link verifies the account; then there is nothing to resend.
    token = parse_qs(urlsplit(sent.data["verification_url"]).query)["token"][0]
    verified = await app.post("/api/verify-email", json={"token": token})
    assert verified.json() == {"verified": True, "email": EMAIL}
    assert len(requested()) == 1
    assert_problem(await app.post("/api/verify-email/resend", json={"email": "x"}), 422)
