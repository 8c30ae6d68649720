"""A shopper's responses over HTTP: start, partial save, resume, complete (with the
event through the outbox), validation against the version answered, follow-ups,
retakes, and nobody reading anybody else's answers."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bookbrew.contracts.questionnaire import QUESTIONNAIRE_COMPLETED, QuestionnaireCompleted
from tests.questionnaire.conftest import PROBLEM, QuestionnaireUnderTest
from tests.support import eventually


def weights(signals: list[dict[str, Any]]) -> dict[tuple[str, str], float]:
    return {(s["facet"], s["value"]): s["weight"] for s in signals}


async def test_start_save_resume_complete_publishes_the_signals(
    questionnaire: QuestionnaireUnderTest, customer_headers: dict[str, str]
) -> None:
    q = questionnaire
    started = await q.client.post(
        "/responses", json={"questionnaire_key": "coffee"}, headers=customer_headers
    )
    assert started.status_code == 201, started.text
    response = started.json()
    assert response["version"] == 1 and response["status"] == "in_progress"
    assert response["customer_id"] == "customer-1"
    rid = response["id"]

    saved = await q.save(customer_headers, rid, {"roast": "dark", "brew_method": "espresso"})
    assert saved.status_code == 200, saved.text

    resumed = await q.client.get(
        "/responses/in-progress", params={"questionnaire_key": "coffee"}, headers=customer_headers
    )
    assert resumed.status_code == 200
    assert resumed.json()["answers"] == {"roast": "dark", "brew_method": "espresso"}
    assert resumed.json()["missing_required"] == ["milk", "acidity", "body"]
    again = await q.start(customer_headers, "coffee")  # starting again resumes
    assert again["id"] == rid

    early = await q.complete(customer_headers, rid)
    assert early.status_code == 422 and early.headers["content-type"] == PROBLEM
    assert early.json()["missing"] == ["milk", "acidity", "body"]
    assert q.events == []

    saved = await q.save(
        customer_headers,
        rid,
        {
            "milk": "milky",
            "acidity": 1,
            "body": 5,
            "flavours_loved": ["chocolate", "nutty"],
            "flavours_disliked": ["floral"],
            "budget": "up_to_20",
        },
    )
    assert saved.status_code == 200, saved.text
    completed = await q.complete(customer_headers, rid)
    assert completed.status_code == 200, completed.text
    body = completed.json()
    assert body["status"] == "completed" and body["budget_max_minor"] == 2000

    await eventually(lambda: q.events, timeout=3)  # the relay is woken, not polled
    (event,) = q.events
    assert event.type == QUESTIONNAIRE_COMPLETED and event.source == "/bookbrew/questionnaire"
    assert event.subject == "customer-1"
    payload = QuestionnaireCompleted.model_validate(event.data)
    assert payload.response_id == rid and payload.questionnaire_key == "coffee"
    assert payload.version == 1 and payload.budget_max_minor == 2000
    assert payload.answers["roast"] == "dark"
    got = {(s.facet, s.value): s.weight for s in payload.signals}
    assert got == weights(body["signals"])
    assert got[("roast", "dark")] == 1.0
    assert got[("flavor", "dark chocolate")] == 1.0
    assert got[("flavor", "hazelnut")] == 1.0
    assert got[("flavor", "floral")] == -1.0 and got[("flavor", "jasmine")] == -1.0
    assert got[("flavor", "citrus")] == -0.6  # acidity 1: smooth
    assert all(-1.0 <= w <= 1.0 for w in got.values())

    closed = await q.save(customer_headers, rid, {"milk": "black"})
    assert closed.status_code == 409 and closed.json()["type"].endswith("/response-closed")
    twice = await q.complete(customer_headers, rid)
    assert twice.status_code == 409
    missing = await q.client.get(
        "/responses/in-progress", params={"questionnaire_key": "coffee"}, headers=customer_headers
    )
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    assert len(q.events) == 1


BAD_ANSWERS = [
    ("coffee", {"grind": "fine"}, "unknown-question"),
    ("coffee", {"roast": 3}, "wrong-type"),
    ("coffee", {"acidity": "5"}, "wrong-type"),
    ("coffee", {"flavours_loved": "chocolate"}, "wrong-type"),
    ("book", {"favourite_authors": ["Jane Austen"]}, "wrong-type"),
    ("coffee", {"roast": "burnt"}, "unknown-option"),
    ("coffee", {"flavours_loved": ["chocolate", "liquorice"]}, "unknown-option"),
    ("coffee", {"acidity": 9}, "out-of-range"),
    ("coffee", {"body": 0}, "out-of-range"),
    (
        "coffee",
        {"flavours_loved": ["chocolate", "nutty", "caramel", "fruity", "citrus"]},
        "too-many-selections",
    ),
    ("book", {"genres": []}, "too-few-selections"),
    ("coffee", {"flavours_loved": ["chocolate", "chocolate"]}, "duplicate-option"),
    ("book", {"favourite_authors": "x" * 501}, "too-long"),
    ("book", {"favourite_authors": "   "}, "empty"),
    ("beverage", {"kinds": ["beer"], "tea_styles": ["green"]}, "hidden-question"),
    ("beverage", {"tea_styles": ["green"]}, "hidden-question"),
]


@pytest.mark.parametrize(("key", "answers", "kind"), BAD_ANSWERS)
async def test_answers_that_do_not_fit_the_version_are_refused(
    questionnaire: QuestionnaireUnderTest,
    customer_headers: dict[str, str],
    key: str,
    answers: dict[str, Any],
    kind: str,
) -> None:
    rid = (await questionnaire.start(customer_headers, key))["id"]
    bad = await questionnaire.save(customer_headers, rid, answers)
    assert bad.status_code == 422, bad.text
    assert bad.headers["content-type"] == PROBLEM
    problem = bad.json()
    assert problem["type"].endswith("/invalid-answers") and problem["status"] == 422
    assert kind in {e["type"] for e in problem["errors"]}
    # nothing of a refused save is kept
    resumed = await questionnaire.client.get(f"/responses/{rid}", headers=customer_headers)
    assert resumed.json()["answers"] == {}


async def test_answers_malformed_for_the_schema_are_refused(
    questionnaire: QuestionnaireUnderTest, customer_headers: dict[str, str]
) -> None:
    rid = (await questionnaire.start(customer_headers, "book"))["id"]
    for answers in (
        {"acidity": True},
        {"favourite_authors": "x" * 2001},
        {"Bad Id": "x"},
        {f"q{i}": 1 for i in range(61)},
        {"genres": [{"id": "fantasy"}]},
    ):
        bad = await questionnaire.save(customer_headers, rid, answers)
        assert bad.status_code == 422 and bad.headers["content-type"] == PROBLEM, answers


async def test_follow_ups_appear_with_their_trigger_and_go_with_it(
    questionnaire: QuestionnaireUnderTest, customer_headers: dict[str, str]
) -> None:
    q = questionnaire
    rid = (await q.start(customer_headers, "general"))["id"]
    saved = (await q.save(customer_headers, rid, {"categories": ["coffee"]})).json()
    assert "coffee_roast" in saved["visible_questions"]
    assert "book_genres" not in saved["visible_questions"]
    assert saved["missing_required"] == ["coffee_roast"]

    hidden = await q.save(customer_headers, rid, {"book_genres": ["fantasy"]})
    assert hidden.status_code == 422
    assert hidden.json()["errors"][0]["type"] == "hidden-question"

    saved = (
        await q.save(
            customer_headers, rid, {"categories": ["coffee", "book"], "book_genres": ["fantasy"]}
        )
    ).json()
    assert saved["missing_required"] == ["coffee_roast"]
    saved = (await q.save(customer_headers, rid, {"coffee_roast": "light"})).json()
    assert saved["missing_required"] == []

    # dropping books drops the books follow-up with it
    saved = (await q.save(customer_headers, rid, {"categories": ["coffee"]})).json()
    assert saved["answers"] == {"categories": ["coffee"], "coffee_roast": "light"}
    cleared = (await q.save(customer_headers, rid, {"coffee_roast": None})).json()
    assert cleared["missing_required"] == ["coffee_roast"]


async def test_retakes_keep_history_and_the_profile_takes_the_latest(
    questionnaire: QuestionnaireUnderTest, customer_headers: dict[str, str]
) -> None:
    q = questionnaire

    async def take(categories: list[str], extra: dict[str, Any]) -> str:
        rid = (await q.start(customer_headers, "general"))["id"]
        saved = await q.save(customer_headers, rid, {"categories": categories, **extra})
        assert saved.status_code == 200, saved.text
        assert (await q.complete(customer_headers, rid)).status_code == 200
        return rid

    first = await take(["book"], {"book_genres": ["fantasy"], "budget": "up_to_15"})
    second = await take(["perfume"], {"perfume_families": ["woody"], "budget": "up_to_120"})
    assert first != second

    coffee = (await q.start(customer_headers, "coffee"))["id"]
    await q.save(
        customer_headers,
        coffee,
        {"roast": "light", "brew_method": "filter", "milk": "black", "acidity": 5, "body": 2},
    )
    assert (await q.complete(customer_headers, coffee)).status_code == 200

    listed = await q.client.get("/responses", headers=customer_headers)
    assert [r["id"] for r in listed.json()] == [coffee, second, first]
    only_general = await q.client.get(
        "/responses", params={"questionnaire_key": "general"}, headers=customer_headers
    )
    assert [r["id"] for r in only_general.json()] == [second, first]

    profile = (await q.client.get("/profile", headers=customer_headers)).json()
    assert profile["customer_id"] == "customer-1" and profile["budget_max_minor"] == 12000
    assert [s["questionnaire_key"] for s in profile["sources"]] == ["general", "coffee"]
    merged = weights(profile["signals"])
    assert merged[("category", "perfume")] == 1.0 and ("category", "book") not in merged
    assert merged[("family", "woody")] == 1.0 and merged[("roast", "light")] == 1.0
    await eventually(lambda: len(q.events) == 3, timeout=3)


async def test_racing_completions_publish_once(
    questionnaire: QuestionnaireUnderTest, customer_headers: dict[str, str]
) -> None:
    q = questionnaire
    rid = (await q.start(customer_headers, "general"))["id"]
    await q.save(customer_headers, rid, {"categories": ["perfume"], "perfume_families": ["woody"]})
    results = await asyncio.gather(*(q.complete(customer_headers, rid) for _ in range(4)))
    assert sorted(r.status_code for r in results) == [200, 409, 409, 409]
    await eventually(lambda: q.events, timeout=3)
    await asyncio.sleep(0.2)
    assert len(q.events) == 1


async def test_restart_abandons_the_unfinished_response(
    questionnaire: QuestionnaireUnderTest, customer_headers: dict[str, str]
) -> None:
    q = questionnaire
    first = (await q.start(customer_headers, "perfume"))["id"]
    await q.save(customer_headers, first, {"families": ["woody"]})
    second = await q.client.post(
        "/responses",
        json={"questionnaire_key": "perfume", "restart": True},
        headers=customer_headers,
    )
    assert second.status_code == 201 and second.json()["answers"] == {}
    old = (await q.client.get(f"/responses/{first}", headers=customer_headers)).json()
    assert old["status"] == "abandoned"


async def test_a_retake_starts_from_the_answers_given_last_time(
    questionnaire: QuestionnaireUnderTest, customer_headers: dict[str, str]
) -> None:
    q = questionnaire
    given = {"families": ["woody", "gourmand"], "notes_loved": ["vanilla"], "intensity": "soft"}
    first = (await q.start(customer_headers, "perfume"))["id"]
    assert (await q.save(customer_headers, first, given)).status_code == 200
    assert (await q.complete(customer_headers, first)).status_code == 200

    again = await q.client.post(
        "/responses", json={"questionnaire_key": "perfume"}, headers=customer_headers
    )
    assert again.status_code == 201, again.text
    retake = again.json()
    assert retake["id"] != first and retake["status"] == "in_progress"
    assert retake["answers"] == given and retake["prefilled_from"] == first
    # Editing the retake leaves the completed response as it was.
    await q.save(customer_headers, retake["id"], {"intensity": "moderate"})
    old = (await q.client.get(f"/responses/{first}", headers=customer_headers)).json()
    assert old["answers"] == given and old["status"] == "completed"
    # Starting over is blank.
    blank = await q.client.post(
        "/responses",
        json={"questionnaire_key": "perfume", "restart": True},
        headers=customer_headers,
    )
    assert blank.json()["answers"] == {} and blank.json()["prefilled_from"] is None


async def test_contradictory_answers_are_refused_naming_both_questions(
    questionnaire: QuestionnaireUnderTest, customer_headers: dict[str, str]
) -> None:
    q = questionnaire
    rid = (await q.start(customer_headers, "perfume"))["id"]
    assert (await q.save(customer_headers, rid, {"notes_loved": ["vanilla"]})).status_code == 200
    bad = await q.save(customer_headers, rid, {"notes_disliked": ["vanilla"]})
    assert bad.status_code == 422 and bad.headers["content-type"] == PROBLEM
    problem = bad.json()
    assert problem["detail"] == (
        "“Vanilla” cannot be both in “Notes you love?” and in “Notes you can't stand?”. "
        "Take it out of one of them."
    )
    assert {(e["question_id"], e["type"]) for e in problem["errors"]} == {
        ("notes_loved", "contradiction"),
        ("notes_disliked", "contradiction"),
    }
    kept = (await q.client.get(f"/responses/{rid}", headers=customer_headers)).json()
    assert kept["answers"] == {"notes_loved": ["vanilla"]}


async def test_a_customer_only_reaches_their_own_responses(
    questionnaire: QuestionnaireUnderTest,
    customer_headers: dict[str, str],
    other_customer_headers: dict[str, str],
    admin_headers: dict[str, str],
) -> None:
    q = questionnaire
    rid = (await q.start(customer_headers, "general"))["id"]
    await q.save(customer_headers, rid, {"categories": ["coffee"]})

    for attempt in (
        q.client.get(f"/responses/{rid}", headers=other_customer_headers),
        q.save(other_customer_headers, rid, {"categories": ["book"]}),
        q.complete(other_customer_headers, rid),
    ):
        refused = await attempt
        assert refused.status_code == 404 and refused.headers["content-type"] == PROBLEM
    assert (await q.client.get("/responses", headers=other_customer_headers)).json() == []
    theirs = await q.client.get("/profile", headers=other_customer_headers)
    assert theirs.json()["signals"] == [] and theirs.json()["sources"] == []

    as_admin = await q.client.get(f"/responses/{rid}", headers=admin_headers)
    assert as_admin.status_code == 200 and as_admin.json()["answers"] == {"categories": ["coffee"]}
    listed = await q.client.get(
        "/admin/responses", params={"customer_id": "customer-1"}, headers=admin_headers
    )
    assert [r["id"] for r in listed.json()] == [rid]
    # an admin reads but does not answer for a shopper
    assert (await q.save(admin_headers, rid, {"categories": ["book"]})).status_code == 403
    assert (await q.client.get("/admin/responses", headers=customer_headers)).status_code == 403
    anonymous = await q.client.get(f"/responses/{rid}")
    assert anonymous.status_code == 401 and anonymous.headers["content-type"] == PROBLEM


async def test_bad_requests_get_problems_never_500(
    questionnaire: QuestionnaireUnderTest,
    customer_headers: dict[str, str],
    admin_headers: dict[str, str],
) -> None:
    c = questionnaire.client
    cases = [
        await c.get("/questionnaires/tea"),
        await c.get("/questionnaires/coffee/versions/0"),
        await c.get("/questionnaires/coffee/versions/99"),
        await c.get("/questionnaires/coffee/versions/abc"),
        await c.post("/responses", json={"questionnaire_key": "tea"}, headers=customer_headers),
        await c.post("/responses", json={}, headers=customer_headers),
        await c.post(
            "/responses",
            json={"questionnaire_key": "coffee", "surprise": 1},
            headers=customer_headers,
        ),
        await c.post(
            "/responses",
            content=b"{not json",
            headers={**customer_headers, "content-type": "application/json"},
        ),
        await c.get("/responses/in-progress", headers=customer_headers),
        await c.get("/responses/not%20an%20id", headers=customer_headers),
        await c.get(f"/responses/{'a' * 65}", headers=customer_headers),
        await c.get("/responses/00000000-0000-0000-0000-000000000000", headers=customer_headers),
        await c.patch(
            "/responses/00000000-0000-0000-0000-000000000000/answers",
            json={"answers": {}},
            headers=customer_headers,
        ),
        await c.patch(
            "/responses/00000000-0000-0000-0000-000000000000/answers",
            json=["roast"],
            headers=customer_headers,
        ),
        await c.get("/admin/responses", params={"limit": 0}, headers=admin_headers),
        await c.get("/admin/responses", params={"status": "done"}, headers=admin_headers),
        await c.get("/profile", headers={"Authorization": "Bearer nonsense"}),
    ]
    for response in cases:
        assert 400 <= response.status_code < 500, (response.request.url, response.text)
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["status"] == response.status_code
