"""A reporting app on a real database, fed events and read over HTTP (in-process)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from bookbrew.platform.db import Database
from bookbrew.platform.events.bus import Handler
from bookbrew.platform.hub import Hub
from bookbrew.reporting import consumers
from bookbrew.reporting.app import create_app, ingest_from
from bookbrew.reporting.settings import ReportingSettings


class ReportingUnderTest:
    def __init__(self, app: FastAPI, client: httpx.AsyncClient, hub: Hub) -> None:
        self.app = app
        self.client = client
        self.hub = hub

    @property
    def db(self) -> Database:
        return self.app.state.runtime.db  # type: ignore[no-any-return]

    @property
    def settings(self) -> ReportingSettings:
        return self.app.state.runtime.settings  # type: ignore[no-any-return]

    def consumer(self) -> Handler:
        """The subscribed handler itself (inbox included), to feed events directly."""
        return consumers.read_model_handler(self.db, ingest_from(self.settings))


@pytest.fixture
async def reporting(
    tmp_path: Path, jwks_file: Path, database_url: str
) -> AsyncIterator[ReportingUnderTest]:
    settings = ReportingSettings(
        data_dir=tmp_path, jwks_file=str(jwks_file), environment="test", database_url=database_url
    )
    hub = Hub()
    app = create_app(settings, hub)
    hub.register("reporting", app)
    async with hub.running([("reporting", app)]):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://reporting"
        ) as client:
            yield ReportingUnderTest(app, client, hub)
