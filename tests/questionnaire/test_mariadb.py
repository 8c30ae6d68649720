"""The distributed profile's document store: the SQL JSON adapter on MariaDB, one full
flow from the installed defaults to the completion event."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from bookbrew.contracts.questionnaire import QuestionnaireCompleted
from bookbrew.questionnaire.settings import QuestionnaireSettings
from tests.conftest import temporary_mariadb
from tests.questionnaire.conftest import running_questionnaire
from tests.support import eventually

pytestmark = pytest.mark.distributed


async def test_full_flow_on_mariadb(
    questionnaire_settings: Callable[..., QuestionnaireSettings],
    customer_headers: dict[str, str],
    admin_headers: dict[str, str],
) -> None:
    async with temporary_mariadb() as url:
        settings = questionnaire_settings(document_url=url)
        async with running_questionnaire(settings) as q:
            assert len((await q.client.get("/questionnaires")).json()) == 5
            ready = await q.client.get("/health/ready")
            assert ready.json()["checks"]["documents"] == "ok"

            first = await q.start(customer_headers, "general")
            await q.save(customer_headers, first["id"], {"categories": ["book"]})
            assert (await q.complete(customer_headers, first["id"])).status_code == 422
            saved = await q.save(
                customer_headers,
                first["id"],
                {
                    "categories": ["book", "beverage"],
                    "book_genres": ["fantasy", "classics"],
                    "beverage_kinds": ["tea"],
                    "budget": "up_to_30",
                },
            )
            assert saved.status_code == 200, saved.text
            done = await q.complete(customer_headers, first["id"])
            assert done.status_code == 200, done.text

            await eventually(lambda: q.events, timeout=5)
            payload = QuestionnaireCompleted.model_validate(q.events[0].data)
            got = {(s.facet, s.value): s.weight for s in payload.signals}
            assert got[("category", "book")] == 1.0 and got[("genre", "fantasy")] == 1.0
            assert got[("kind", "tea")] == 1.0 and payload.budget_max_minor == 3000

            retake = await q.start(customer_headers, "general")
            assert retake["id"] != first["id"]
            listed = await q.client.get("/responses", headers=customer_headers)
            assert [r["id"] for r in listed.json()] == [retake["id"], first["id"]]
            others = await q.client.get("/admin/responses", headers=admin_headers)
            assert len(others.json()) == 2

            await q.save(
                customer_headers, retake["id"], {"categories": ["coffee"], "coffee_roast": "light"}
            )
            racing = await asyncio.gather(
                *(q.complete(customer_headers, retake["id"]) for _ in range(3))
            )
            assert sorted(r.status_code for r in racing) == [200, 409, 409]
            await eventually(lambda: len(q.events) == 2, timeout=5)

        # restarting on the same database installs nothing twice
        async with running_questionnaire(settings) as again:
            versions = await again.client.get(
                "/admin/questionnaires/general/versions", headers=admin_headers
            )
            assert [v["version"] for v in versions.json()] == [1]
