"""Signing in to the web app through BFF Web in the embedded shop, with a real HTTP
client following every redirect: tokens stay server-side behind an opaque cookie, CSRF
is enforced, logout revokes, no open redirect, refresh with rotation, step-up."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pyotp
import pytest

from bookbrew.bff_web.sessions import SESSION_COOKIE, Sessions, safe_return_to
from tests.bff_web.embedded import (
    ORIGIN,
    Shop,
    csrf_headers,
    embedded_shop,
    form_action,
    hidden,
    sign_in,
)
from tests.bff_web.minishop import assert_problem

EMAIL = "ana@example.org"


@pytest.fixture
async def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Shop]:
    async with embedded_shop(tmp_path, monkeypatch) as running:
        yield running


@pytest.fixture
async def browser(shop: Shop) -> AsyncIterator[httpx.AsyncClient]:
    async with shop.browser() as client:
        yield client


async def signed_in(shop: Shop, browser: httpx.AsyncClient, email: str = EMAIL) -> str:
    customer_id = await shop.register(browser, email)
    landed = await sign_in(browser, email)
    assert landed.status_code == 302 and landed.headers["location"] == "/", landed.text
    return customer_id


def set_cookie(response: httpx.Response, name: str) -> str:
    found = [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{name}=")]
    assert len(found) == 1, response.headers.get_list("set-cookie")
    return found[0]


def sessions_of(shop: Shop) -> Sessions:
    sessions: Sessions = shop.app.state.sessions
    return sessions


async def test_register_verify_and_sign_in_keep_the_tokens_server_side(
    shop: Shop, browser: httpx.AsyncClient, tmp_path: Path
) -> None:
    anonymous = await browser.get("/api/session")
    assert anonymous.json() == {"signed_in": False, "customer": None, "csrf_token": None}
    customer_id = await shop.register(browser, EMAIL, marketing_consent=True)

    start = await browser.get("/auth/login", params={"return_to": "/questionnaire?step=2"})
    assert start.status_code == 302
    authorize = urlsplit(start.headers["location"])
    assert f"{authorize.scheme}://{authorize.netloc}{authorize.path}" == (
        f"{ORIGIN}/svc/customers/oauth/authorize"
    )
    query = parse_qs(authorize.query)
    assert query["client_id"] == ["bookbrew-web"] and query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == [f"{ORIGIN}/auth/callback"]
    assert "code_verifier" not in query  # the verifier never leaves the BFF
    login_cookie = set_cookie(start, "bookbrew_login").lower()
    assert "httponly" in login_cookie and "path=/auth" in login_cookie

    page = await browser.get(start.headers["location"])
    assert page.status_code == 200 and "Sign in to BookBrew" in page.text
    answer = await browser.post(
        form_action(page),
        data={
            "csrf_token": hidden(page.text, "csrf_token"),
            "authorization_request": hidden(page.text, "authorization_request"),
            "email": EMAIL,
            "password": "correct horse battery staple",
        },
    )
    assert answer.status_code == 302
    landed = await browser.get(answer.headers["location"])

    assert landed.status_code == 302 and landed.headers["location"] == "/questionnaire?step=2"
    cookie = set_cookie(landed, SESSION_COOKIE)
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=lax", "path=/"} <= flags and "secure" not in flags
    session_id = cookie.split(";")[0].split("=", 1)[1]
    assert len(session_id) >= 40 and "." not in session_id  # opaque, not a JWT

    session = await browser.get("/api/session")
    assert session.headers["cache-control"] == "no-store"
    body = session.json()
    assert body["signed_in"] is True and len(body["csrf_token"]) >= 32
    assert body["customer"] == {
        "id": customer_id,
        "display_name": "Ana",
        "email": EMAIL,
        "roles": ["customer"],
        "mfa_enabled": False,
    }
    assert "token" not in session.text.replace("csrf_token", "")
    stored = await sessions_of(shop).get(session_id)
    assert stored is not None and stored.customer_id == customer_id
    # The cache holds the tokens encrypted, under a hash of the cookie: neither is in the
    # cache's file on disk (nor its write-ahead log).
    raw = await asyncio.to_thread(
        lambda: b"".join(path.read_bytes() for path in tmp_path.glob("shop/cache.sqlite3*"))
    )
    assert b"bff_web:" in raw  # the session is there
    assert stored.access_token.encode() not in raw and session_id.encode() not in raw


async def test_the_session_cookie_is_secure_over_https(shop: Shop) -> None:
    async with shop.browser("https://localhost:8000") as browser:
        await shop.register(browser, EMAIL)
        landed = await sign_in(browser, EMAIL)
        assert landed.status_code == 302
        assert "secure" in set_cookie(landed, SESSION_COOKIE).lower()
        assert (await browser.get("/api/session")).json()["signed_in"] is True


async def test_unsafe_requests_need_the_csrf_token(shop: Shop, browser: httpx.AsyncClient) -> None:
    await signed_in(shop, browser)

    missing = await browser.post("/api/me/mfa/totp")
    wrong = await browser.post("/api/me/mfa/totp", headers={"X-CSRF-Token": "x" * 43})
    logout = await browser.post("/auth/logout")

    for refused in (missing, wrong, logout):
        assert_problem(refused, 403, "csrf-token-invalid")
    assert (await browser.get("/api/session")).json()["signed_in"] is True
    allowed = await browser.post("/api/me/mfa/totp", headers=await csrf_headers(browser))
    assert allowed.status_code == 201
    assert allowed.json()["provisioning_uri"].startswith("otpauth://totp/")


async def test_logout_revokes_the_sign_in_and_forgets_the_session(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    await signed_in(shop, browser)
    session_id = browser.cookies[SESSION_COOKIE]
    stored = await sessions_of(shop).get(session_id)
    assert stored is not None

    out = await browser.post("/auth/logout", headers=await csrf_headers(browser))

    assert out.status_code == 204
    assert "max-age=0" in set_cookie(out, SESSION_COOKIE).lower()
    assert await sessions_of(shop).get(session_id) is None
    assert (await browser.get("/api/session")).json()["signed_in"] is False
    # The refresh token is revoked at the identity service, not just forgotten here.
    refresh = await browser.post(
        "/svc/customers/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": stored.refresh_token,
            "client_id": "bookbrew-web",
        },
    )
    assert refresh.status_code == 400 and refresh.json()["error"] == "invalid_grant"
    # The old cookie, replayed, is just a signed-out visitor.
    async with shop.browser() as replay:
        replay.cookies.set(SESSION_COOKIE, session_id)
        assert (await replay.get("/api/session")).json()["signed_in"] is False
        assert_problem(await replay.get("/api/me/taste-profile"), 401, "not-signed-in")


@pytest.mark.parametrize(
    "return_to",
    [
        "https://evil.example/steal",
        "//evil.example/steal",
        "/\\evil.example",
        "javascript:alert(1)",
        "/ok\r\nSet-Cookie: x=1",
        "evil.example",
        "",
    ],
)
def test_return_to_must_be_a_path_on_this_origin(return_to: str) -> None:
    assert safe_return_to(return_to) == "/"


def test_return_to_keeps_paths_queries_and_fragments() -> None:
    assert safe_return_to("/products/BK-001?x=1#top") == "/products/BK-001?x=1#top"


async def test_an_open_redirect_is_refused_end_to_end(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    await shop.register(browser, EMAIL)

    landed = await sign_in(browser, EMAIL, return_to="//evil.example/steal")

    assert landed.status_code == 302 and landed.headers["location"] == "/"
    assert (await browser.get("/api/session")).json()["signed_in"] is True


async def test_a_callback_must_come_back_to_the_browser_that_started_it(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    """Login CSRF: an attacker's own code and state, sent to a victim's browser, do not
    sign the victim in (the state is bound to the starting browser's nonce cookie)."""
    await shop.register(browser, "mallory@example.org")
    start = await browser.get("/auth/login")
    page = await browser.get(start.headers["location"])
    answer = await browser.post(
        form_action(page),
        data={
            "csrf_token": hidden(page.text, "csrf_token"),
            "authorization_request": hidden(page.text, "authorization_request"),
            "email": "mallory@example.org",
            "password": "correct horse battery staple",
        },
    )
    callback = answer.headers["location"]

    async with shop.browser() as victim:
        landed = await victim.get(callback)
        assert landed.status_code == 302
        assert landed.headers["location"] == "/?auth_error=invalid_state"
        assert SESSION_COOKIE not in victim.cookies
        unknown = await victim.get("/auth/callback", params={"code": "x", "state": "nope"})
        assert unknown.headers["location"] == "/?auth_error=invalid_state"

    # And a state works once: the (consumed) callback cannot be replayed.
    replayed = await browser.get(callback)
    assert replayed.headers["location"] == "/?auth_error=invalid_state"


async def test_a_denied_sign_in_comes_back_with_an_error(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    start = await browser.get("/auth/login", params={"return_to": "/cart?x=1"})
    state = parse_qs(urlsplit(start.headers["location"]).query)["state"][0]

    back = await browser.get("/auth/callback", params={"error": "access_denied", "state": state})

    assert back.headers["location"] == "/cart?x=1&auth_error=access_denied"


async def test_the_access_token_is_refreshed_with_rotation(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    await signed_in(shop, browser)
    sessions = sessions_of(shop)
    session_id = browser.cookies[SESSION_COOKIE]
    before = await sessions.get(session_id)
    assert before is not None
    before.expires_at = time.time() + 5  # within the refresh leeway
    await sessions.save(session_id, before)

    assert (await browser.get("/api/session")).json()["signed_in"] is True

    after = await sessions.get(session_id)
    assert after is not None
    assert after.access_token != before.access_token
    assert after.refresh_token != before.refresh_token  # rotated, and the new one kept
    assert after.expires_at > time.time() + 200
    # The spent refresh token is dead: presenting it again would revoke the family.
    assert after.csrf_token == before.csrf_token


async def test_a_refused_refresh_ends_the_session(shop: Shop, browser: httpx.AsyncClient) -> None:
    await signed_in(shop, browser)
    sessions = sessions_of(shop)
    session_id = browser.cookies[SESSION_COOKIE]
    stored = await sessions.get(session_id)
    assert stored is not None
    stored.expires_at = time.time() - 1
    stored.refresh_token = "revoked-or-unknown"
    await sessions.save(session_id, stored)

    answer = await browser.get("/api/me/taste-profile")

    body = assert_problem(answer, 401, "session-expired")
    assert body["login_url"] == "/auth/login?return_to=%2F"
    assert "max-age=0" in set_cookie(answer, SESSION_COOKIE).lower()
    assert await sessions.get(session_id) is None


async def test_totp_enrollment_and_step_up_through_the_bff(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    await signed_in(shop, browser)
    headers = await csrf_headers(browser)
    enrollment = (await browser.post("/api/me/mfa/totp", headers=headers)).json()
    secret = enrollment["secret"]
    bad = await browser.post("/api/me/mfa/totp/confirm", headers=headers, json={"code": "000000"})
    assert bad.status_code in (400, 422) and bad.headers["content-type"].startswith(
        "application/problem+json"
    )
    confirmed = await browser.post(
        "/api/me/mfa/totp/confirm", headers=headers, json={"code": pyotp.TOTP(secret).now()}
    )
    assert confirmed.status_code == 200, confirmed.text
    assert len(confirmed.json()["recovery_codes"]) >= 5
    assert (await browser.get("/api/session")).json()["customer"]["mfa_enabled"] is True

    # Turning MFA off needs a recent second factor; this sign-in used a password only.
    refused = await browser.delete(
        "/api/me/mfa/totp", headers={**headers, "X-Return-To": "/account/security"}
    )
    problem = assert_problem(refused, 403, "step-up-required")
    assert problem["login_url"] == "/auth/login?return_to=%2Faccount%2Fsecurity&prompt=step_up"
    assert problem["acr_values"] == "aal2"
    old_session = browser.cookies[SESSION_COOKIE]

    landed = await sign_in(browser, EMAIL, login_path=problem["login_url"], totp_secret=secret)

    assert landed.headers["location"] == "/account/security"
    assert browser.cookies[SESSION_COOKIE] != old_session  # a new session id per sign-in
    assert await sessions_of(shop).get(old_session) is None
    turned_off = await browser.delete("/api/me/mfa/totp", headers=await csrf_headers(browser))
    assert turned_off.status_code == 204, turned_off.text
    assert (await browser.get("/api/session")).json()["customer"]["mfa_enabled"] is False


async def test_account_routes_need_a_session(browser: httpx.AsyncClient) -> None:
    answer = await browser.post("/api/me/mfa/totp", headers={"X-Return-To": "/account"})

    body = assert_problem(answer, 401, "not-signed-in")
    assert body["login_url"] == "/auth/login?return_to=%2Faccount"


async def test_registration_problems_pass_through(browser: httpx.AsyncClient) -> None:
    short = await browser.post(
        "/api/register", json={"email": "a@example.org", "password": "short", "display_name": "A"}
    )
    assert_problem(short, 422, "validation-error")
    bad_link = await browser.post("/api/verify-email", json={"token": "forged"})
    assert_problem(bad_link, 400, "invalid-verification-token")


async def test_an_ended_sign_in_reads_as_signed_out(shop: Shop, browser: httpx.AsyncClient) -> None:
    await signed_in(shop, browser)
    sessions = sessions_of(shop)
    session_id = browser.cookies[SESSION_COOKIE]
    stored = await sessions.get(session_id)
    assert stored is not None
    stored.expires_at, stored.refresh_token = time.time() - 1, "revoked-or-unknown"
    await sessions.save(session_id, stored)

    answer = await browser.get("/api/session")

    assert answer.status_code == 200
    assert answer.json() == {"signed_in": False, "customer": None, "csrf_token": None}
    assert "max-age=0" in set_cookie(answer, SESSION_COOKIE).lower()
