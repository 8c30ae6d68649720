"""The demo-behaviour simulator against the embedded shop, in process: shoppers answer
questionnaires, browse (interactions recorded by curation) and buy through orders and
the payments sandbox."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.shop import create_embedded_app
from bookbrew.simulate import Persona, answer_questionnaire, simulate_shoppers

BASE = "http://testserver"
FAST_SHOP = {
    "BOOKBREW_CURATION_TEXT_EMBEDDINGS": "false",
    "BOOKBREW_CURATION_TRAIN_ON_START": "false",
    "BOOKBREW_CURATION_SYNC_RETRY_SECONDS": "0.5",
    "BOOKBREW_QUESTIONNAIRE_OUTBOX_POLL_SECONDS": "0.05",
}


def test_answers_fit_the_questionnaire_and_are_deterministic() -> None:
    import random

    from bookbrew.questionnaire.answers import merge_answers, missing_required
    from bookbrew.questionnaire.defaults import default_questionnaires

    for key, content in default_questionnaires().items():
        body = content.model_dump(mode="json")
        for index in range(30):
            rng = random.Random(index)
            persona = Persona(7, index, rng)
            answers = answer_questionnaire(body, persona, rng)
            merged, errors = merge_answers(content, {}, answers)
            assert not errors, (key, answers, errors)
            assert not missing_required(content, merged), (key, answers)
            replay_rng = random.Random(index)
            replay = answer_questionnaire(body, Persona(7, index, replay_rng), replay_rng)
            assert replay == answers


async def test_simulated_shoppers_leave_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in FAST_SHOP.items():
        monkeypatch.setenv(name, value)
    app = create_embedded_app(tmp_path, seed=True, public_url=BASE)
    key = DevSigningKey.load_or_create(tmp_path / "keys")
    messages: list[str] = []
    async with app.router.lifespan_context(app):
        started = time.perf_counter()
        report = await simulate_shoppers(
            BASE,
            shoppers=8,
            seed=7,
            token_minter=key.mint,
            concurrency=4,
            progress=messages.append,
            transport=httpx.ASGITransport(app=app),
        )
        elapsed = time.perf_counter() - started
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=BASE
        ) as client:
            admin = {"Authorization": f"Bearer {key.mint('staff', roles=['admin'])}"}
            orders = (
                await client.get("/svc/orders/admin/orders", params={"limit": 200}, headers=admin)
            ).json()
            responses = (
                await client.get(
                    "/svc/questionnaire/admin/responses",
                    params={"status": "completed", "limit": 200},
                    headers=admin,
                )
            ).json()
    print(report.summary(), f"(simulation {elapsed:.1f} s)")
    assert report.shoppers == 8
    assert report.questionnaires_completed >= 8, report.errors
    assert report.questionnaires_failed == 0, report.errors
    assert report.interactions >= 8 * 5, report.errors
    assert report.orders_confirmed >= 3, report.errors
    assert report.orders_confirmed + report.orders_failed + report.browse_only == 8
    assert not report.errors, report.errors
    assert messages and messages[-1].startswith("8/8 shoppers")
    confirmed = [o for o in orders["items"] if o["status"] == "confirmed"]
    assert len(confirmed) == report.orders_confirmed
    assert all(o["customer_id"].startswith("sim-7-") for o in confirmed)
    assert len(responses) == report.questionnaires_completed
