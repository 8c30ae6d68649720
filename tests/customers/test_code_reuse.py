"""An authorization code used twice (issue 13, item 8; RFC 6749 4.1.2): the second use
is `invalid_grant`, and what the first use issued is revoked: the refresh token (its
whole family) and the access token (its sign-in, `sid`, refused by the service)."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from bookbrew.customers.models import AuditRow
from tests.customers.conftest import PASSWORD, WEB_CALLBACK, CustomersUnderTest


async def code_exchange(customers: CustomersUnderTest, email: str) -> dict[str, str]:
    """Sign in up to the redirect back: the token request the app would send."""
    page, verifier, _ = await customers.authorize_page()
    answer = await customers.submit_login(page, email, PASSWORD)
    assert answer.status_code == 302, answer.text
    return {
        "grant_type": "authorization_code",
        "code": httpx.URL(answer.headers["location"]).params["code"],
        "redirect_uri": WEB_CALLBACK,
        "client_id": "bookbrew-web",
        "code_verifier": verifier,
    }


async def refresh(customers: CustomersUnderTest, tokens: dict[str, Any]) -> httpx.Response:
    return await customers.client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
            "client_id": "bookbrew-web",
        },
    )


async def me(customers: CustomersUnderTest, tokens: dict[str, Any]) -> httpx.Response:
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    return await customers.client.get("/customers/me", headers=headers)


async def test_a_reused_code_revokes_the_tokens_its_first_use_issued(
    customers: CustomersUnderTest,
) -> None:
    await customers.register("ana@example.org")
    other_sign_in = await customers.sign_in("ana@example.org")
    exchange = await code_exchange(customers, "ana@example.org")

    first = await customers.client.post("/oauth/token", data=exchange)
    assert first.status_code == 200, first.text
    tokens = first.json()
    assert (await me(customers, tokens)).status_code == 200

    # The same code again (an attacker who intercepted it, or the other way round).
    again = await customers.client.post("/oauth/token", data=exchange)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    assert "access_token" not in again.json()

    # What the first use issued is dead: the refresh token and the access token.
    assert (await refresh(customers, tokens)).json()["error"] == "invalid_grant"
    refused = await me(customers, tokens)
    assert refused.status_code == 401 and "www-authenticate" in refused.headers
    # A third try changes nothing, and the answer stays invalid_grant.
    third = await customers.client.post("/oauth/token", data=exchange)
    assert third.status_code == 400 and third.json()["error"] == "invalid_grant"

    async with customers.db.sessions() as session:
        kinds = (await session.scalars(select(AuditRow.kind))).all()
    assert kinds.count("token.code_reused") == 2

    # The customer's other sign-in is not touched.
    assert (await me(customers, other_sign_in)).status_code == 200
    assert (await refresh(customers, other_sign_in)).status_code == 200


async def test_the_code_of_another_client_is_not_a_reuse(customers: CustomersUnderTest) -> None:
    """A code presented by a client it was not issued to is unknown to that client: no
    revocation that a stranger could trigger."""
    await customers.register("ana@example.org")
    exchange = await code_exchange(customers, "ana@example.org")
    tokens = (await customers.client.post("/oauth/token", data=exchange)).json()

    stranger = await customers.client.post(
        "/oauth/token",
        data={
            **exchange,
            "client_id": "bookbrew-mobile",
            "redirect_uri": "bookbrew://auth/callback",
        },
    )
    assert stranger.status_code == 400 and stranger.json()["error"] == "invalid_grant"
    assert (await me(customers, tokens)).status_code == 200
    assert (await refresh(customers, tokens)).status_code == 200
