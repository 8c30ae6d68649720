"""The product rollups behind top products, low stock and sell-through: weekly and
year-to-date rows kept by the consumers under redelivery and shuffled order equal a
rebuild, range totals equal a plain sum of the daily rows over any range (across
years too), and migration 0003 backfills them (its downgrade, the monthly rollup)."""

from __future__ import annotations

import asyncio
import random
from datetime import date, timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import BigInteger, Column, Date, MetaData, String, Table, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts.catalog import CATEGORIES
from bookbrew.platform import migrations
from bookbrew.platform.db import Database
from bookbrew.reporting.app import MIGRATIONS
from bookbrew.reporting.models import (
    agg_product_daily,
    agg_product_weekly,
    agg_product_year_to_date,
    fact_order_line,
)
from bookbrew.reporting.periods import month_of
from bookbrew.reporting.queries import Filter
from bookbrew.reporting.queries.sales import product_totals
from bookbrew.reporting.service import rollups
from bookbrew.reporting.service.ingest import ensure_days
from tests.reporting.conftest import ReportingUnderTest
from tests.reporting.simulation import DAYS, START, Simulation, simulate
from tests.reporting.test_reach import feed_shuffled_with_redeliveries, snapshot

PRODUCTS = (agg_product_daily, agg_product_weekly, agg_product_year_to_date)
NEW = (agg_product_weekly, agg_product_year_to_date)


@pytest.fixture
def simulation(database_url: str) -> Simulation:
    if database_url.startswith("mysql"):
        return simulate(customers=14, visitors=6, orders=36)
    return simulate()


async def snapshots(db: Database, tables: tuple[Any, ...]) -> list[list[tuple[Any, ...]]]:
    async with db.sessions() as session:
        return [await snapshot(session, table) for table in tables]


async def test_product_rollups_under_redelivery_and_shuffling_equal_a_rebuild(
    reporting: ReportingUnderTest, simulation: Simulation
) -> None:
    await feed_shuffled_with_redeliveries(reporting, simulation)
    kept = await snapshots(reporting.db, PRODUCTS)
    assert all(kept), "every product rollup has rows"
    async with reporting.db.unit_of_work() as session:
        await rollups.refresh_products(session, None)
    rebuilt = await snapshots(reporting.db, PRODUCTS)
    for table, before, after in zip(PRODUCTS, kept, rebuilt, strict=True):
        assert before == after, table.name


async def daily_sums(session: AsyncSession, f: Filter) -> list[tuple[Any, ...]]:
    """The old way: every daily row of the range."""
    daily = agg_product_daily
    query = (
        select(
            daily.c.sku,
            daily.c.currency,
            func.max(daily.c.category),
            func.sum(daily.c.orders),
            func.sum(daily.c.units),
            func.sum(daily.c.revenue_minor),
        )
        .where(daily.c.day.between(f.date_from, f.date_to))
        .group_by(daily.c.sku, daily.c.currency)
    )
    if f.category:
        query = query.where(daily.c.category == f.category)
    return sorted(
        (sku, currency, category, *(int(n) for n in totals))
        for sku, currency, category, *totals in await session.execute(query)
    )


async def ranged(session: AsyncSession, f: Filter) -> list[tuple[Any, ...]]:
    totals = product_totals(f)
    return sorted(
        (sku, currency, category, *(int(n) for n in sums))
        for sku, currency, category, *sums in await session.execute(select(totals))
    )


async def add_lines_across_years(session: AsyncSession, rng: random.Random) -> set[date]:
    """Order lines from October to the simulation's start, one SKU moving category."""
    days = [START - timedelta(days=n) for n in range(1, 100)]
    await ensure_days(session, days)
    rows = []
    for n in range(150):
        day = rng.choice(days)
        sku = rng.choice(("BO-1", "CO-2", "PE-3", "MOVED"))
        category = "book" if sku == "MOVED" and day.month >= 11 else "coffee"
        quantity = rng.randrange(1, 4)
        rows.append(
            {
                "order_id": f"old-{n}",
                "sku": sku,
                "customer_key": 1,
                "category": category,
                "quantity": quantity,
                "unit_price_minor": 250,
                "revenue_minor": 250 * quantity,
                "currency": rng.choice(("EUR", "EUR", "USD")),
                "day": day,
            }
        )
    await session.execute(fact_order_line.insert(), rows)
    return {row["day"] for row in rows}


async def test_range_totals_equal_the_daily_rows_over_any_range(
    reporting: ReportingUnderTest, simulation: Simulation
) -> None:
    await feed_shuffled_with_redeliveries(reporting, simulation)
    rng = random.Random(6)
    async with reporting.db.unit_of_work() as session:
        await rollups.refresh_products(session, await add_lines_across_years(session, rng))
    kept = await snapshots(reporting.db, NEW)
    async with reporting.db.unit_of_work() as session:
        await rollups.refresh_products(session, None)
    assert await snapshots(reporting.db, NEW) == kept, "incremental equals a rebuild"

    first = START - timedelta(days=105)
    filters = [Filter(first, START + timedelta(days=DAYS))]
    for _ in range(40):
        low = first + timedelta(days=rng.randrange(DAYS + 110))
        high = low + timedelta(days=rng.randrange(120))
        filters.append(Filter(low, high, rng.choice((None, None, *CATEGORIES))))
    async with reporting.db.sessions() as session:
        for f in filters:
            assert await ranged(session, f) == await daily_sums(session, f), f


async def test_migration_0003_backfills_the_product_rollups(
    reporting: ReportingUnderTest, simulation: Simulation, database_url: str
) -> None:
    await feed_shuffled_with_redeliveries(reporting, simulation)
    kept = await snapshots(reporting.db, NEW)
    [daily] = await snapshots(reporting.db, (agg_product_daily,))
    assert all(kept)
    await reporting.db.dispose()
    config = migrations.alembic_config(MIGRATIONS, database_url)
    await asyncio.to_thread(command.downgrade, config, "0002")
    db = Database(database_url)
    try:
        async with db.sessions() as session:
            restored = await snapshot(session, MONTHLY)
    finally:
        await db.dispose()
    assert restored == monthly_sums(daily)
    await asyncio.to_thread(migrations.upgrade, MIGRATIONS, database_url)
    db = Database(database_url)
    try:
        backfilled = await snapshots(db, NEW)
    finally:
        await db.dispose()
    for table, before, after in zip(NEW, kept, backfilled, strict=True):
        assert before == after, table.name


# The monthly rollup migration 0003 drops (and its downgrade rebuilds).
MONTHLY = Table(
    "agg_product_monthly",
    MetaData(),
    Column("month", Date()),
    *(Column(name, String()) for name in ("sku", "currency", "category")),
    *(Column(name, BigInteger()) for name in ("orders", "units", "revenue_minor")),
)


def monthly_sums(daily: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    months: dict[tuple[Any, ...], list[Any]] = {}
    for day, sku, currency, category, orders, units, revenue in daily:
        row = months.setdefault((month_of(day), sku, currency), [category, 0, 0, 0])
        row[0] = max(row[0], category)
        for index, value in enumerate((orders, units, revenue), start=1):
            row[index] += value
    return sorted((*key, *row) for key, row in months.items())
