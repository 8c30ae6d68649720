"""Erasure ends access at once (issue 13, item 6), in the embedded shop over HTTP: once
a customer is erased, their access token, still within its lifetime, creates no cart,
no questionnaire response and no interaction (401), neither sent to the services
directly nor through BFF Mobile; and their BFF Web session ends. Each writing service
learns of the erasure from `customer.erased` (its deny-list, `platform.revocation`)."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from bookbrew.bff_web.sessions import SESSION_COOKIE
from tests.bff_web.embedded import (
    PASSWORD,
    Shop,
    add_products,
    csrf_headers,
    embedded_shop,
    form_action,
    hidden,
    sign_in,
)
from tests.support import eventually

APP_CALLBACK = "bookbrew://auth/callback"
PRODUCT = {
    "sku": "CF-001",
    "name": "Coffee 1",
    "category": "coffee",
    "price": {"amount": 1200, "currency": "EUR"},
    "stock": 20,
    "attributes": {"origin": "Ethiopia", "process": "washed", "roast": "light"},
}
WRITERS = ("orders", "questionnaire", "curation")


@pytest.fixture
async def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Shop]:
    async with embedded_shop(tmp_path, monkeypatch) as running:
        await add_products(running, tmp_path, [PRODUCT])
        yield running


async def app_tokens(browser: httpx.AsyncClient, email: str) -> dict[str, Any]:
    """What the mobile app does: code + PKCE against the identity service; its tokens."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    page = await browser.get(
        "/svc/customers/oauth/authorize",
        params={
            "response_type": "code",
            "client_id": "bookbrew-mobile",
            "redirect_uri": APP_CALLBACK,
            "scope": "profile orders",
            "state": "s1",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
    )
    answer = await browser.post(
        form_action(page),
        data={
            "csrf_token": hidden(page.text, "csrf_token"),
            "authorization_request": hidden(page.text, "authorization_request"),
            "email": email,
            "password": PASSWORD,
        },
    )
    assert answer.status_code == 302, answer.text
    tokens = await browser.post(
        "/svc/customers/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": parse_qs(urlsplit(answer.headers["location"]).query)["code"][0],
            "redirect_uri": APP_CALLBACK,
            "client_id": "bookbrew-mobile",
            "code_verifier": verifier,
        },
    )
    assert tokens.status_code == 200, tokens.text
    return dict(tokens.json())


async def writes(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, httpx.Response]:
    """A cart, a questionnaire response and an interaction: at the services, and the
    last two through BFF Mobile (which passes the token through)."""
    return {
        "cart": await client.post(
            "/svc/orders/cart/lines", json={"sku": "CF-001", "quantity": 1}, headers=headers
        ),
        "response": await client.post(
            "/svc/questionnaire/responses",
            json={"questionnaire_key": "general", "restart": True},
            headers=headers,
        ),
        "interaction": await client.post(
            "/svc/curation/interactions", json={"sku": "CF-001", "kind": "view"}, headers=headers
        ),
        "mobile response": await client.post(
            "/mobile/api/questionnaires/general/responses", json={"restart": True}, headers=headers
        ),
        "mobile interaction": await client.post(
            "/mobile/api/interactions", json={"sku": "CF-001", "kind": "view"}, headers=headers
        ),
    }


def revoked_everywhere(shop: Shop, subject: str) -> Any:
    async def check() -> bool:
        from bookbrew.platform.auth import Principal

        principal = Principal(subject=subject)
        for name in WRITERS:
            app: Any = shop.hub.app(name)
            if not await app.state.revocations.is_revoked(principal):
                return False
        return True

    return check


async def test_an_erased_customers_still_valid_token_writes_nothing(shop: Shop) -> None:
    async with shop.browser() as browser, shop.browser() as other_browser:
        ana = await shop.register(browser, "ana@example.org")
        await shop.register(other_browser, "bea@example.org")
        app = await app_tokens(browser, "ana@example.org")
        headers = {"Authorization": f"Bearer {app['access_token']}"}
        bea_tokens = await app_tokens(other_browser, "bea@example.org")
        bea = {"Authorization": f"Bearer {bea_tokens['access_token']}"}
        # Ana is also signed in to the web app (a BFF Web session).
        assert (await sign_in(browser, "ana@example.org")).status_code == 302
        web = await csrf_headers(browser)

        before = await writes(browser, headers)
        assert {name: r.status_code for name, r in before.items()} == {
            "cart": 200,
            "response": 201,
            "interaction": 202,
            "mobile response": 201,
            "mobile interaction": 202,
        }, {name: r.text for name, r in before.items()}
        assert before["mobile interaction"].json()["recorded"] is True
        added = await browser.post("/api/cart/lines", json={"sku": "CF-001"}, headers=web)
        assert added.status_code == 200, added.text

        erased = await browser.delete("/svc/customers/customers/me", headers=headers)
        assert erased.status_code == 204, erased.text
        await eventually(revoked_everywhere(shop, ana))

        # The token has minutes to live, and every service refuses it.
        after = await writes(browser, headers)
        for name, answer in after.items():
            assert answer.status_code == 401, (name, answer.text)
            assert answer.headers["content-type"].startswith("application/problem+json")
        assert "www-authenticate" in after["cart"].headers

        # The web session ends on the first refusal, its cookie cleared.
        refused = await browser.post("/api/cart/lines", json={"sku": "CF-001"}, headers=web)
        assert refused.status_code == 401 and refused.json()["type"].endswith("/session-expired")
        assert f"{SESSION_COOKIE}=" in refused.headers.get("set-cookie", "")
        assert (await browser.get("/api/session")).json()["signed_in"] is False

        # Someone else's token is untouched.
        still = await writes(other_browser, bea)
        assert {r.status_code for r in still.values()} <= {200, 201, 202}, {
            name: r.text for name, r in still.items()
        }
