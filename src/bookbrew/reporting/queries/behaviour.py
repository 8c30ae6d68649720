"""What shoppers do: the conversion funnel, curation performance by model version, and
questionnaire completion."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, distinct, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts.catalog import CATEGORIES
from bookbrew.reporting.models import (
    ALL,
    agg_attribution_daily,
    agg_curation_daily,
    agg_funnel_reach_daily,
    agg_funnel_reach_monthly,
    fact_questionnaire,
)
from bookbrew.reporting.periods import split_range
from bookbrew.reporting.queries import Filter, ratio
from bookbrew.reporting.schemas import CurationRow, FunnelRow, QuestionnaireRow

# Rollup step → the name reports show, in funnel order.
STEPS = {
    "visit": "visit",
    "questionnaire": "questionnaire_completed",
    "clicked": "recommendation_clicked",
    "cart": "added_to_cart",
    "purchased": "purchased",
}


async def funnel_counts(session: AsyncSession, f: Filter) -> dict[str, int]:
    """Distinct customers/visitors per step. Steps are counted independently (a
    purchase without a tracked click still counts as a purchase). With a category, a
    step counts activity on that category's products, and questionnaires that are not
    about one category (the general one) count for every category.

    Exact, without a distinct count: a visitor active in the range has exactly one
    active day there whose previous active day (in the report's scope) is before the
    range, so the count is a sum over the reach rollups: days for the odd days, months
    for the whole months in between."""
    scope = f.category or ALL
    split = split_range(f.date_from, f.date_to)
    daily, monthly = agg_funnel_reach_daily, agg_funnel_reach_monthly
    parts: list[tuple[Any, Any, tuple[Any, Any]]] = [
        (daily, daily.c.day, bounds) for bounds in split.day_ranges
    ]
    if split.months is not None:
        parts.append((monthly, monthly.c.month, split.months))
    counts: dict[str, int] = {}
    for table, key, (low, high) in parts:
        query = (
            select(table.c.step, func.sum(table.c.visitors))
            .where(table.c.scope == scope, key.between(low, high), table.c.prev_day < f.date_from)
            .group_by(table.c.step)
        )
        for step, n in await session.execute(query):
            counts[step] = counts.get(step, 0) + int(n)
    return {step: counts.get(step, 0) for step in STEPS}


async def funnel(session: AsyncSession, f: Filter) -> list[FunnelRow]:
    counts = await funnel_counts(session, f)
    rows, first, previous = [], counts["visit"], None
    for step, label in STEPS.items():
        rows.append(
            FunnelRow(
                step=label,
                visitors=counts[step],
                rate_from_previous=None if previous is None else ratio(counts[step], previous),
                rate_from_first=ratio(counts[step], first),
            )
        )
        previous = counts[step]
    return rows


async def curation(session: AsyncSession, f: Filter) -> list[CurationRow]:
    shown, credit = agg_curation_daily, agg_attribution_daily

    def scoped(query: Any, table: Any) -> Any:
        query = query.where(table.c.day.between(f.date_from, f.date_to))
        return query.where(table.c.category == f.category) if f.category else query

    seen = {
        version: (int(impressions), int(clicks))
        for version, impressions, clicks in await session.execute(
            scoped(
                select(
                    shown.c.model_version, func.sum(shown.c.impressions), func.sum(shown.c.clicks)
                ).group_by(shown.c.model_version),
                shown,
            )
        )
    }
    credited: dict[str, list[tuple[str, int, int, int]]] = {}
    for version, currency, lines, units, revenue in await session.execute(
        scoped(
            select(
                credit.c.model_version,
                credit.c.currency,
                func.sum(credit.c.lines),
                func.sum(credit.c.units),
                func.sum(credit.c.revenue_minor),
            ).group_by(credit.c.model_version, credit.c.currency),
            credit,
        )
    ):
        credited.setdefault(version, []).append((currency, int(lines), int(units), int(revenue)))
    rows = []
    for version in sorted(seen.keys() | credited.keys()):
        impressions, clicks = seen.get(version, (0, 0))
        for currency, lines, units, revenue in sorted(credited.get(version, [(None, 0, 0, 0)])):
            rows.append(
                CurationRow(
                    model_version=version,
                    impressions=impressions,
                    clicks=clicks,
                    click_through_rate=ratio(clicks, impressions),
                    currency=currency,
                    attributed_lines=lines,
                    attributed_units=units,
                    attributed_revenue_minor=revenue,
                )
            )
    return rows


async def questionnaire(session: AsyncSession, f: Filter) -> list[QuestionnaireRow]:
    """Starts are not published, so the rate is completions per visitor: distinct
    customers who completed a questionnaire / distinct visitors in the range."""
    done = fact_questionnaire
    scope: list[ColumnElement[bool]] = [done.c.day.between(f.date_from, f.date_to)]
    if f.category:
        scope.append(
            or_(done.c.questionnaire_key == f.category, done.c.questionnaire_key.not_in(CATEGORIES))
        )
    counts = await funnel_counts(session, f)
    per_key = (
        await session.execute(
            select(
                done.c.questionnaire_key, func.count(), func.count(distinct(done.c.customer_key))
            )
            .where(*scope)
            .group_by(done.c.questionnaire_key)
            .order_by(done.c.questionnaire_key)
        )
    ).all()
    # The funnel's questionnaire step is the same scope: distinct customers who
    # completed one in the range (general questionnaires count for every category).
    total = (sum(int(row[1]) for row in per_key), counts["questionnaire"])
    visitors = counts["visit"]
    rows = [("all", total[0], total[1]), *per_key]
    return [
        QuestionnaireRow(
            questionnaire=key,
            completions=int(completions),
            customers=int(customers),
            visitors=visitors,
            completion_rate=ratio(int(customers), visitors),
        )
        for key, completions, customers in rows
    ]
