"""BFF Web for a signed-in shopper in the embedded shop: the taste questionnaire relayed
with the session's token, personalised picks on the home page (and what happens when
curation is slow or away), and the built web app served without shadowing any mount."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.bff_web.embedded import Shop, csrf_headers, embedded_shop, sign_in, signed_in
from tests.bff_web.minishop import assert_problem

EMAIL = "ana@example.org"


@pytest.fixture
async def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Shop]:
    async with embedded_shop(tmp_path, monkeypatch) as running:
        yield running


@pytest.fixture
async def browser(shop: Shop) -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in(shop, EMAIL) as client:
        yield client


async def test_questionnaire_flow_through_the_bff(browser: httpx.AsyncClient) -> None:
    form = await browser.get("/api/questionnaires/general")
    assert form.status_code == 200 and form.headers["etag"]
    questions = {q["id"]: q for q in form.json()["questions"]}
    roast = questions["coffee_roast"]["options"][0]["id"]
    headers = await csrf_headers(browser)

    started = await browser.post("/api/questionnaires/general/responses", headers=headers)
    assert started.status_code == 201, started.text
    response_id = started.json()["id"]
    assert started.json()["status"] == "in_progress"
    assert started.headers["cache-control"] == "private, no-store"
    resumed = await browser.post("/api/questionnaires/general/responses", headers=headers)
    assert resumed.status_code == 200 and resumed.json()["id"] == response_id
    in_progress = await browser.get(
        "/api/responses/in-progress", params={"questionnaire_key": "general"}
    )
    assert in_progress.json()["id"] == response_id

    wrong = await browser.patch(
        f"/api/responses/{response_id}/answers",
        headers=headers,
        json={"answers": {"categories": ["tea-leaves"]}},
    )
    assert_problem(wrong, 422)
    incomplete = await browser.post(f"/api/responses/{response_id}/complete", headers=headers)
    assert_problem(incomplete, 422)
    saved = await browser.patch(
        f"/api/responses/{response_id}/answers",
        headers=headers,
        json={"answers": {"categories": ["coffee"], "coffee_roast": roast}},
    )
    assert saved.status_code == 200, saved.text
    assert "coffee_roast" in saved.json()["visible_questions"]
    done = await browser.post(f"/api/responses/{response_id}/complete", headers=headers)
    assert done.status_code == 200 and done.json()["status"] == "completed"

    profile = await browser.get("/api/me/taste-profile")
    assert profile.status_code == 200
    assert {"facet": "category", "value": "coffee"} in [
        {"facet": s["facet"], "value": s["value"]} for s in profile.json()["signals"]
    ]
    none_left = await browser.get(
        "/api/responses/in-progress", params={"questionnaire_key": "general"}
    )
    assert_problem(none_left, 404, "not-found")


async def test_the_questionnaire_needs_a_session_and_the_csrf_token(shop: Shop) -> None:
    async with shop.browser() as visitor:
        public = await visitor.get("/api/questionnaires/coffee")
        assert public.status_code == 200
        refused = await visitor.post("/api/questionnaires/general/responses")
        assert_problem(refused, 401, "not-signed-in")
        # The questionnaire service's own problem, passed through.
        unknown = assert_problem(await visitor.get("/api/questionnaires/tea"), 422)
        assert unknown["errors"][0]["loc"] == ["path", "key"]
    async with shop.browser() as other:
        await shop.register(other, "bo@example.org")
        await sign_in(other, "bo@example.org")
        forged = await other.post("/api/questionnaires/general/responses")
        assert_problem(forged, 403, "csrf-token-invalid")


async def test_another_shoppers_response_is_out_of_reach(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    mine = await browser.post(
        "/api/questionnaires/general/responses", headers=await csrf_headers(browser)
    )
    async with shop.browser() as other:
        await shop.register(other, "bo@example.org")
        await sign_in(other, "bo@example.org")
        answer = await other.patch(
            f"/api/responses/{mine.json()['id']}/answers",
            headers=await csrf_headers(other),
            json={"answers": {"categories": ["book"]}},
        )
        assert answer.status_code in (403, 404), answer.text


class FakeCuration:
    """Stands in for the curation service in the hub (the embedded shop hosts none)."""

    def __init__(self) -> None:
        self.delay = 0.0
        self.seen: list[tuple[str, str]] = []
        self.app = Starlette(routes=[Route("/recommendations/{customer_id}", self.picks)])

    async def picks(self, request: Request) -> JSONResponse:
        self.seen.append((request.path_params["customer_id"], request.headers["authorization"]))
        await asyncio.sleep(self.delay)
        item: dict[str, Any] = {
            "sku": "CF-002",
            "name": "Sumatra Mandheling",
            "category": "coffee",
            "price": {"amount": 1350, "currency": "EUR"},
            "reason": "Because you like dark roasts",
            "score": 0.9,
            "novel": False,
        }
        return JSONResponse(
            {
                "recommendation_id": "rec-1",
                "customer_id": request.path_params["customer_id"],
                "context": "home",
                "strategy": "model",
                "model_version": "v1",
                "generated_at": "2025-01-01T00:00:00Z",
                "items": [item],
            }
        )


async def test_home_picks_for_signed_in_shoppers_and_their_fallback(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    async with shop.browser() as visitor:
        anonymous = await visitor.get("/api/home")
        assert "picks" not in anonymous.json()
        assert anonymous.headers["cache-control"] == "public, max-age=15"

    real = await browser.get("/api/home")  # the shop's own curation service
    assert real.status_code == 200 and real.json()["picks"]["available"] is True
    assert real.json()["picks"]["strategy"] in ("popularity", "model")
    assert "sections" in real.json()
    assert real.headers["cache-control"].startswith("private")

    # A stand-in curation to control its answers and its pace.
    curation = FakeCuration()
    shop.hub.register("curation", curation.app)
    served = (await browser.get("/api/home")).json()["picks"]
    assert served["available"] is True and served["recommendation_id"] == "rec-1"
    assert served["items"] == [
        {
            "sku": "CF-002",
            "name": "Sumatra Mandheling",
            "category": "coffee",
            "price": {"amount": 1350, "currency": "EUR", "display": "€13.50"},
            "image": "/media/CF-002.svg",
            "reason": "Because you like dark roasts",
            "novel": False,
        }
    ]
    customer_id = (await browser.get("/api/session")).json()["customer"]["id"]
    assert curation.seen[-1][0] == customer_id
    assert curation.seen[-1][1].startswith("Bearer ")  # the shopper's own token

    curation.delay = 1.0
    loop = asyncio.get_running_loop()
    started = loop.time()
    slow = await browser.get("/api/home")
    assert loop.time() - started < 0.8  # within the budget, not curation's pace
    assert slow.status_code == 200 and slow.json()["picks"]["available"] is False


async def test_the_web_app_is_served_without_shadowing_any_mount(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><div id=root></div>")
    (dist / "assets" / "index-3f2a1c.js").write_text("console.log('app')")
    (dist / "favicon.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("not for the web")

    async with (
        embedded_shop(tmp_path, monkeypatch, BOOKBREW_BFF_WEB_WEB_DIST_DIR=str(dist)) as shop,
        shop.browser() as client,
    ):
        for path in ("/", "/products/BK-001", "/verify-email?token=abc", "/account/security"):
            page = await client.get(path)
            assert page.status_code == 200, path
            assert page.text.startswith("<!doctype html>")
            assert page.headers["cache-control"] == "no-cache"
        asset = await client.get("/assets/index-3f2a1c.js")
        assert asset.status_code == 200 and asset.text == "console.log('app')"
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert (await client.get("/favicon.svg")).status_code == 200
        assert_problem(await client.get("/assets/missing-000.js"), 404)
        assert (await client.get("/%2e%2e/secret.txt")).text.startswith("<!doctype")
        assert "not for the web" not in (await client.get("/assets/../../secret.txt")).text

        # APIs and mounts answer as themselves, never with the app's page.
        mobile = await client.get("/mobile/api/home")
        assert mobile.status_code == 200 and "shelves" in mobile.json()
        identity = await client.get("/svc/customers/.well-known/oauth-authorization-server")
        assert identity.json()["authorization_endpoint"].endswith("/oauth/authorize")
        assert (await client.get("/svc/questionnaire/questionnaires/general")).json()["key"]
        assert (await client.get("/health/live")).json()["service"] == "bff_web"
        assert (await client.get("/openapi.json")).json()["info"]["title"] == "BookBrew BFF Web"
        assert (await client.get("/api/session")).json()["signed_in"] is False
        for missing in ("/api/nope", "/auth/nope", "/media/x", "/svc/nope", "/mobile/nope"):
            answer = await client.get(missing)
            assert answer.status_code == 404, missing
            assert not answer.text.startswith("<!doctype"), missing
        assert (await client.post("/products/BK-001")).status_code in (404, 405)


async def test_without_a_build_unknown_paths_stay_404_problems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nothing = str(tmp_path / "no-build")
    async with (
        embedded_shop(tmp_path, monkeypatch, BOOKBREW_BFF_WEB_WEB_DIST_DIR=nothing) as shop,
        shop.browser() as client,
    ):
        assert_problem(await client.get("/products/BK-001"), 404, "not-found")
