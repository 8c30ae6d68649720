"""A questionnaire app on a real document store (SQL JSON adapter on SQLite unless a
test passes a MariaDB URL), driven over HTTP through the in-process ASGI transport."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.platform.events.bus import Subscription
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.platform.hub import Hub
from bookbrew.questionnaire.app import create_app
from bookbrew.questionnaire.settings import QuestionnaireSettings

PROBLEM = "application/problem+json"


class QuestionnaireUnderTest:
    def __init__(self, app: FastAPI, client: httpx.AsyncClient, hub: Hub) -> None:
        self.app = app
        self.client = client
        self.hub = hub
        self.events: list[CloudEvent] = []

    @property
    def documents(self):  # type: ignore[no-untyped-def]
        return self.app.state.runtime.documents

    async def start(self, headers: dict[str, str], key: str, **body: Any) -> dict[str, Any]:
        response = await self.client.post(
            "/responses", json={"questionnaire_key": key, **body}, headers=headers
        )
        assert response.status_code in (200, 201), response.text
        return response.json()  # type: ignore[no-any-return]

    async def save(
        self, headers: dict[str, str], response_id: str, answers: dict[str, Any]
    ) -> httpx.Response:
        return await self.client.patch(
            f"/responses/{response_id}/answers", json={"answers": answers}, headers=headers
        )

    async def complete(self, headers: dict[str, str], response_id: str) -> httpx.Response:
        return await self.client.post(f"/responses/{response_id}/complete", headers=headers)


@asynccontextmanager
async def running_questionnaire(
    settings: QuestionnaireSettings,
) -> AsyncIterator[QuestionnaireUnderTest]:
    hub = Hub()
    app = create_app(settings, hub)
    hub.register("questionnaire", app)
    async with hub.running([("questionnaire", app)]):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://questionnaire"
        ) as client:
            under_test = QuestionnaireUnderTest(app, client, hub)

            async def record(event: CloudEvent) -> None:
                under_test.events.append(event)

            hub.bus.subscribe(
                Subscription("test.questionnaire", ("bookbrew.questionnaire.*",), record)
            )
            yield under_test


@pytest.fixture
def questionnaire_settings(tmp_path: Path, jwks_file: Path) -> Callable[..., QuestionnaireSettings]:
    def make(**overrides: Any) -> QuestionnaireSettings:
        return QuestionnaireSettings(
            data_dir=tmp_path,
            jwks_file=str(jwks_file),
            environment="test",
            outbox_poll_seconds=5.0,  # the relay must be woken, not found by polling
            **overrides,
        )

    return make


@pytest.fixture
async def questionnaire(
    questionnaire_settings: Callable[..., QuestionnaireSettings],
) -> AsyncIterator[QuestionnaireUnderTest]:
    async with running_questionnaire(questionnaire_settings()) as under_test:
        yield under_test


@pytest.fixture
def other_customer_headers(signing_key: DevSigningKey) -> dict[str, str]:
    return {"Authorization": f"Bearer {signing_key.mint('customer-2', roles=['customer'])}"}
