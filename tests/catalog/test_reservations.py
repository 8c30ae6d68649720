"""Inventory reservations: whole baskets atomically, idempotent by reference, commit,
release, expiry sweep — and no oversell under heavy concurrency on MariaDB."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import update

from bookbrew.catalog.app import create_app, sweep_expired_reservations
from bookbrew.catalog.models import ReservationRow
from bookbrew.catalog.settings import CatalogSettings
from bookbrew.contracts import catalog as events
from bookbrew.platform.events.bus import Subscription
from bookbrew.platform.hub import Hub
from tests.catalog.conftest import CatalogUnderTest, product_body
from tests.conftest import temporary_mariadb
from tests.support import eventually


async def stock_of(catalog: CatalogUnderTest, sku: str, headers: dict[str, str]) -> int:
    return int(
        (await catalog.client.get(f"/admin/products/{sku}", headers=headers)).json()["stock"]
    )


async def add(catalog: CatalogUnderTest, headers: dict[str, str], sku: str, stock: int) -> None:
    response = await catalog.client.post(
        "/admin/products", json=product_body(sku, stock=stock), headers=headers
    )
    assert response.status_code == 201, response.text


async def test_a_basket_is_reserved_whole_or_not_at_all(
    catalog: CatalogUnderTest, admin_headers: dict[str, str], service_headers: dict[str, str]
) -> None:
    await add(catalog, admin_headers, "BK-1", 5)
    await add(catalog, admin_headers, "CF-1", 1)
    too_much = await catalog.client.post(
        "/reservations",
        headers=service_headers,
        json={
            "reference": "order-1",
            "lines": [{"sku": "BK-1", "quantity": 2}, {"sku": "CF-1", "quantity": 2}],
        },
    )
    assert too_much.status_code == 409
    assert too_much.json()["shortages"] == [{"sku": "CF-1", "requested": 2}]
    assert await stock_of(catalog, "BK-1", admin_headers) == 5  # the BK-1 decrement rolled back

    ok = await catalog.client.post(
        "/reservations",
        headers=service_headers,
        json={
            "reference": "order-2",
            "lines": [{"sku": "BK-1", "quantity": 2}, {"sku": "CF-1", "quantity": 1}],
        },
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["status"] == "active"
    assert await stock_of(catalog, "BK-1", admin_headers) == 3
    assert await stock_of(catalog, "CF-1", admin_headers) == 0


async def test_same_reference_reserves_once(
    catalog: CatalogUnderTest, admin_headers: dict[str, str], service_headers: dict[str, str]
) -> None:
    await add(catalog, admin_headers, "BK-1", 5)
    body = {"reference": "order-9", "lines": [{"sku": "BK-1", "quantity": 2}]}
    first = await catalog.client.post("/reservations", headers=service_headers, json=body)
    again = await catalog.client.post("/reservations", headers=service_headers, json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert await stock_of(catalog, "BK-1", admin_headers) == 3


async def test_commit_release_and_their_events(
    catalog: CatalogUnderTest, admin_headers: dict[str, str], service_headers: dict[str, str]
) -> None:
    received = []

    async def on(event):  # type: ignore[no-untyped-def]
        received.append(event.type)

    catalog.hub.bus.subscribe(Subscription("test.inventory", ("bookbrew.inventory.*",), on))
    await add(catalog, admin_headers, "BK-1", 7)
    first = (
        await catalog.client.post(
            "/reservations",
            headers=service_headers,
            json={"reference": "o1", "lines": [{"sku": "BK-1", "quantity": 2}]},
        )
    ).json()
    second = (
        await catalog.client.post(
            "/reservations",
            headers=service_headers,
            json={"reference": "o2", "lines": [{"sku": "BK-1", "quantity": 1}]},
        )
    ).json()
    assert await stock_of(catalog, "BK-1", admin_headers) == 4  # 7 → 5 reached the threshold

    committed = await catalog.client.post(
        f"/reservations/{first['id']}/commit", headers=service_headers
    )
    assert committed.json()["status"] == "committed"
    released = await catalog.client.post(
        f"/reservations/{second['id']}/release", headers=service_headers
    )
    assert released.json()["status"] == "released"
    assert await stock_of(catalog, "BK-1", admin_headers) == 5
    again = await catalog.client.post(
        f"/reservations/{second['id']}/release", headers=service_headers
    )
    assert again.status_code == 200 and await stock_of(catalog, "BK-1", admin_headers) == 5
    late = await catalog.client.post(
        f"/reservations/{second['id']}/commit", headers=service_headers
    )
    assert late.status_code == 409
    cannot = await catalog.client.post(
        f"/reservations/{first['id']}/release", headers=service_headers
    )
    assert cannot.status_code == 409

    await eventually(lambda: len(received) == 5)
    assert received == [
        events.INVENTORY_RESERVED,
        events.INVENTORY_LOW_STOCK,
        events.INVENTORY_RESERVED,
        events.INVENTORY_COMMITTED,
        events.INVENTORY_RELEASED,
    ]


async def test_reservations_need_a_service_or_admin_token(
    catalog: CatalogUnderTest, customer_headers: dict[str, str]
) -> None:
    body = {"reference": "o", "lines": [{"sku": "BK-1", "quantity": 1}]}
    assert (await catalog.client.post("/reservations", json=body)).status_code == 401
    assert (
        await catalog.client.post("/reservations", json=body, headers=customer_headers)
    ).status_code == 403


async def test_expired_reservations_are_swept_back_into_stock(
    catalog: CatalogUnderTest, admin_headers: dict[str, str], service_headers: dict[str, str]
) -> None:
    await add(catalog, admin_headers, "BK-1", 3)
    reservation = (
        await catalog.client.post(
            "/reservations",
            headers=service_headers,
            json={"reference": "o", "lines": [{"sku": "BK-1", "quantity": 3}]},
        )
    ).json()
    assert await stock_of(catalog, "BK-1", admin_headers) == 0
    async with catalog.db.unit_of_work() as session:
        await session.execute(
            update(ReservationRow).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    assert await sweep_expired_reservations(catalog.db) == 1
    assert await sweep_expired_reservations(catalog.db) == 0
    assert await stock_of(catalog, "BK-1", admin_headers) == 3
    state = (
        await catalog.client.get(f"/reservations/{reservation['id']}", headers=service_headers)
    ).json()
    assert state["status"] == "expired"


@pytest.fixture
async def mariadb_catalog(
    catalog_settings: Callable[..., CatalogSettings],
) -> AsyncIterator[CatalogUnderTest]:
    async with temporary_mariadb() as url:
        hub = Hub()
        app = create_app(catalog_settings(database_url=url), hub)
        hub.register("catalog", app)
        async with hub.running([("catalog", app)]):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://catalog", timeout=60
            ) as client:
                yield CatalogUnderTest(app, client, hub)


async def test_no_oversell_under_200_concurrent_reservations_on_mariadb(
    mariadb_catalog: CatalogUnderTest,
    admin_headers: dict[str, str],
    service_headers: dict[str, str],
) -> None:
    catalog = mariadb_catalog
    await add(catalog, admin_headers, "CF-42", 10)
    await add(catalog, admin_headers, "BK-42", 1000)

    async def reserve(i: int) -> int:
        # Two-line baskets in both orders as well, to exercise lock ordering.
        lines = [{"sku": "CF-42", "quantity": 1}, {"sku": "BK-42", "quantity": 1}]
        response = await catalog.client.post(
            "/reservations",
            headers=service_headers,
            json={"reference": f"order-{i}", "lines": lines if i % 2 else lines[::-1]},
        )
        assert response.status_code in (201, 409), response.text
        return response.status_code

    statuses = await asyncio.gather(*(reserve(i) for i in range(200)))
    assert statuses.count(201) == 10
    assert statuses.count(409) == 190
    assert await stock_of(catalog, "CF-42", admin_headers) == 0
    assert await stock_of(catalog, "BK-42", admin_headers) == 990
