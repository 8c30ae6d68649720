"""BFF Web's staff questionnaire editor API (admin token relayed to the questionnaire
service: versions, draft, edit with the service's 422 `errors`, publish, delete) and the
shopper's notification preferences (notifications service, CSRF-checked), in the
embedded shop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bookbrew.shop import SERVICES
from tests.bff_web.embedded import Shop, csrf_headers, embedded_shop, sign_in, signed_in
from tests.bff_web.minishop import assert_problem
from tests.support import eventually

EMAIL = "ana@example.org"


@pytest.fixture
async def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Shop]:
    env = {"BOOKBREW_NOTIFICATIONS_OUTBOX_POLL_SECONDS": "0.05"}
    async with embedded_shop(tmp_path, monkeypatch, **env) as running:
        yield running


@pytest.fixture
async def browser(shop: Shop) -> AsyncIterator[httpx.AsyncClient]:
    async with signed_in(shop, EMAIL) as client:
        yield client


async def make_admin(shop: Shop, browser: httpx.AsyncClient, email: str) -> dict[str, str]:
    from bookbrew.customers.service import accounts

    customer_id = (await browser.get("/api/session")).json()["customer"]["id"]
    db = shop.hub.app("customers").state.runtime.db  # type: ignore[attr-defined]
    async with db.unit_of_work() as session:
        await accounts.grant_role(session, customer_id, "admin", "test")
    assert (await sign_in(browser, email)).status_code == 302
    return await csrf_headers(browser)


# ---- questionnaire editor ------------------------------------------------------------------


async def test_the_questionnaire_editor_needs_the_admin_role(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    assert_problem(await browser.get("/api/admin/questionnaires/coffee/versions"), 403, "forbidden")
    async with shop.browser() as visitor:
        assert_problem(
            await visitor.get("/api/admin/questionnaires/coffee/versions"), 401, "not-signed-in"
        )
    headers = await make_admin(shop, browser, EMAIL)
    forged = await browser.post("/api/admin/questionnaires/coffee/versions")
    assert_problem(forged, 403, "csrf-token-invalid")
    assert_problem(
        await browser.get("/api/admin/questionnaires/tea/versions", headers=headers), 422
    )


async def test_draft_edit_publish_and_delete(shop: Shop, browser: httpx.AsyncClient) -> None:
    headers = await make_admin(shop, browser, EMAIL)
    base = "/api/admin/questionnaires/coffee/versions"

    listed = await browser.get(base)
    assert listed.status_code == 200, listed.text
    assert listed.headers["cache-control"] == "private, no-store"
    versions = listed.json()
    current = next(v for v in versions if v["current"])
    assert current["status"] == "published"

    made = await browser.post(base, headers=headers)
    assert made.status_code == 201, made.text
    draft: dict[str, Any] = made.json()
    assert draft["status"] == "draft" and draft["version"] == current["version"] + 1
    again = await browser.post(base, headers=headers)
    assert_problem(again, 409, "draft-exists")

    # The editor sends the whole content back, with members it does not show kept.
    content = {k: draft[k] for k in ("title", "description", "questions")}
    first = content["questions"][0]
    first["prompt"] = "How do you like your coffee, really?"
    first["required"] = False
    choice = next(q for q in content["questions"] if q.get("options"))
    choice["options"][0]["label"] = "A brand-new label"
    saved = await browser.put(f"{base}/{draft['version']}", json=content, headers=headers)
    assert saved.status_code == 200, saved.text
    assert saved.json()["questions"][0]["prompt"] == "How do you like your coffee, really?"
    assert saved.json()["questions"][0]["required"] is False
    read = (await browser.get(f"{base}/{draft['version']}")).json()
    same = next(q for q in read["questions"] if q["id"] == choice["id"])
    assert same["options"][0]["label"] == "A brand-new label"
    assert same["options"][0].get("signals") == choice["options"][0].get("signals")

    # A broken draft: the questionnaire service's own errors, relayed.
    broken = {**content, "questions": [{**choice, "options": choice["options"][:1]}]}
    refused = assert_problem(
        await browser.put(f"{base}/{draft['version']}", json=broken, headers=headers), 422
    )
    assert refused["errors"], refused
    blank = {**content, "title": ""}
    refused = assert_problem(
        await browser.put(f"{base}/{draft['version']}", json=blank, headers=headers), 422
    )
    assert any("title" in e["loc"] for e in refused["errors"]), refused

    # The shop's form is cached; publishing shows the new version at once.
    assert (await browser.get("/api/questionnaires/coffee")).json()["version"] == current["version"]
    published = await browser.post(f"{base}/{draft['version']}/publish", headers=headers)
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "published" and published.json()["current"]
    form = (await browser.get("/api/questionnaires/coffee")).json()
    assert form["version"] == draft["version"]
    assert form["questions"][0]["prompt"] == "How do you like your coffee, really?"

    # Published versions are frozen; a new draft can be deleted.
    frozen = await browser.put(f"{base}/{draft['version']}", json=content, headers=headers)
    assert_problem(frozen, 409, "version-published")
    second = (await browser.post(base, headers=headers)).json()
    gone = await browser.delete(f"{base}/{second['version']}", headers=headers)
    assert gone.status_code == 204, gone.text
    assert_problem(await browser.get(f"{base}/{second['version']}"), 404)


# ---- notification preferences --------------------------------------------------------------

needs_notifications = pytest.mark.skipif(
    "notifications" not in SERVICES, reason="notifications is not in the shop"
)


@needs_notifications
async def test_notification_preferences_through_the_bff(
    shop: Shop, browser: httpx.AsyncClient
) -> None:
    async def ready() -> httpx.Response | None:
        answer = await browser.get("/api/me/preferences")
        return answer if answer.status_code == 200 else None

    prefs = (await eventually(ready)).json()
    assert prefs["email"]["transactional"] is True
    assert set(prefs) == {"email", "sms", "push", "phone"}

    forged = await browser.patch("/api/me/preferences", json={"sms": {"marketing": True}})
    assert_problem(forged, 403, "csrf-token-invalid")

    headers = await csrf_headers(browser)
    changed = await browser.patch(
        "/api/me/preferences",
        json={"email": {"marketing": True}, "push": {"transactional": False}},
        headers=headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.headers["cache-control"] == "private, no-store"
    assert changed.json()["email"] == {"transactional": True, "marketing": True}
    assert changed.json()["push"]["transactional"] is False
    assert (await browser.get("/api/me/preferences")).json() == changed.json()

    refused = await browser.patch(
        "/api/me/preferences", json={"email": {"transactional": False}}, headers=headers
    )
    assert_problem(refused, 422, "transactional-email-required")
    bad = await browser.patch("/api/me/preferences", json={"fax": {}}, headers=headers)
    assert_problem(bad, 422)

    async with shop.browser() as visitor:
        assert_problem(await visitor.get("/api/me/preferences"), 401, "not-signed-in")
