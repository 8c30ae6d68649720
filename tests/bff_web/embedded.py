"""The embedded shop (`create_embedded_app`: customers, catalog, questionnaire, BFF
Mobile at `/mobile`, BFF Web at the root) driven by a real HTTP client the way a
browser drives it: following the sign-in redirects, posting the customers service's
login (and second-factor) forms, keeping cookies per origin."""

from __future__ import annotations

import html
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pyotp
import pytest
from fastapi import FastAPI

from bookbrew.contracts import customers as contract
from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.platform.events.bus import Subscription
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.platform.hub import Hub
from bookbrew.shop import create_embedded_app
from tests.support import eventually

ORIGIN = "http://localhost:8000"
PASSWORD = "correct horse battery staple"

# Cheap argon2 (tests/customers does the same; bench/ measures the real cost), a fast
# outbox, and the https callback allowed for the Secure-cookie test.
SHOP_ENV = {
    "BOOKBREW_CUSTOMERS_ARGON2_TIME_COST": "1",
    "BOOKBREW_CUSTOMERS_ARGON2_MEMORY_KIB": "1024",
    "BOOKBREW_CUSTOMERS_ARGON2_PARALLELISM": "1",
    "BOOKBREW_CUSTOMERS_OUTBOX_POLL_SECONDS": "0.05",
    "BOOKBREW_CUSTOMERS_WEB_REDIRECT_URIS": (
        '["http://localhost:8000/auth/callback", "https://localhost:8000/auth/callback"]'
    ),
    "BOOKBREW_QUESTIONNAIRE_OUTBOX_POLL_SECONDS": "0.05",
    # The sign-in page on the origin the browser uses (the default names 127.0.0.1).
    "BOOKBREW_BFF_WEB_IDENTITY_PUBLIC_URL": "/svc/customers",
}


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no {name} field in:\n{page[:2000]}"
    return html.unescape(match.group(1))


def form_action(page: httpx.Response) -> str:
    match = re.search(r'<form method="post" action="([^"]*)"', page.text)
    assert match, page.text[:2000]
    return urljoin(str(page.url), html.unescape(match.group(1)))


@dataclass
class Shop:
    app: FastAPI
    hub: Hub
    events: list[CloudEvent] = field(default_factory=list)

    def browser(self, origin: str = ORIGIN) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url=origin, follow_redirects=False
        )

    def registered(self, email: str) -> CloudEvent | None:
        for event in self.events:
            if event.type == contract.CUSTOMER_REGISTERED and event.data["email"] == email:
                return event
        return None

    async def register(self, browser: httpx.AsyncClient, email: str, **extra: Any) -> str:
        """Register and verify through BFF Web; the customer's id."""
        body = {"email": email, "password": PASSWORD, "display_name": "Ana", **extra}
        answer = await browser.post("/api/register", json=body)
        assert answer.status_code == 202, answer.text
        event = await eventually(lambda: self.registered(email))
        link = urlsplit(event.data["verification_url"])
        assert link.path == "/verify-email"
        token = parse_qs(link.query)["token"][0]
        verified = await browser.post("/api/verify-email", json={"token": token})
        assert verified.status_code == 200, verified.text
        assert verified.json() == {"verified": True, "email": email}
        return str(event.data["customer_id"])


@asynccontextmanager
async def embedded_shop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **env: str
) -> AsyncIterator[Shop]:
    for name, value in {**SHOP_ENV, **env}.items():
        monkeypatch.setenv(name, value)
    app = create_embedded_app(tmp_path / "shop", seed=False, public_url=ORIGIN)
    shop = Shop(app=app, hub=app.state.hub)

    async def collect(event: CloudEvent) -> None:
        shop.events.append(event)

    shop.hub.bus.subscribe(Subscription("test.bff_web", ("bookbrew.customer.*",), collect))
    async with app.router.lifespan_context(app):
        yield shop


async def add_products(shop: Shop, tmp_path: Path, products: list[dict[str, Any]]) -> None:
    """Create catalog products as staff (a dev token of the shop's own key)."""
    key = DevSigningKey.load_or_create(tmp_path / "shop" / "keys")
    staff = {"Authorization": f"Bearer {key.mint('seeder', roles=['admin'])}"}
    async with shop.browser() as client:
        for product in products:
            made = await client.post("/svc/catalog/admin/products", json=product, headers=staff)
            assert made.status_code == 201, made.text


@asynccontextmanager
async def signed_in(shop: Shop, email: str) -> AsyncIterator[httpx.AsyncClient]:
    """A browser of a shopper registered, verified and signed in through BFF Web."""
    async with shop.browser() as client:
        await shop.register(client, email)
        assert (await sign_in(client, email)).status_code == 302
        yield client


async def sign_in(
    browser: httpx.AsyncClient,
    email: str,
    *,
    password: str = PASSWORD,
    return_to: str = "/",
    login_path: str | None = None,
    totp_secret: str | None = None,
) -> httpx.Response:
    """Through BFF Web: `/auth/login` → the sign-in page → (second factor) → the
    callback; the callback's answer (a redirect to `return_to`, cookie set)."""
    start = await browser.get(
        login_path or "/auth/login", params=None if login_path else {"return_to": return_to}
    )
    assert start.status_code == 302, start.text
    page = await browser.get(start.headers["location"])
    assert page.status_code == 200, page.text
    answer = await browser.post(
        form_action(page),
        data={
            "csrf_token": hidden(page.text, "csrf_token"),
            "authorization_request": hidden(page.text, "authorization_request"),
            "email": email,
            "password": password,
        },
    )
    if totp_secret is not None:
        assert "Two-step verification" in answer.text, answer.text
        answer = await browser.post(
            form_action(answer),
            data={
                "csrf_token": hidden(answer.text, "csrf_token"),
                "authorization_request": hidden(answer.text, "authorization_request"),
                "pending": hidden(answer.text, "pending"),
                # The next step: the current one was spent confirming the enrollment.
                "code": pyotp.TOTP(totp_secret).at(time.time() + 30),
            },
        )
    assert answer.status_code == 302, answer.text
    callback = answer.headers["location"]
    assert callback.startswith(f"{browser.base_url.scheme}://localhost:8000/auth/callback?")
    return await browser.get(callback)


async def csrf_headers(browser: httpx.AsyncClient) -> dict[str, str]:
    session = (await browser.get("/api/session")).json()
    assert session["signed_in"], session
    return {"X-CSRF-Token": session["csrf_token"]}
