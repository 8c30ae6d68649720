"""BFF Web passes the identity service's step-up demand on (issue 13, item 5): enrolling
MFA from a session whose sign-in is old is a 403 `step-up-required` problem with a
`login_url` (not a 5xx), and signing in again through it lets the enrollment go on."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest
from sqlalchemy import update

from bookbrew.bff_web.sessions import SESSION_COOKIE, Sessions
from bookbrew.customers.models import RefreshTokenRow
from tests.bff_web.embedded import Shop, csrf_headers, embedded_shop, sign_in
from tests.bff_web.minishop import assert_problem

EMAIL = "ana@example.org"


@pytest.fixture
async def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Shop]:
    async with embedded_shop(tmp_path, monkeypatch) as running:
        yield running


async def age_the_session(shop: Shop, browser: httpx.AsyncClient) -> None:
    """The session's sign-in as if made an hour ago, and its access token due for a
    refresh: the next call the BFF makes carries the old `auth_time`."""
    customers: Any = shop.hub.app("customers")
    async with customers.state.runtime.db.sessions() as session:
        await session.execute(update(RefreshTokenRow).values(auth_time=int(time.time()) - 3600))
        await session.commit()
    sessions: Sessions = shop.app.state.sessions
    session_id = browser.cookies[SESSION_COOKIE]
    stored = await sessions.get(session_id)
    assert stored is not None
    stored.expires_at = time.time() - 1
    await sessions.save(session_id, stored)


async def test_enrolling_mfa_from_an_old_sign_in_asks_for_a_new_one(shop: Shop) -> None:
    async with shop.browser() as browser:
        await shop.register(browser, EMAIL)
        assert (await sign_in(browser, EMAIL)).status_code == 302
        await age_the_session(shop, browser)
        headers = {**await csrf_headers(browser), "X-Return-To": "/account/security"}

        refused = await browser.post("/api/me/mfa/totp", headers=headers)

        problem = assert_problem(refused, 403, "step-up-required")
        assert problem["login_url"] == "/auth/login?return_to=%2Faccount%2Fsecurity&prompt=step_up"
        assert problem["max_age"] == 600 and "acr_values" not in problem  # no factor yet
        challenge = refused.headers["www-authenticate"]
        assert (
            'error="insufficient_user_authentication"' in challenge and "max_age=600" in challenge
        )
        # The session itself goes on (step-up is not a sign-out).
        assert (await browser.get("/api/session")).json()["signed_in"] is True

        landed = await sign_in(browser, EMAIL, login_path=problem["login_url"])
        assert landed.headers["location"] == "/account/security"
        headers = await csrf_headers(browser)
        started = await browser.post("/api/me/mfa/totp", headers=headers)
        assert started.status_code == 201, started.text
        code = pyotp.TOTP(started.json()["secret"]).now()
        confirmed = await browser.post(
            "/api/me/mfa/totp/confirm", headers=headers, json={"code": code}
        )
        assert confirmed.status_code == 200, confirmed.text
        assert (await browser.get("/api/session")).json()["customer"]["mfa_enabled"] is True
