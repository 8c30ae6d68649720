"""The reach rollups behind exact distinct visitors (service/reach.py): kept by the
consumers under redelivery and shuffled order, equal to a rebuild from the visitor
sets, equal to a distinct count over any range, and backfilled by migration 0002."""

from __future__ import annotations

import asyncio
import random
from datetime import date, timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Table, delete, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts.catalog import CATEGORIES
from bookbrew.platform import migrations
from bookbrew.platform.db import Database
from bookbrew.reporting.app import MIGRATIONS
from bookbrew.reporting.models import (
    ALL,
    NEVER,
    agg_funnel_daily,
    agg_funnel_reach_daily,
    agg_funnel_reach_monthly,
    agg_funnel_visitor_day,
)
from bookbrew.reporting.queries import Filter
from bookbrew.reporting.queries.behaviour import STEPS, funnel_counts
from bookbrew.reporting.service import reach
from bookbrew.reporting.service.ingest import ensure_days
from tests.reporting.conftest import ReportingUnderTest
from tests.reporting.simulation import DAYS, START, Simulation, simulate

REACH = (agg_funnel_visitor_day, agg_funnel_reach_daily, agg_funnel_reach_monthly)


@pytest.fixture
def simulation(database_url: str) -> Simulation:
    if database_url.startswith("mysql"):
        return simulate(customers=14, visitors=6, orders=36)
    return simulate()


async def snapshot(session: AsyncSession, table: Table) -> list[tuple[Any, ...]]:
    return sorted(tuple(row) for row in await session.execute(select(table)))


async def feed_shuffled_with_redeliveries(service: ReportingUnderTest, sim: Simulation) -> None:
    events = list(sim.events)
    rng = random.Random(5)
    rng.shuffle(events)
    consume = service.consumer()
    for event in events:
        await consume(event)
        if rng.random() < 0.3:
            await consume(event)
    for event in rng.sample(events, len(events) // 4):
        await consume(event)


def test_chains_link_each_scope_s_active_days() -> None:
    d1, d2, d3 = date(2026, 1, 5), date(2026, 1, 9), date(2026, 2, 2)
    rows = [
        (7, "visit", "coffee", d1),
        (7, "visit", "book", d1),  # the same day in two categories: one ALL day
        (7, "visit", "coffee", d3),
        (7, "visit", "unknown", d2),  # only in the every-category scope
        (8, "questionnaire", ALL, d2),  # the general questionnaire: every scope
    ]
    chains = reach.chains(rows)
    assert {row for row in chains if row[0] == 7 and row[2] == ALL} == {
        (7, "visit", ALL, d1, NEVER),
        (7, "visit", ALL, d2, d1),
        (7, "visit", ALL, d3, d2),
    }
    assert {row for row in chains if row[0] == 7 and row[2] == "coffee"} == {
        (7, "visit", "coffee", d1, NEVER),
        (7, "visit", "coffee", d3, d1),
    }
    assert {row for row in chains if row[0] == 7 and row[2] == "book"} == {
        (7, "visit", "book", d1, NEVER)
    }
    assert {row[2] for row in chains if row[0] == 8} == {ALL, *CATEGORIES}


async def test_reach_rollups_under_redelivery_and_shuffling_equal_a_rebuild(
    reporting: ReportingUnderTest, simulation: Simulation
) -> None:
    await feed_shuffled_with_redeliveries(reporting, simulation)
    async with reporting.db.sessions() as session:
        kept = [await snapshot(session, table) for table in REACH]
    assert all(kept), "every reach table has rows"
    async with reporting.db.unit_of_work() as session:
        await reach.rebuild(session)
    async with reporting.db.sessions() as session:
        rebuilt = [await snapshot(session, table) for table in REACH]
    for table, before, after in zip(REACH, kept, rebuilt, strict=True):
        assert before == after, table.name


async def distinct_counts(session: AsyncSession, f: Filter) -> dict[str, int]:
    """The old way: a distinct count over the per-day visitor sets."""
    funnel = agg_funnel_daily
    query = (
        select(funnel.c.step, func.count(distinct(funnel.c.visitor_key)))
        .where(funnel.c.day.between(f.date_from, f.date_to))
        .group_by(funnel.c.step)
    )
    if f.category:
        query = query.where(funnel.c.category.in_((f.category, ALL)))
    counts = {step: int(n) for step, n in await session.execute(query)}
    return {step: counts.get(step, 0) for step in STEPS}


async def test_funnel_counts_equal_distinct_counts_over_any_range(
    reporting: ReportingUnderTest, simulation: Simulation
) -> None:
    await feed_shuffled_with_redeliveries(reporting, simulation)
    rng = random.Random(3)
    first = START - timedelta(days=3)
    filters = [Filter(START, START + timedelta(days=DAYS - 1))]
    for _ in range(40):
        low = first + timedelta(days=rng.randrange(DAYS + 6))
        high = low + timedelta(days=rng.randrange(70))
        filters.append(Filter(low, high, rng.choice((None, *CATEGORIES))))
    async with reporting.db.sessions() as session:
        for f in filters:
            assert await funnel_counts(session, f) == await distinct_counts(session, f), f


async def test_migration_0002_backfills_the_reach_rollups(
    reporting: ReportingUnderTest, simulation: Simulation, database_url: str
) -> None:
    await feed_shuffled_with_redeliveries(reporting, simulation)
    async with reporting.db.sessions() as session:
        kept = [await snapshot(session, table) for table in REACH]
    assert all(kept)
    await reporting.db.dispose()
    # Back to 0001 (the reach tables go), then up again: the backfill fills them.
    config = migrations.alembic_config(MIGRATIONS, database_url)
    await asyncio.to_thread(command.downgrade, config, "0001")
    await asyncio.to_thread(migrations.upgrade, MIGRATIONS, database_url)
    db = Database(database_url)
    try:
        async with db.sessions() as session:
            backfilled = [await snapshot(session, table) for table in REACH]
    finally:
        await db.dispose()
    for table, before, after in zip(REACH, kept, backfilled, strict=True):
        assert before == after, table.name


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_visitor_s_removed_day_relinks_the_next_one(
    reporting: ReportingUnderTest,
) -> None:
    d1, d2, d3 = date(2026, 1, 5), date(2026, 1, 20), date(2026, 2, 3)
    async with reporting.db.unit_of_work() as session:
        await ensure_days(session, [d1, d2, d3])
        rows = [
            {"day": d, "step": "visit", "category": "coffee", "visitor_key": 1}
            for d in (d1, d2, d3)
        ]
        await session.execute(agg_funnel_daily.insert(), rows)
        await reach.refresh_visitors(session, {(1, "visit")})
    window = Filter(d2, d3, "coffee")
    async with reporting.db.sessions() as session:
        assert (await funnel_counts(session, window))["visit"] == 1
        assert (await funnel_counts(session, Filter(d3, d3)))["visit"] == 1
    async with reporting.db.unit_of_work() as session:
        await session.execute(delete(agg_funnel_daily).where(agg_funnel_daily.c.day == d2))
        await reach.refresh_visitors(session, {(1, "visit")})
    async with reporting.db.sessions() as session:
        chain = await snapshot(session, agg_funnel_visitor_day)
        assert (1, "visit", "coffee", d3, d1) in chain
        assert not [row for row in chain if row[3] == d2]
        assert (await funnel_counts(session, Filter(d2, d3, "coffee")))["visit"] == 1
        assert (await funnel_counts(session, Filter(d2, d2)))["visit"] == 0
        assert (await funnel_counts(session, Filter(d1, d3)))["visit"] == 1
