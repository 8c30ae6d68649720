"""Reporting latency with a million order lines.

Loads a synthetic two-year history straight into the fact tables (1M order lines by
default, plus payments, interactions, recommendation impressions, questionnaires and
attribution credits), builds every rollup from the facts with the service's own
`rebuild_all`, then times every report `--runs` times over varied date ranges and
categories through the query functions, and a few through HTTP.

    .venv/bin/python bench/bench_reporting.py                       # SQLite file
    .venv/bin/python bench/bench_reporting.py --database-url mysql+asyncmy://root@127.0.0.1:3306/bookbrew_bench_reporting
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Table, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from bookbrew.contracts.catalog import CATEGORIES
from bookbrew.platform import migrations
from bookbrew.platform.db import Database
from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.reporting import models as m
from bookbrew.reporting.app import MIGRATIONS, create_app
from bookbrew.reporting.periods import date_row, month_of
from bookbrew.reporting.queries import Filter, behaviour, customers, sales
from bookbrew.reporting.service.rollups import rebuild_all
from bookbrew.reporting.settings import ReportingSettings

FIRST_DAY = date(2024, 1, 1)
DAYS = 730
MODELS = ("popularity-3", "hybrid-7", "two-tower-2")
CHUNK = 5000


def _at(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(
        seconds=rng.randrange(86400)
    )


def generate(lines_wanted: int, seed: int) -> dict[Table, list[dict[str, Any]]]:
    """Rows per table; shapes follow what the consumers write."""
    rng = random.Random(seed)
    days = [FIRST_DAY + timedelta(days=n) for n in range(DAYS)]
    products = [
        {
            "sku": f"{category[:2].upper()}-{n:05d}",
            "name": f"{category} {n}",
            "category": category,
            "price_minor": rng.randrange(400, 9000),
            "currency": "EUR",
            "stock": rng.randrange(0, 200),
            "status": "active",
            "version": 1,
        }
        for category in CATEGORIES
        for n in range(500)
    ]
    n_customers = max(1000, lines_wanted // 16)
    people = [
        {
            "customer_key": k,
            "customer_ref": f"{k:064x}",
            "customer_id": f"cust-{k}",
            "kind": "customer",
            "registered_at": (at := _at(rng.choice(days), rng)),
            "registered_month": month_of(at.date()),
        }
        for k in range(1, n_customers + 1)
    ]
    visitors = [
        {
            "customer_key": k,
            "customer_ref": f"{k:064x}",
            "customer_id": None,
            "kind": "visitor",
            "registered_at": None,
            "registered_month": None,
        }
        for k in range(n_customers + 1, n_customers + 1 + n_customers)
    ]
    orders, lines, payments, credits = [], [], [], []
    line_count, n = 0, 0
    while line_count < lines_wanted:
        n += 1
        customer = rng.randrange(1, n_customers + 1)
        day = rng.choice(days)
        confirmed = _at(day, rng)
        counted = rng.random() < 0.9
        order_id = f"ord-{n}"
        orders.append(
            {
                "order_id": order_id,
                "customer_key": customer,
                "currency": "EUR",
                "placed_at": confirmed - timedelta(minutes=3),
                "confirmed_at": confirmed,
                "cancelled_at": None if counted else confirmed + timedelta(hours=1),
                "status": "confirmed" if counted else "cancelled",
                "status_at": confirmed,
                "day": day if counted else None,
            }
        )
        total = 0
        for product in rng.sample(products, min(rng.randrange(1, 5), lines_wanted - line_count)):
            quantity = rng.randrange(1, 4)
            revenue = quantity * product["price_minor"]
            total += revenue
            line = {
                "order_id": order_id,
                "sku": product["sku"],
                "customer_key": customer,
                "category": product["category"],
                "quantity": quantity,
                "unit_price_minor": product["price_minor"],
                "revenue_minor": revenue,
                "currency": "EUR",
                "day": day if counted else None,
            }
            lines.append(line)
            line_count += 1
            if counted and rng.random() < 0.08:
                credits.append(
                    {
                        key: line[key]
                        for key in (
                            "order_id",
                            "sku",
                            "customer_key",
                            "category",
                            "currency",
                            "quantity",
                            "revenue_minor",
                            "day",
                        )
                    }
                    | {"recommendation_id": f"rec-{n}", "model_version": rng.choice(MODELS)}
                )
        payments.append(
            {
                "payment_id": f"pay-{n}",
                "order_id": order_id,
                "customer_key": customer,
                "amount_minor": total,
                "currency": "EUR",
                "succeeded_at": confirmed,
                "failed_at": None,
                "refunded_minor": total // 2 if rng.random() < 0.03 else 0,
                "provider": "sandbox",
            }
        )
    interactions = []
    kinds = ("view",) * 6 + ("click", "add_to_cart", "purchase")
    for i in range(lines_wanted):
        product = rng.choice(products)
        kind = rng.choice(kinds)
        occurred = _at(rng.choice(days), rng)
        recommended = kind == "click" and rng.random() < 0.7
        who = rng.randrange(1, 2 * n_customers + 1)
        interactions.append(
            {
                "event_id": f"ev-{i}",
                "visitor_key": who,
                "is_customer": who <= n_customers,
                "sku": product["sku"],
                "category": product["category"],
                "kind": kind,
                "recommendation_id": f"rec-{i}" if recommended else None,
                "model_version": rng.choice(MODELS) if recommended else None,
                "occurred_at": occurred,
                "day": occurred.date(),
            }
        )
    impressions = []
    for i in range(lines_wanted // 10):
        shown = _at(rng.choice(days), rng)
        model = rng.choice(MODELS)
        customer = rng.randrange(1, n_customers + 1)
        for product in rng.sample(products, 5):
            impressions.append(
                {
                    "recommendation_id": f"list-{i}",
                    "sku": product["sku"],
                    "customer_key": customer,
                    "model_version": model,
                    "category": product["category"],
                    "shown_at": shown,
                    "day": shown.date(),
                }
            )
    questionnaires = []
    for i in range(n_customers // 2):
        done = _at(rng.choice(days), rng)
        questionnaires.append(
            {
                "response_id": f"resp-{i}",
                "customer_key": rng.randrange(1, n_customers + 1),
                "questionnaire_key": rng.choice(("general", *CATEGORIES)),
                "completed_at": done,
                "day": done.date(),
            }
        )
    return {
        m.dim_date: [date_row(day) for day in days],
        m.dim_product: products,
        m.dim_customer: people + visitors,
        m.fact_order: orders,
        m.fact_order_line: lines,
        m.fact_payment: payments,
        m.fact_interaction: interactions,
        m.fact_impression: impressions,
        m.fact_questionnaire: questionnaires,
        m.fact_attribution: credits,
    }


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


async def fresh_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            await asyncio.to_thread(Path(f"{parsed.database}{suffix}").unlink, missing_ok=True)
        return
    server = create_async_engine(parsed.set(database=""))
    async with server.begin() as connection:
        await connection.execute(text(f"DROP DATABASE IF EXISTS `{parsed.database}`"))
    await server.dispose()
    await migrations.ensure_database(url)


async def load(db: Database, data: dict[Table, list[dict[str, Any]]]) -> None:
    for table, rows in data.items():
        started = time.perf_counter()
        async with db.unit_of_work() as session:
            for chunk in _chunks(rows):
                await session.execute(insert(table), chunk)
        print(f"  {table.name:<20} {len(rows):>9,} rows  {time.perf_counter() - started:6.1f} s")
    started = time.perf_counter()
    async with db.unit_of_work() as session:
        await rebuild_all(session)
    print(f"  {'rollups':<20} {'':>9}       {time.perf_counter() - started:6.1f} s")
    if db.is_sqlite:
        async with db.engine.begin() as connection:
            await connection.execute(text("ANALYZE"))


Query = Callable[[AsyncSession, Filter], Awaitable[Any]]

REPORTS: dict[str, Query] = {
    "sales by day": lambda s, f: sales.sales(s, f, "day"),
    "sales by week": lambda s, f: sales.sales(s, f, "week"),
    "sales by month": lambda s, f: sales.sales(s, f, "month"),
    "top products": lambda s, f: sales.top_products(s, f, limit=10, by="revenue"),
    "funnel": behaviour.funnel,
    "curation": behaviour.curation,
    "questionnaire": behaviour.questionnaire,
    "customers": customers.customers,
    "cohorts": customers.cohorts,
    "low stock": lambda s, f: sales.low_stock(s, f, 5),
    "sell-through": sales.sell_through,
}
HTTP = ("sales", "top-products", "funnel", "curation", "cohorts")


def filters(runs: int, seed: int) -> list[Filter]:
    """Ranges from a week to the whole two years; a category half of the time."""
    rng = random.Random(seed)
    result = []
    for run in range(runs):
        length = (7, 30, 90, 365, DAYS)[run % 5]
        start = FIRST_DAY + timedelta(days=rng.randrange(DAYS - length + 1))
        category = rng.choice(CATEGORIES) if run % 2 else None
        result.append(Filter(start, start + timedelta(days=length - 1), category))
    return result


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def row(name: str, samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    return (
        f"| {name:<22} | {statistics.median(ms):8.1f} | {percentile(ms, 99):8.1f} "
        f"| {max(ms):8.1f} |"
    )


async def measure(
    db: Database, url: str, runs: int, seed: int, only: list[str] | None = None
) -> None:
    ranges = filters(runs, seed)
    print("\n| report (query function) | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|")
    for name, query in REPORTS.items():
        if only and name not in only:
            continue
        async with db.sessions() as session:  # warm the connection and the page cache
            await query(session, ranges[0])
        samples = []
        for f in ranges:
            async with db.sessions() as session:
                started = time.perf_counter()
                await query(session, f)
                samples.append(time.perf_counter() - started)
        print(row(name, samples))
    if not only:
        await measure_http(url, ranges)


async def measure_http(url: str, ranges: list[Filter]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        key = DevSigningKey.generate()
        jwks = key.write_jwks(Path(tmp) / "jwks.json")
        settings = ReportingSettings(
            data_dir=Path(tmp),
            jwks_file=str(jwks),
            environment="test",
            database_url=url,
            log_level="WARNING",
        )
        app = create_app(settings)
        headers = {"Authorization": f"Bearer {key.mint('admin', roles=['admin'])}"}
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://reporting"
            ) as client,
        ):
            print("\n| report (HTTP, JSON) | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|")
            for name in HTTP:
                samples = []
                for f in [ranges[0], *ranges]:
                    params = {"from": f.date_from.isoformat(), "to": f.date_to.isoformat()}
                    if f.category:
                        params["category"] = f.category
                    started = time.perf_counter()
                    response = await client.get(f"/reports/{name}", params=params, headers=headers)
                    samples.append(time.perf_counter() - started)
                    assert response.status_code == 200, response.text
                print(row(name, samples[1:]))


async def main() -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--skip-load", action="store_true", help="reuse a loaded database")
    parser.add_argument(
        "--only", action="append", choices=sorted(REPORTS), help="time only these reports"
    )
    args = parser.parse_args()
    url = args.database_url or (
        f"sqlite+aiosqlite:///{Path(tempfile.gettempdir()) / 'bookbrew-bench-reporting.sqlite3'}"
    )
    print(f"database: {make_url(url).render_as_string(hide_password=True)}")
    if not args.skip_load:
        await fresh_database(url)
        await asyncio.to_thread(migrations.upgrade, MIGRATIONS, url)
        started = time.perf_counter()
        data = generate(args.lines, args.seed)
        print(f"generated in {time.perf_counter() - started:.1f} s; loading:")
        db = Database(url)
        await load(db, data)
        del data
    else:
        db = Database(url)
    try:
        await measure(db, url, args.runs, args.seed, args.only)
    finally:
        await db.dispose()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
