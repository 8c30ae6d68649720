"""A customers app on a real database, driven over HTTP (in-process ASGI transport),
with helpers that walk the OAuth flows the way the apps do."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import secrets
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pyotp
import pytest
from fastapi import FastAPI

from bookbrew.contracts import customers as contract
from bookbrew.customers.app import create_app
from bookbrew.customers.settings import CustomersSettings
from bookbrew.platform.events.bus import Subscription
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.platform.hub import Hub
from tests.support import eventually

WEB_CALLBACK = "http://localhost:8000/auth/callback"
PASSWORD = "correct horse battery staple"


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge.rstrip(b"=").decode()


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no {name} field in:\n{page[:2000]}"
    return html.unescape(match.group(1))


class CustomersUnderTest:
    def __init__(self, app: FastAPI, client: httpx.AsyncClient, hub: Hub) -> None:
        self.app = app
        self.client = client
        self.hub = hub
        self.events: list[CloudEvent] = []

    @property
    def db(self):  # type: ignore[no-untyped-def]
        return self.app.state.runtime.db

    @property
    def security(self):  # type: ignore[no-untyped-def]
        return self.app.state.security

    async def register(self, email: str, password: str = PASSWORD, **extra: Any) -> str:
        body = {"email": email, "password": password, "display_name": "Ana", **extra}
        response = await self.client.post("/customers", json=body)
        assert response.status_code == 202, response.text
        event = await eventually(lambda: self.registered(email))
        return str(event.data["customer_id"])

    def registered(self, email: str) -> CloudEvent | None:
        for event in self.events:
            if event.type == contract.CUSTOMER_REGISTERED and event.data["email"] == email:
                return event
        return None

    async def authorize_page(
        self, client_id: str = "bookbrew-web", scope: str = "profile addresses orders"
    ) -> tuple[httpx.Response, str, str]:
        verifier, challenge = pkce_pair()
        state = secrets.token_urlsafe(8)
        page = await self.client.get(
            "/oauth/authorize",
            params={
                "response_type": "code",
                "client_id": client_id,
                "redirect_uri": WEB_CALLBACK,
                "scope": scope,
                "state": state,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            },
        )
        return page, verifier, state

    async def submit_login(self, page: httpx.Response, email: str, password: str) -> httpx.Response:
        return await self.client.post(
            "/oauth/authorize",
            data={
                "csrf_token": hidden(page.text, "csrf_token"),
                "authorization_request": hidden(page.text, "authorization_request"),
                "email": email,
                "password": password,
            },
        )

    async def sign_in(
        self,
        email: str,
        password: str = PASSWORD,
        *,
        totp_secret: str | None = None,
        client_id: str = "bookbrew-web",
        scope: str = "profile addresses orders",
    ) -> dict[str, Any]:
        """The code flow: authorize, sign in (and second factor), code for tokens."""
        page, verifier, state = await self.authorize_page(client_id, scope)
        assert page.status_code == 200, page.text
        answer = await self.submit_login(page, email, password)
        if totp_secret is not None:
            assert "Two-step verification" in answer.text, answer.text
            answer = await self.client.post(
                "/oauth/authorize/mfa",
                data={
                    "csrf_token": hidden(answer.text, "csrf_token"),
                    "authorization_request": hidden(answer.text, "authorization_request"),
                    "pending": hidden(answer.text, "pending"),
                    # The next time step: the current one was spent on enrollment, and a
                    # code works once (one step of clock drift is allowed).
                    "code": pyotp.TOTP(totp_secret).at(time.time() + 30),
                },
            )
        assert answer.status_code == 302, answer.text
        location = urlsplit(answer.headers["location"])
        query = parse_qs(location.query)
        assert f"{location.scheme}://{location.netloc}{location.path}" == WEB_CALLBACK
        assert query["state"] == [state]
        tokens = await self.client.post(
            "/oauth/token",
            data={
                "grant_type": "authorization_code",
                "code": query["code"][0],
                "redirect_uri": WEB_CALLBACK,
                "client_id": client_id,
                "code_verifier": verifier,
            },
        )
        assert tokens.status_code == 200, tokens.text
        return dict(tokens.json())

    async def customer_headers(self, email: str, **kwargs: Any) -> dict[str, str]:
        tokens = await self.sign_in(email, **kwargs)
        return {"Authorization": f"Bearer {tokens['access_token']}"}


@pytest.fixture
def customers_settings(tmp_path: Path, jwks_file: Path) -> Callable[..., CustomersSettings]:
    def make(**overrides: Any) -> CustomersSettings:
        values: dict[str, Any] = {
            "data_dir": tmp_path,
            "jwks_file": str(jwks_file),
            "environment": "test",
            "public_url": "http://customers",
            # Cheap argon2 in tests; the real cost is measured by bench/.
            "argon2_time_cost": 1,
            "argon2_memory_kib": 1024,
            "argon2_parallelism": 1,
            "outbox_poll_seconds": 0.05,
            **overrides,
        }
        return CustomersSettings(**values)

    return make


@asynccontextmanager
async def running(settings: CustomersSettings) -> AsyncIterator[CustomersUnderTest]:
    hub = Hub()
    app = create_app(settings, hub)
    hub.register("customers", app)
    under_test: CustomersUnderTest | None = None

    async def collect(event: CloudEvent) -> None:
        assert under_test is not None
        under_test.events.append(event)

    hub.bus.subscribe(Subscription("test.customers", ("bookbrew.customer.*",), collect))
    async with hub.running([("customers", app)]):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://customers"
        ) as client:
            under_test = CustomersUnderTest(app, client, hub)
            yield under_test


@pytest.fixture
async def customers(
    customers_settings: Callable[..., CustomersSettings],
) -> AsyncIterator[CustomersUnderTest]:
    async with running(customers_settings()) as under_test:
        yield under_test
