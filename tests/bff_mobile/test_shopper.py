"""BFF Mobile for a signed-in shopper in the embedded shop: the app runs code + PKCE
itself (client `bookbrew-mobile`) and sends its bearer token, which the BFF passes
through; payloads are compact. With the shop's own curation service: picks with reasons
once the questionnaire is done, and a click on one recorded."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bookbrew.contracts.interactions import INTERACTION_RECORDED
from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.platform.events.bus import Subscription
from bookbrew.platform.events.envelope import CloudEvent
from tests.bff_mobile.app_sign_in import authorize, bearer
from tests.bff_web.embedded import Shop, embedded_shop
from tests.bff_web.minishop import assert_problem
from tests.support import eventually

EMAIL = "ana@example.org"


@pytest.fixture
async def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Shop]:
    # A roomier picks budget than the phone's 150 ms: these tests are about what the
    # real curation says, not its pace (tests/bff_mobile/test_curation.py cuts it).
    env = {"BOOKBREW_BFF_MOBILE_CURATION_TIMEOUT_SECONDS": "2"}
    async with embedded_shop(tmp_path, monkeypatch, **env) as running:
        yield running


async def app_sign_in(shop: Shop, email: str) -> dict[str, str]:
    """Register and verify through BFF Web, then sign in as the app does; the
    Authorization header."""
    async with shop.browser() as tab:
        await shop.register(tab, email)
    return bearer(await authorize(shop, email, scope="profile orders"))


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
    # Reopened on the phone: the answers given, to edit, not an empty response.
    retake = await app.post("/mobile/api/questionnaires/general/responses")
    assert retake.status_code == 201 and retake.json()["id"] != progress["id"]
    assert retake.json()["answers"] == {"categories": ["coffee"], "coffee_roast": roast}
    assert retake.json()["prefilled_from"] == progress["id"]

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


def _coffee(sku: str, name: str, roast: str, popularity: int) -> dict[str, Any]:
    return {
        "sku": sku,
        "name": name,
        "category": "coffee",
        "price": {"amount": 1300, "currency": "EUR"},
        "stock": 20,
        "popularity": popularity,
        "attributes": {"origin": "Colombia", "process": "washed", "roast": roast},
    }


COFFEES = [
    _coffee("CF-101", "Huila Oscuro", "dark", 10),
    _coffee("CF-102", "Sumatra Night", "dark", 20),
    _coffee("CF-103", "Yirgacheffe Dawn", "light", 90),
    _coffee("CF-104", "Sidamo Morning", "light", 80),
]


async def test_picks_with_reasons_after_the_questionnaire_and_a_click_recorded(
    shop: Shop, app: httpx.AsyncClient, tmp_path: Path
) -> None:
    key = DevSigningKey.load_or_create(tmp_path / "shop" / "keys")
    staff = {"Authorization": f"Bearer {key.mint('seeder', roles=['admin'])}"}
    for product in COFFEES:
        made = await app.post("/svc/catalog/admin/products", json=product, headers=staff)
        assert made.status_code == 201, made.text
    clicks: list[CloudEvent] = []

    async def collect(event: CloudEvent) -> None:
        clicks.append(event)

    shop.hub.bus.subscribe(Subscription("test.bff_mobile", (INTERACTION_RECORDED,), collect))
    me = (await app.get("/mobile/api/me")).json()

    # The questionnaire, on the phone: coffee, dark roasts.
    started = (await app.post("/mobile/api/questionnaires/general/responses")).json()
    saved = await app.patch(
        f"/mobile/api/responses/{started['id']}/answers",
        json={"answers": {"categories": ["coffee"], "coffee_roast": "dark"}},
    )
    assert saved.status_code == 200, saved.text
    done = await app.post(f"/mobile/api/responses/{started['id']}/complete")
    assert done.json()["status"] == "completed"

    async def dark_picks() -> dict[str, Any] | None:
        home = await app.get("/mobile/api/home")
        assert home.status_code == 200, home.text
        picks: dict[str, Any] = home.json()["picks"]
        reasons = [item["reason"] for item in picks["items"]]
        return picks if any("dark roast" in reason for reason in reasons) else None

    picks = await eventually(dark_picks)

    assert picks["available"] is True and picks["strategy"] == "model"
    assert picks["recommendation_id"]
    # Her taste before popularity: the (less popular) dark roasts lead, saying why.
    assert {item["sku"] for item in picks["items"][:2]} == {"CF-101", "CF-102"}
    dark = [item for item in picks["items"] if "dark roast" in item["reason"]]
    assert {item["sku"] for item in dark} <= {"CF-101", "CF-102"}
    assert all(item["reason"].startswith("Because you like") for item in dark)
    assert dark[0]["image"] == f"/mobile/media/{dark[0]['sku']}.svg"
    assert dark[0]["price_display"] == "€13.00"

    # A tap on the first dark roast, recorded by curation for this shopper.
    click = {
        "sku": dark[0]["sku"],
        "kind": "click",
        "source": "picks",
        "recommendation_id": picks["recommendation_id"],
    }
    tapped = await app.post("/mobile/api/interactions", json=click)
    assert tapped.status_code == 202 and tapped.json() == {"recorded": True}
    recorded = (await eventually(lambda: clicks))[0].data
    assert recorded["customer_id"] == me["id"] and recorded["anonymous_id"] is None
    assert {name: recorded[name] for name in click} == click

    # Curation verifies the token it is handed: a forged one is the app's 401.
    forged = await app.post(
        "/mobile/api/interactions",
        json=click,
        headers={"Authorization": "Bearer not.a.token"},
    )
    assert_problem(forged, 401, "unauthorized")
    assert forged.headers["www-authenticate"].startswith("Bearer")
