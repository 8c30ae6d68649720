"""BFF Mobile for a signed-in shopper in the embedded shop: the app runs code + PKCE
itself (client `bookbrew-mobile`) and sends its bearer token, which the BFF passes
through; payloads are compact."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.bff_web.embedded import PASSWORD, Shop, embedded_shop, form_action, hidden
from tests.bff_web.minishop import assert_problem

EMAIL = "ana@example.org"
APP_CALLBACK = "bookbrew://auth/callback"


@pytest.fixture
async def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Shop]:
    async with embedded_shop(tmp_path, monkeypatch) as running:
        yield running


async def app_sign_in(shop: Shop, email: str) -> dict[str, str]:
    """What the mobile app does: code + PKCE against the identity service, in a
    browser tab, then the code for tokens; returns the Authorization header."""
    verifier = secrets.token_urlsafe(48)
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )
    async with shop.browser() as tab:
        await shop.register(tab, email)
        page = await tab.get(
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
        answer = await tab.post(
            form_action(page),
            data={
                "csrf_token": hidden(page.text, "csrf_token"),
                "authorization_request": hidden(page.text, "authorization_request"),
                "email": email,
                "password": PASSWORD,
            },
        )
        assert answer.status_code == 302 and answer.headers["location"].startswith(APP_CALLBACK)
        code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
        tokens = await tab.post(
            "/svc/customers/oauth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": APP_CALLBACK,
                "client_id": "bookbrew-mobile",
                "code_verifier": verifier,
            },
        )
        assert tokens.status_code == 200, tokens.text
    return {"Authorization": f"Bearer {tokens.json()['access_token']}"}


@pytest.fixture
async def app(shop: Shop) -> AsyncIterator[httpx.AsyncClient]:
    headers = await app_sign_in(shop, EMAIL)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=shop.app),
        base_url="http://localhost:8000",
        headers=headers,
    ) as client:
        yield client


async def test_me_is_compact_and_needs_the_bearer_token(shop: Shop, app: httpx.AsyncClient) -> None:
    me = await app.get("/mobile/api/me")

    assert me.status_code == 200, me.text
    assert set(me.json()) == {"id", "display_name", "email", "email_verified", "mfa_enabled"}
    assert me.json()["email"] == EMAIL and me.json()["email_verified"] is True
    assert "set-cookie" not in me.headers
    async with shop.browser() as anonymous:
        missing = await anonymous.get("/mobile/api/me")
        assert_problem(missing, 401, "unauthorized")
        assert missing.headers["www-authenticate"].startswith("Bearer")
        forged = await anonymous.get(
            "/mobile/api/me", headers={"Authorization": "Bearer not.a.token"}
        )
        assert_problem(forged, 401, "unauthorized")
        assert forged.headers["www-authenticate"].startswith("Bearer")


async def test_questionnaire_screens_with_the_bearer_token(app: httpx.AsyncClient) -> None:
    form = await app.get("/mobile/api/questionnaires/general")
    assert form.status_code == 200 and form.headers["etag"]
    questions = {q["id"]: q for q in form.json()["questions"]}
    assert "signals" not in form.text  # scoring data stays on the server
    roast = questions["coffee_roast"]["options"][0]["id"]
    assert set(questions["coffee_roast"]["options"][0]) == {"id", "label"}

    started = await app.post("/mobile/api/questionnaires/general/responses")
    assert started.status_code == 201, started.text
    progress = started.json()
    assert "customer_id" not in progress and "signals" not in progress
    again = await app.post("/mobile/api/questionnaires/general/responses", json={})
    assert again.status_code == 200 and again.json()["id"] == progress["id"]
    resumed = await app.get(
        "/mobile/api/responses/in-progress", params={"questionnaire_key": "general"}
    )
    assert resumed.json()["id"] == progress["id"]
    incomplete = await app.post(f"/mobile/api/responses/{progress['id']}/complete")
    assert_problem(incomplete, 422)
    saved = await app.patch(
        f"/mobile/api/responses/{progress['id']}/answers",
        json={"answers": {"categories": ["coffee"], "coffee_roast": roast}},
    )
    assert saved.status_code == 200 and saved.json()["answers"]["coffee_roast"] == roast
    done = await app.post(f"/mobile/api/responses/{progress['id']}/complete")
    assert done.status_code == 200 and done.json()["status"] == "completed"
    assert done.json()["completed_at"]

    taste = await app.get("/mobile/api/me/taste-profile")
    assert taste.status_code == 200
    assert set(taste.json()) == {"signals", "budget_max_minor"}
    weights = [abs(s["weight"]) for s in taste.json()["signals"]]
    assert weights and weights == sorted(weights, reverse=True)


async def test_another_shoppers_token_cannot_reach_a_response(
    shop: Shop, app: httpx.AsyncClient
) -> None:
    mine = (await app.post("/mobile/api/questionnaires/general/responses")).json()
    other = await app_sign_in(shop, "bo@example.org")

    answer = await app.patch(
        f"/mobile/api/responses/{mine['id']}/answers",
        headers=other,
        json={"answers": {"categories": ["book"]}},
    )

    assert answer.status_code in (403, 404), answer.text
    assert (await app.get("/mobile/api/me", headers=other)).json()["email"] == "bo@example.org"
