"""Every report against figures computed independently from a simulated period: in
order with redeliveries (through the bus), and shuffled (late and out-of-order)."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from bookbrew.contracts.catalog import CATEGORIES
from bookbrew.reporting.models import dim_customer, fact_order_line
from tests.reporting.conftest import ReportingUnderTest
from tests.reporting.simulation import DAYS, START, Expected, Simulation, simulate

END = START + timedelta(days=DAYS - 1)
FILTERS: list[tuple[date, date, str | None]] = [
    (START, END, None),
    (date(2026, 1, 20), date(2026, 2, 14), None),
    *[(START, END, category) for category in CATEGORIES],
    (date(2026, 2, 1), date(2026, 3, 15), "coffee"),
]
REPORTS = (
    "top-products",
    "funnel",
    "curation",
    "questionnaire",
    "customers",
    "cohorts",
    "low-stock",
    "sell-through",
)


@pytest.fixture
def simulation(database_url: str) -> Simulation:
    # MariaDB round trips cost more: a smaller period there, the full one on SQLite.
    if database_url.startswith("mysql"):
        return simulate(customers=14, visitors=6, orders=36)
    return simulate()


async def fetch(
    client: httpx.AsyncClient, headers: dict[str, str], report: str, params: dict[str, str]
) -> dict[str, Any]:
    response = await client.get(f"/reports/{report}", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def expected_rows(expected: Expected, report: str) -> list[dict[str, Any]]:
    method = report.replace("-", "_")
    return getattr(expected, method)()  # type: ignore[no-any-return]


async def assert_reports_match(
    service: ReportingUnderTest, headers: dict[str, str], sim: Simulation
) -> None:
    for first, last, category in FILTERS:
        expected = Expected(sim, first, last, category)
        params = {"from": first.isoformat(), "to": last.isoformat()}
        if category:
            params["category"] = category
        where = f"{first}..{last} {category or 'all'}"
        for granularity in ("day", "week", "month"):
            body = await fetch(
                service.client, headers, "sales", params | {"granularity": granularity}
            )
            assert body["rows"] == expected.sales(granularity), f"sales/{granularity} {where}"
        for report in REPORTS:
            body = await fetch(service.client, headers, report, params)
            assert body["rows"] == expected_rows(expected, report), f"{report} {where}"


async def test_in_order_with_redeliveries_matches_the_simulation(
    reporting: ReportingUnderTest, admin_headers: dict[str, str], simulation: Simulation
) -> None:
    rng = random.Random(1)
    for event in simulation.events:
        await reporting.hub.bus.publish(event)
        if rng.random() < 0.3:  # the broker delivers some twice
            await reporting.hub.bus.publish(event)
    for event in rng.sample(simulation.events, len(simulation.events) // 5):  # and late again
        await reporting.hub.bus.publish(event)
    await reporting.hub.bus.drain()
    assert await reporting.hub.bus.dead_letters("reporting.read-models") == []

    await assert_reports_match(reporting, admin_headers, simulation)

    async with reporting.db.sessions() as session:
        lines = await session.scalar(select(func.count()).select_from(fact_order_line))
        erased = await session.scalar(
            select(func.count())
            .select_from(dim_customer)
            .where(dim_customer.c.erased_at.is_not(None), dim_customer.c.customer_id.is_(None))
        )
    assert lines == sum(len(order.lines) for order in simulation.orders)
    assert erased == 1


async def test_shuffled_events_end_in_the_same_figures(
    reporting: ReportingUnderTest, admin_headers: dict[str, str], simulation: Simulation
) -> None:
    shuffled = list(simulation.events)
    random.Random(2).shuffle(shuffled)
    consume = reporting.consumer()
    for event in shuffled:
        await consume(event)
    for event in shuffled[: len(shuffled) // 4]:
        await consume(event)

    await assert_reports_match(reporting, admin_headers, simulation)


def parse_csv(text: str) -> tuple[list[str], list[list[str]]]:
    header, *rows = list(csv.reader(io.StringIO(text)))
    return header, rows


def as_csv_cell(value: Any) -> str:
    if value is None:
        return ""
    return str(value)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_every_csv_export_parses_and_matches_its_json(
    reporting: ReportingUnderTest, admin_headers: dict[str, str]
) -> None:
    sim = simulate(customers=12, visitors=4, orders=30)
    consume = reporting.consumer()
    for event in sim.events:
        await consume(event)
    params = {"from": START.isoformat(), "to": END.isoformat()}
    for report in ("sales", *REPORTS):
        body = await fetch(reporting.client, admin_headers, report, params)
        assert body["rows"], report
        for url, extra in (
            (f"/reports/{report}.csv", {}),
            (f"/reports/{report}", {"format": "csv"}),
        ):
            response = await reporting.client.get(url, params=params | extra, headers=admin_headers)
            assert response.status_code == 200, response.text
            assert response.headers["content-type"].startswith("text/csv")
            assert "attachment" in response.headers["content-disposition"]
            header, rows = parse_csv(response.text)
            assert header == list(body["rows"][0])
            assert rows == [[as_csv_cell(row[name]) for name in header] for row in body["rows"]]
