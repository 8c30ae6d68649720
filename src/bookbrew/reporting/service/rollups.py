"""Rollups recomputed from the facts for the days (customers, cohorts) an event touched.

Each function deletes the rollup rows of its scope and inserts them again with one
INSERT … SELECT … GROUP BY over the facts, so a rollup is always a function of the
facts alone: whatever order events came in, the same facts give the same rollups.
`None` as scope rebuilds everything (the benchmark loader and repairs use it)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from itertools import groupby
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    delete,
    distinct,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    union,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts.catalog import CATEGORIES
from bookbrew.reporting.models import (
    ALL,
    agg_attribution_daily,
    agg_cohort,
    agg_curation_daily,
    agg_customer_month,
    agg_funnel_daily,
    agg_product_daily,
    agg_product_weekly,
    agg_product_year_to_date,
    agg_sales_daily,
    dim_date,
    fact_attribution,
    fact_impression,
    fact_interaction,
    fact_order,
    fact_order_line,
    fact_payment,
    fact_questionnaire,
)
from bookbrew.reporting.periods import week_of
from bookbrew.reporting.service import reach

Days = Collection[date] | None


def _within(column: Any, values: Collection[Any] | None) -> ColumnElement[bool]:
    return true() if values is None else column.in_(sorted(values))


async def refresh_sales(session: AsyncSession, days: Days) -> None:
    sales, line = agg_sales_daily, fact_order_line
    await session.execute(delete(sales).where(_within(sales.c.day, days)))
    counted = and_(line.c.day.is_not(None), _within(line.c.day, days))
    columns = ["day", "category", "currency", "orders", "units", "revenue_minor", "refunded_minor"]
    for per_category in (True, False):
        category = line.c.category if per_category else literal(ALL)
        keys = [line.c.day, line.c.currency] + ([line.c.category] if per_category else [])
        query = (
            select(
                line.c.day,
                category,
                line.c.currency,
                func.count(distinct(line.c.order_id)),
                func.sum(line.c.quantity),
                func.sum(line.c.revenue_minor),
                literal(0),
            )
            .where(counted)
            .group_by(*keys)
        )
        await session.execute(insert(sales).from_select(columns, query))
    # Refunds belong to orders, not lines: only the every-category rows carry them.
    refunded = (
        select(func.coalesce(func.sum(fact_payment.c.refunded_minor), 0))
        .select_from(
            fact_payment.join(fact_order, fact_payment.c.order_id == fact_order.c.order_id)
        )
        .where(fact_order.c.day == sales.c.day, fact_order.c.currency == sales.c.currency)
        .scalar_subquery()
    )
    await session.execute(
        update(sales)
        .where(sales.c.category == ALL, _within(sales.c.day, days))
        .values(refunded_minor=refunded)
    )


async def refresh_products(session: AsyncSession, days: Days) -> None:
    """Daily product rows for the days, then the weekly and year-to-date rows of the
    SKUs whose daily rows changed."""
    daily, line = agg_product_daily, fact_order_line
    before = set() if days is None else await _daily_rows(session, days)
    await session.execute(delete(daily).where(_within(daily.c.day, days)))
    query = (
        select(
            line.c.day,
            line.c.sku,
            line.c.currency,
            func.max(line.c.category),
            func.count(distinct(line.c.order_id)),
            func.sum(line.c.quantity),
            func.sum(line.c.revenue_minor),
        )
        .where(line.c.day.is_not(None), _within(line.c.day, days))
        .group_by(line.c.day, line.c.sku, line.c.currency)
    )
    columns = ["sku", "currency", "category", "orders", "units", "revenue_minor"]
    await session.execute(insert(daily).from_select(["day", *columns], query))
    if days is None:
        await _refresh_weekly(session, None, None)
        await _refresh_year_to_date(session, None, None)
        return
    changed = {row[1] for row in before ^ await _daily_rows(session, days)}
    if changed:
        await _refresh_weekly(session, {week_of(day) for day in days}, changed)
        await _refresh_year_to_date(session, {day.year for day in days}, changed)


async def _daily_rows(session: AsyncSession, days: Collection[date]) -> set[Any]:
    daily = agg_product_daily
    return set(
        map(tuple, await session.execute(select(daily).where(daily.c.day.in_(sorted(days)))))
    )


async def _refresh_weekly(
    session: AsyncSession, weeks: Collection[date] | None, skus: Collection[str] | None
) -> None:
    weekly, daily = agg_product_weekly, agg_product_daily
    await session.execute(
        delete(weekly).where(_within(weekly.c.week, weeks), _within(weekly.c.sku, skus))
    )
    query = (
        select(
            dim_date.c.week,
            daily.c.sku,
            daily.c.currency,
            daily.c.category,
            func.sum(daily.c.orders),
            func.sum(daily.c.units),
            func.sum(daily.c.revenue_minor),
        )
        .select_from(daily.join(dim_date, dim_date.c.day == daily.c.day))
        .where(_within(dim_date.c.week, weeks), _within(daily.c.sku, skus))
        .group_by(dim_date.c.week, daily.c.sku, daily.c.currency, daily.c.category)
    )
    columns = ["week", "sku", "currency", "category", "orders", "units", "revenue_minor"]
    await session.execute(insert(weekly).from_select(columns, query))


async def _refresh_year_to_date(
    session: AsyncSession, years: Collection[int] | None, skus: Collection[str] | None
) -> None:
    """Running totals per series (SKU, currency, and the daily rows' category) and
    year, one row for every month from the series' first month in the year to
    December. Summed here rather than in SQL: the months to fill need a calendar."""
    to_date, daily = agg_product_year_to_date, agg_product_daily

    def scope(month: Any) -> ColumnElement[bool]:
        if years is None:
            return true()
        return or_(*(month.between(date(year, 1, 1), date(year, 12, 1)) for year in years))

    await session.execute(
        delete(to_date).where(scope(to_date.c.month), _within(to_date.c.sku, skus))
    )
    series_keys = (daily.c.sku, daily.c.currency, daily.c.category)
    rows = await session.execute(
        select(
            *series_keys,
            dim_date.c.month,
            func.sum(daily.c.orders),
            func.sum(daily.c.units),
            func.sum(daily.c.revenue_minor),
        )
        .select_from(daily.join(dim_date, dim_date.c.day == daily.c.day))
        .where(scope(dim_date.c.month), _within(daily.c.sku, skus))
        .group_by(*series_keys, dim_date.c.month)
        .order_by(*series_keys, dim_date.c.month)
    )
    running: list[dict[str, Any]] = []
    for (sku, currency, category, year), series in groupby(
        rows, key=lambda row: (*row[:3], row[3].year)
    ):
        sums = {row[3]: tuple(int(n) for n in row[4:]) for row in series}
        totals = [0, 0, 0]
        for number in range(min(sums).month, 13):
            month = date(year, number, 1)
            totals = [a + b for a, b in zip(totals, sums.get(month, (0, 0, 0)), strict=True)]
            running.append(
                {
                    "month": month,
                    "sku": sku,
                    "currency": currency,
                    "category": category,
                    "orders": totals[0],
                    "units": totals[1],
                    "revenue_minor": totals[2],
                }
            )
    for start in range(0, len(running), 5000):
        await session.execute(insert(to_date), running[start : start + 5000])


async def refresh_funnel(session: AsyncSession, days: Days) -> None:
    """The per-day visitor sets, then the reach chains of the visitors whose days
    changed (all of them when rebuilding)."""
    funnel, seen, done = agg_funnel_daily, fact_interaction, fact_questionnaire
    before = set() if days is None else await reach.funnel_rows(session, days)
    await session.execute(delete(funnel).where(_within(funnel.c.day, days)))
    in_days = _within(seen.c.day, days)

    def step(name: str, *where: ColumnElement[bool]) -> Any:
        return select(seen.c.day, literal(name), seen.c.category, seen.c.visitor_key).where(
            in_days, *where
        )

    questionnaire_category = case(
        (done.c.questionnaire_key.in_(CATEGORIES), done.c.questionnaire_key), else_=literal(ALL)
    )
    steps = union(
        step("visit"),
        select(
            done.c.day, literal("questionnaire"), questionnaire_category, done.c.customer_key
        ).where(_within(done.c.day, days)),
        step("clicked", seen.c.kind == "click", seen.c.recommendation_id.is_not(None)),
        step("cart", seen.c.kind == "add_to_cart"),
        step("purchased", seen.c.kind == "purchase"),
    )
    await session.execute(
        insert(funnel).from_select(["day", "step", "category", "visitor_key"], steps)
    )
    if days is None:
        await reach.rebuild(session)
        return
    changed = before ^ await reach.funnel_rows(session, days)
    await reach.refresh_visitors(session, {(visitor, step) for visitor, step, _, _ in changed})


async def refresh_curation(session: AsyncSession, days: Days) -> None:
    curation, shown, seen = agg_curation_daily, fact_impression, fact_interaction
    await session.execute(delete(curation).where(_within(curation.c.day, days)))
    clicked_version = func.coalesce(seen.c.model_version, literal("unknown"))
    parts = union_all(
        select(
            shown.c.day,
            shown.c.model_version.label("model_version"),
            shown.c.category,
            func.count().label("impressions"),
            literal(0).label("clicks"),
        )
        .where(_within(shown.c.day, days))
        .group_by(shown.c.day, shown.c.model_version, shown.c.category),
        select(
            seen.c.day,
            clicked_version.label("model_version"),
            seen.c.category,
            literal(0).label("impressions"),
            func.count().label("clicks"),
        )
        .where(
            _within(seen.c.day, days),
            seen.c.kind == "click",
            seen.c.recommendation_id.is_not(None),
        )
        .group_by(seen.c.day, clicked_version, seen.c.category),
    ).subquery()
    query = select(
        parts.c.day,
        parts.c.model_version,
        parts.c.category,
        func.sum(parts.c.impressions),
        func.sum(parts.c.clicks),
    ).group_by(parts.c.day, parts.c.model_version, parts.c.category)
    await session.execute(
        insert(curation).from_select(
            ["day", "model_version", "category", "impressions", "clicks"], query
        )
    )


async def refresh_attribution(session: AsyncSession, days: Days) -> None:
    rollup, credit = agg_attribution_daily, fact_attribution
    await session.execute(delete(rollup).where(_within(rollup.c.day, days)))
    query = (
        select(
            credit.c.day,
            credit.c.model_version,
            credit.c.category,
            credit.c.currency,
            func.count(),
            func.sum(credit.c.quantity),
            func.sum(credit.c.revenue_minor),
        )
        .where(_within(credit.c.day, days))
        .group_by(credit.c.day, credit.c.model_version, credit.c.category, credit.c.currency)
    )
    columns = ["day", "model_version", "category", "currency", "lines", "units", "revenue_minor"]
    await session.execute(insert(rollup).from_select(columns, query))


def _activity(customers: Collection[int] | None, per_category: bool) -> Any:
    """Counted orders per customer, category (or ALL) and month."""
    line = fact_order_line
    category = line.c.category if per_category else literal(ALL)
    keys = [line.c.customer_key, dim_date.c.month] + ([line.c.category] if per_category else [])
    return (
        select(
            line.c.customer_key,
            category.label("category"),
            dim_date.c.month,
            func.count(distinct(line.c.order_id)).label("orders"),
        )
        .select_from(line.join(dim_date, dim_date.c.day == line.c.day))
        .where(line.c.day.is_not(None), _within(line.c.customer_key, customers))
        .group_by(*keys)
        .subquery()
    )


async def refresh_customers(session: AsyncSession, customers: Collection[int] | None) -> None:
    """Each customer's active months with their cohort month, then the cohort counts of
    every cohort those customers left or joined."""
    months = agg_customer_month
    cohorts_of = select(months.c.category, months.c.cohort_month).distinct()
    before = set(
        (await session.execute(cohorts_of.where(_within(months.c.customer_key, customers)))).all()
    )
    await session.execute(delete(months).where(_within(months.c.customer_key, customers)))
    for per_category in (True, False):
        active, again = _activity(customers, per_category), _activity(customers, per_category)
        first = (
            select(again.c.customer_key, again.c.category, func.min(again.c.month).label("m"))
            .group_by(again.c.customer_key, again.c.category)
            .subquery()
        )
        query = select(
            active.c.customer_key, active.c.category, active.c.month, first.c.m, active.c.orders
        ).select_from(
            active.join(
                first,
                and_(
                    active.c.customer_key == first.c.customer_key,
                    active.c.category == first.c.category,
                ),
            )
        )
        await session.execute(
            insert(months).from_select(
                ["customer_key", "category", "month", "cohort_month", "orders"], query
            )
        )
    if customers is None:
        await _refresh_cohorts(session, None)
        return
    after = set(
        (
            await session.execute(cohorts_of.where(months.c.customer_key.in_(sorted(customers))))
        ).all()
    )
    await _refresh_cohorts(session, before | after)


async def _refresh_cohorts(session: AsyncSession, cohorts: set[Any] | None) -> None:
    months = agg_customer_month
    for category, cohort_month in sorted(cohorts) if cohorts is not None else [(None, None)]:
        scope: list[ColumnElement[bool]] = []
        if category is not None:
            scope = [months.c.category == category, months.c.cohort_month == cohort_month]
            await session.execute(
                delete(agg_cohort).where(
                    agg_cohort.c.category == category, agg_cohort.c.cohort_month == cohort_month
                )
            )
        else:
            await session.execute(delete(agg_cohort))
        query = (
            select(months.c.category, months.c.cohort_month, months.c.month, func.count())
            .where(*scope)
            .group_by(months.c.category, months.c.cohort_month, months.c.month)
        )
        await session.execute(
            insert(agg_cohort).from_select(
                ["category", "cohort_month", "month", "customers"], query
            )
        )


async def rebuild_all(session: AsyncSession) -> None:
    """Every rollup from the facts (the benchmark loader; a repair after a bug fix)."""
    await refresh_sales(session, None)
    await refresh_products(session, None)
    await refresh_funnel(session, None)
    await refresh_curation(session, None)
    await refresh_attribution(session, None)
    await refresh_customers(session, None)
