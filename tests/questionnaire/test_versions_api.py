"""Questionnaire versions: admins draft, edit and publish; published versions never
change; an unfinished response keeps validating against the version it began with."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.questionnaire.conftest import PROBLEM, QuestionnaireUnderTest

GRIND = {
    "id": "grind",
    "type": "single_choice",
    "prompt": "Whole beans or ground?",
    "options": [{"id": "whole", "label": "Whole beans"}, {"id": "ground", "label": "Ground"}],
}


async def draft_of(
    q: QuestionnaireUnderTest, headers: dict[str, str], key: str = "coffee"
) -> dict[str, Any]:
    created = await q.client.post(f"/admin/questionnaires/{key}/versions", headers=headers)
    assert created.status_code == 201, created.text
    return created.json()  # type: ignore[no-any-return]


def content(questionnaire: dict[str, Any]) -> dict[str, Any]:
    return {k: copy.deepcopy(questionnaire[k]) for k in ("title", "description", "questions")}


async def test_publishing_v2_leaves_an_unfinished_v1_response_on_v1(
    questionnaire: QuestionnaireUnderTest,
    customer_headers: dict[str, str],
    other_customer_headers: dict[str, str],
    admin_headers: dict[str, str],
) -> None:
    q = questionnaire
    rid = (await q.start(customer_headers, "coffee"))["id"]
    assert (await q.save(customer_headers, rid, {"roast": "dark"})).status_code == 200

    draft = await draft_of(q, admin_headers)
    assert draft["version"] == 2 and draft["status"] == "draft" and not draft["current"]
    body = content(draft)
    roast = body["questions"][0]
    roast["options"] = [o for o in roast["options"] if o["id"] != "dark"]
    body["questions"].insert(1, GRIND)
    edited = await q.client.put(
        "/admin/questionnaires/coffee/versions/2", json=body, headers=admin_headers
    )
    assert edited.status_code == 200, edited.text
    # shoppers do not see a draft
    assert (await q.client.get("/questionnaires/coffee/versions/2")).status_code == 404
    assert (await q.client.get("/questionnaires/coffee")).json()["version"] == 1

    published = await q.client.post(
        "/admin/questionnaires/coffee/versions/2/publish", headers=admin_headers
    )
    assert published.status_code == 200 and published.json()["current"] is True
    assert (await q.client.get("/questionnaires/coffee")).json()["version"] == 2
    v1 = await q.client.get("/questionnaires/coffee/versions/1")
    assert v1.status_code == 200 and v1.json()["current"] is False

    # the unfinished response still answers version 1
    resumed = await q.start(customer_headers, "coffee")
    assert resumed["id"] == rid and resumed["version"] == 1
    unknown = await q.save(customer_headers, rid, {"grind": "whole"})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["type"] == "unknown-question"
    saved = await q.save(
        customer_headers,
        rid,
        {"roast": "dark", "brew_method": "moka", "milk": "black", "acidity": 2, "body": 4},
    )
    assert saved.status_code == 200, saved.text
    done = await q.complete(customer_headers, rid)
    assert done.status_code == 200 and done.json()["version"] == 1

    # a new response takes version 2, where "dark" is gone and "grind" is required
    fresh = await q.start(other_customer_headers, "coffee")
    assert fresh["version"] == 2 and "grind" in fresh["missing_required"]
    gone = await q.save(other_customer_headers, fresh["id"], {"roast": "dark"})
    assert gone.json()["errors"][0]["type"] == "unknown-option"


async def test_published_versions_are_immutable_and_drafts_one_at_a_time(
    questionnaire: QuestionnaireUnderTest, admin_headers: dict[str, str]
) -> None:
    q = questionnaire
    v1 = (await q.client.get("/questionnaires/book")).json()
    frozen = await q.client.put(
        "/admin/questionnaires/book/versions/1", json=content(v1), headers=admin_headers
    )
    assert frozen.status_code == 409 and frozen.json()["type"].endswith("/version-published")
    assert frozen.headers["content-type"] == PROBLEM
    refused = await q.client.delete("/admin/questionnaires/book/versions/1", headers=admin_headers)
    assert refused.status_code == 409

    draft = await draft_of(q, admin_headers, "book")
    second = await q.client.post("/admin/questionnaires/book/versions", headers=admin_headers)
    assert second.status_code == 409 and second.json()["version"] == draft["version"]
    assert (
        await q.client.delete("/admin/questionnaires/book/versions/2", headers=admin_headers)
    ).status_code == 204
    missing = await q.client.get("/admin/questionnaires/book/versions/2", headers=admin_headers)
    assert missing.status_code == 404

    # a draft from given content (a deleted draft's number is free again: nobody answered
    # it), then published, then frozen too
    body = content(v1)
    body["title"] = "Books, shorter"
    body["questions"] = body["questions"][:2]
    created = await q.client.post(
        "/admin/questionnaires/book/versions", json=body, headers=admin_headers
    )
    assert created.status_code == 201 and created.json()["version"] == 2
    assert created.headers["location"] == "/admin/questionnaires/book/versions/2"
    await q.client.post("/admin/questionnaires/book/versions/2/publish", headers=admin_headers)
    again = await q.client.put(
        "/admin/questionnaires/book/versions/2", json=body, headers=admin_headers
    )
    assert again.status_code == 409
    listed = await q.client.get("/admin/questionnaires/book/versions", headers=admin_headers)
    assert [(v["version"], v["status"], v["current"]) for v in listed.json()] == [
        (2, "published", True),
        (1, "published", False),
    ]
    # publishing an older version again rolls back to it
    rollback = await q.client.post(
        "/admin/questionnaires/book/versions/1/publish", headers=admin_headers
    )
    assert rollback.status_code == 200
    assert (await q.client.get("/questionnaires/book")).json()["version"] == 1


def _broken(kind: str, base: dict[str, Any]) -> dict[str, Any]:
    body = copy.deepcopy(base)
    questions = body["questions"]
    if kind == "unknown-facet":
        questions[0]["options"][0]["signals"][0]["facet"] = "mood"
    elif kind == "weight-out-of-range":
        questions[0]["options"][0]["signals"][0]["weight"] = 2
    elif kind == "duplicate-question":
        questions.append(copy.deepcopy(questions[0]))
    elif kind == "follow-up-before-trigger":
        questions[0]["show_if"] = {"question_id": "kinds", "includes": "tea"}
    elif kind == "condition-on-missing-option":
        questions[4]["show_if"] = {"question_id": "kinds", "includes": "mead"}
    elif kind == "scale-without-scale":
        del questions[2]["scale"]
    elif kind == "choice-with-one-option":
        questions[1]["options"] = questions[1]["options"][:1]
    elif kind == "too-many-allowed":
        questions[0]["max_selections"] = 99
    elif kind == "budget-on-multiple-choice":
        questions[7]["options"][0]["budget_max_minor"] = 500
    elif kind == "unknown-field":
        questions[0]["colour"] = "red"
    elif kind == "no-questions":
        body["questions"] = []
    return body


@pytest.mark.parametrize(
    "kind",
    [
        "unknown-facet",
        "weight-out-of-range",
        "duplicate-question",
        "follow-up-before-trigger",
        "condition-on-missing-option",
        "scale-without-scale",
        "choice-with-one-option",
        "too-many-allowed",
        "budget-on-multiple-choice",
        "unknown-field",
        "no-questions",
    ],
)
async def test_a_malformed_questionnaire_is_refused(
    questionnaire: QuestionnaireUnderTest, admin_headers: dict[str, str], kind: str
) -> None:
    q = questionnaire
    draft = await draft_of(q, admin_headers, "beverage")
    bad = await q.client.put(
        "/admin/questionnaires/beverage/versions/2",
        json=_broken(kind, content(draft)),
        headers=admin_headers,
    )
    assert bad.status_code == 422, (kind, bad.text)
    assert bad.headers["content-type"] == PROBLEM
    unchanged = await q.client.get(
        "/admin/questionnaires/beverage/versions/2", headers=admin_headers
    )
    assert content(unchanged.json()) == content(draft)


async def test_only_admins_edit_questionnaires(
    questionnaire: QuestionnaireUnderTest, customer_headers: dict[str, str]
) -> None:
    c = questionnaire.client
    base = "/admin/questionnaires/coffee/versions"
    for headers, status in ((customer_headers, 403), ({}, 401)):
        for response in (
            await c.get(base, headers=headers),
            await c.post(base, headers=headers),
            await c.get(f"{base}/1", headers=headers),
            await c.put(f"{base}/1", json={}, headers=headers),
            await c.post(f"{base}/1/publish", headers=headers),
            await c.delete(f"{base}/1", headers=headers),
        ):
            assert response.status_code == status, response.request.url
            assert response.headers["content-type"] == PROBLEM
