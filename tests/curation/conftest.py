"""A curation app on a real (SQLite) document store and an in-process bus, fed with
catalog and shopper events like the other services would publish them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bookbrew.catalog.demo import load_demo_products
from bookbrew.contracts import catalog as catalog_events
from bookbrew.contracts.curation import RECOMMENDATIONS_UPDATED
from bookbrew.curation.app import create_app
from bookbrew.curation.service.state import CurationState
from bookbrew.curation.settings import CurationSettings
from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.platform.docstore import DocumentStore
from bookbrew.platform.events.bus import Subscription
from bookbrew.platform.events.envelope import CloudEvent, new_event
from bookbrew.platform.hub import Hub

# 60 demo products: every category, with dark and chocolate coffees among them.
COUNTS = {"coffee": 20, "book": 16, "perfume": 14, "beverage": 10}


def small_catalog() -> list[dict[str, Any]]:
    products = load_demo_products()
    chosen: list[dict[str, Any]] = []
    coffees = [p for p in products if p["category"] == "coffee"]
    dark = [
        p
        for p in coffees
        if p["attributes"]["roast"] in ("dark", "medium-dark")
        or any("chocolate" in n for n in p["attributes"]["flavor_notes"])
    ]
    light = [p for p in coffees if p not in dark]
    chosen += dark[:8] + light[: COUNTS["coffee"] - 8]
    for category in ("book", "perfume", "beverage"):
        chosen += [p for p in products if p["category"] == category][: COUNTS[category]]
    return chosen


def product_event_data(record: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    data = {
        "sku": record["sku"],
        "name": record["name"],
        "category": record["category"],
        "price": {"amount": record["price_minor"], "currency": record["currency"]},
        "stock": max(record["stock"], 5),
        "status": "active",
        "tags": record["tags"],
        "attributes": record["attributes"],
        "description": record["description"],
        "version": 1,
    }
    data.update(overrides)
    return data


class CurationUnderTest:
    def __init__(
        self, app: FastAPI, client: httpx.AsyncClient, hub: Hub, key: DevSigningKey
    ) -> None:
        self.app = app
        self.client = client
        self.hub = hub
        self.key = key
        self.published: list[CloudEvent] = []
        self.catalog = small_catalog()

    @property
    def state(self) -> CurationState:
        return self.app.state.curation  # type: ignore[no-any-return]

    @property
    def store(self) -> DocumentStore:
        return self.app.state.runtime.documents  # type: ignore[no-any-return]

    def headers(self, subject: str, *roles: str) -> dict[str, str]:
        token = self.key.mint(subject, roles=list(roles or ("customer",)))
        return {"Authorization": f"Bearer {token}"}

    async def deliver(self, event: CloudEvent, *, drain: bool = True) -> CloudEvent:
        await self.hub.bus.publish(event)
        if drain:
            await self.hub.bus.drain()
        return event

    async def publish(self, type_: str, data: dict[str, Any], **kw: Any) -> CloudEvent:
        return await self.deliver(new_event("tests", type_, data), **kw)

    async def load_catalog(self) -> None:
        for record in self.catalog:
            await self.hub.bus.publish(
                new_event("catalog", catalog_events.PRODUCT_CREATED, product_event_data(record))
            )
        await self.hub.bus.drain()

    async def complete_questionnaire(
        self,
        customer_id: str,
        signals: list[tuple[str, str, float]],
        *,
        key: str = "coffee",
        budget: int | None = None,
    ) -> CloudEvent:
        return await self.publish(
            "bookbrew.questionnaire.completed",
            {
                "response_id": f"r-{customer_id}-{key}",
                "customer_id": customer_id,
                "questionnaire_key": key,
                "version": 1,
                "answers": {},
                "signals": [{"facet": f, "value": v, "weight": w} for f, v, w in signals],
                "budget_max_minor": budget,
                "completed_at": datetime.now(UTC).isoformat(),
            },
        )

    async def buy(self, customer_id: str, skus: list[str], order_id: str) -> CloudEvent:
        lines = [
            {
                "sku": sku,
                "name": sku,
                "category": "coffee",
                "quantity": 1,
                "unit_price": {"amount": 1000, "currency": "EUR"},
            }
            for sku in skus
        ]
        return await self.publish(
            "bookbrew.order.confirmed",
            {
                "order_id": order_id,
                "customer_id": customer_id,
                "status": "confirmed",
                "lines": lines,
                "total": {"amount": 1000 * len(skus), "currency": "EUR"},
                "occurred_at": datetime.now(UTC).isoformat(),
            },
        )

    async def recommendations(
        self, customer_id: str, *, as_: str | None = None, **params: Any
    ) -> dict[str, Any]:
        response = await self.client.get(
            f"/recommendations/{customer_id}",
            params=params,
            headers=self.headers(as_ or customer_id),
        )
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    async def train(self) -> dict[str, Any]:
        response = await self.client.post("/models/train", headers=self.headers("admin-1", "admin"))
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]


@pytest.fixture
def curation_settings(tmp_path: Path, jwks_file: Path) -> Callable[..., CurationSettings]:
    def make(**overrides: Any) -> CurationSettings:
        values: dict[str, Any] = {
            "data_dir": tmp_path,
            "jwks_file": str(jwks_file),
            "environment": "test",
            "initial_sync": False,
            "text_embeddings": False,
            "train_on_start": False,
            "train_interval_seconds": 0,
            "model_poll_seconds": 3600,
            "train_epochs": 3,
            "train_dim": 16,
            "holdout_min_items": 3,
            "outbox_poll_seconds": 0.05,
        }
        values.update(overrides)
        return CurationSettings(**values)

    return make


@pytest.fixture
def curation_factory(
    curation_settings: Callable[..., CurationSettings], signing_key: DevSigningKey
) -> Callable[..., Any]:
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def start(**overrides: Any) -> AsyncIterator[CurationUnderTest]:
        hub = Hub()
        app = create_app(curation_settings(**overrides), hub)
        hub.register("curation", app)
        async with hub.running([("curation", app)]):
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://curation"
            ) as client:
                under_test = CurationUnderTest(app, client, hub, signing_key)

                async def record(event: CloudEvent) -> None:
                    under_test.published.append(event)

                hub.bus.subscribe(
                    Subscription("tests.recommendations", (RECOMMENDATIONS_UPDATED,), record)
                )
                yield under_test

    return start


@pytest.fixture
async def curation(curation_factory: Callable[..., Any]) -> AsyncIterator[CurationUnderTest]:
    async with curation_factory() as under_test:
        await under_test.load_catalog()
        yield under_test


@pytest.fixture(scope="session")
def text_encoder() -> Any:
    """The packaged MiniLM model, loaded once for the whole test session."""
    from bookbrew.curation.model.features import shared_text_encoder

    encoder = shared_text_encoder(1)
    encoder.encode(["warm up"])
    return encoder
