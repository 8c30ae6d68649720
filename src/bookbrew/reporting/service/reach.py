"""Exact distinct visitors over any date range, kept as sums (see models: the
`agg_funnel_visitor_day` chain and the `agg_funnel_reach_*` rollups).

Everything here is recomputed from `agg_funnel_daily`, never incremented: a visitor's
chain is rebuilt from all their active days whenever one of their days changed, and
each rollup row touched by a changed chain row is recounted from the level below. So
redelivered, late and shuffled events end in the same rows as a rebuild."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Date, and_, delete, func, insert, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bookbrew.contracts.catalog import CATEGORIES
from bookbrew.reporting.models import (
    ALL,
    NEVER,
    agg_funnel_daily,
    agg_funnel_reach_daily,
    agg_funnel_reach_monthly,
    agg_funnel_visitor_day,
    dim_date,
)
from bookbrew.reporting.periods import month_of, next_month

SCOPES = (ALL, *CATEGORIES)
CHUNK = 200  # keys per statement

# (visitor_key, step, scope, day, prev_day)
ChainRow = tuple[int, str, str, date, date]
T = TypeVar("T")


def scopes_of(category: str) -> tuple[str, ...]:
    """The report scopes an `agg_funnel_daily` row of this category counts in."""
    if category == ALL:
        return SCOPES
    return (ALL, category) if category in CATEGORIES else (ALL,)


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _any_row(columns: Sequence[Any], rows: Iterable[Sequence[Any]]) -> ColumnElement[bool]:
    """`columns` equal one of `rows` (an OR of ANDs: row-value IN is not portable)."""
    return or_(*(and_(*(c == v for c, v in zip(columns, row, strict=True))) for row in rows))


async def funnel_rows(session: AsyncSession, days: Collection[date]) -> set[tuple[Any, ...]]:
    """The per-day visitor sets of these days (to see which visitors a refresh changed)."""
    funnel = agg_funnel_daily
    rows = await session.execute(
        select(funnel.c.visitor_key, funnel.c.step, funnel.c.category, funnel.c.day).where(
            funnel.c.day.in_(sorted(days))
        )
    )
    return {tuple(row) for row in rows}


def chains(rows: Iterable[tuple[int, str, str, date]]) -> set[ChainRow]:
    """(visitor, step, category, day) rows → each scope's active days with the previous one."""
    days: dict[tuple[int, str, str], set[date]] = defaultdict(set)
    for visitor, step, category, day in rows:
        for scope in scopes_of(category):
            days[(visitor, step, scope)].add(day)
    result: set[ChainRow] = set()
    for (visitor, step, scope), active in days.items():
        previous = NEVER
        for day in sorted(active):
            result.add((visitor, step, scope, day, previous))
            previous = day
    return result


async def refresh_visitors(session: AsyncSession, pairs: Collection[tuple[int, str]]) -> None:
    """Rebuild the chains of these (visitor, step) pairs and recount the rollup rows
    whose (scope, day, step, previous day) a chain row left or joined."""
    if not pairs:
        return
    funnel, chain = agg_funnel_daily, agg_funnel_visitor_day
    wanted = set(pairs)
    visitors = sorted({visitor for visitor, _ in wanted})
    current: list[tuple[int, str, str, date]] = []
    old: set[ChainRow] = set()
    for chunk in _chunks(visitors):
        found = await session.execute(
            select(funnel.c.visitor_key, funnel.c.step, funnel.c.category, funnel.c.day).where(
                funnel.c.visitor_key.in_(chunk)
            )
        )
        current.extend(row for row in found if (row[0], row[1]) in wanted)
        kept = await session.execute(
            select(chain.c.visitor_key, chain.c.step, chain.c.scope, chain.c.day, chain.c.prev_day)
            .where(chain.c.visitor_key.in_(chunk))
            .with_for_update()
        )
        old.update(row for row in kept if (row[0], row[1]) in wanted)
    new = chains(current)
    gone, came = sorted(old - new), sorted(new - old)
    for chunk_gone in _chunks(gone):
        await session.execute(
            delete(chain).where(
                _any_row(
                    (chain.c.visitor_key, chain.c.step, chain.c.scope, chain.c.day),
                    (row[:4] for row in chunk_gone),
                )
            )
        )
    if came:
        columns = ("visitor_key", "step", "scope", "day", "prev_day")
        await session.execute(insert(chain), [dict(zip(columns, row, strict=True)) for row in came])
    await _recount(session, {(scope, day, step, prev) for _, step, scope, day, prev in gone + came})


async def _recount(session: AsyncSession, keys: set[tuple[str, date, str, date]]) -> None:
    chain, daily, monthly = agg_funnel_visitor_day, agg_funnel_reach_daily, agg_funnel_reach_monthly
    for chunk in _chunks(sorted(keys)):
        await session.execute(
            delete(daily).where(
                _any_row((daily.c.scope, daily.c.day, daily.c.step, daily.c.prev_day), chunk)
            )
        )
        query = (
            select(chain.c.scope, chain.c.day, chain.c.step, chain.c.prev_day, func.count())
            .where(_any_row((chain.c.scope, chain.c.day, chain.c.step, chain.c.prev_day), chunk))
            .group_by(chain.c.scope, chain.c.day, chain.c.step, chain.c.prev_day)
        )
        await session.execute(
            insert(daily).from_select(["scope", "day", "step", "prev_day", "visitors"], query)
        )
    months = sorted({(scope, month_of(day), step, prev) for scope, day, step, prev in keys})
    for chunk_months in _chunks(months):
        await session.execute(
            delete(monthly).where(
                _any_row(
                    (monthly.c.scope, monthly.c.month, monthly.c.step, monthly.c.prev_day),
                    chunk_months,
                )
            )
        )
        query = (
            select(daily.c.scope, dim_date.c.month, daily.c.step, daily.c.prev_day)
            .add_columns(func.sum(daily.c.visitors))
            .select_from(daily.join(dim_date, dim_date.c.day == daily.c.day))
            .where(
                or_(
                    *(
                        and_(
                            daily.c.scope == scope,
                            daily.c.step == step,
                            daily.c.prev_day == prev,
                            daily.c.day >= month,
                            daily.c.day < next_month(month),
                        )
                        for scope, month, step, prev in chunk_months
                    )
                )
            )
            .group_by(daily.c.scope, dim_date.c.month, daily.c.step, daily.c.prev_day)
        )
        await session.execute(
            insert(monthly).from_select(["scope", "month", "step", "prev_day", "visitors"], query)
        )


async def rebuild(session: AsyncSession) -> None:
    """Every chain and reach rollup from `agg_funnel_daily` (window functions)."""
    funnel, chain = agg_funnel_daily, agg_funnel_visitor_day
    daily, monthly = agg_funnel_reach_daily, agg_funnel_reach_monthly
    for table in (monthly, daily, chain):
        await session.execute(delete(table))
    parts = [
        select(
            funnel.c.visitor_key, funnel.c.step, literal(ALL).label("scope"), funnel.c.day
        ).distinct()
    ]
    for category in CATEGORIES:
        parts.append(
            select(funnel.c.visitor_key, funnel.c.step, literal(category), funnel.c.day)
            .where(funnel.c.category.in_((category, ALL)))
            .distinct()
        )
    scoped = union_all(*parts).subquery("scoped")
    previous = func.lag(scoped.c.day).over(
        partition_by=(scoped.c.visitor_key, scoped.c.step, scoped.c.scope), order_by=scoped.c.day
    )
    await session.execute(
        insert(chain).from_select(
            ["visitor_key", "step", "scope", "day", "prev_day"],
            select(
                scoped.c.visitor_key,
                scoped.c.step,
                scoped.c.scope,
                scoped.c.day,
                func.coalesce(previous, literal(NEVER, Date)),
            ),
        )
    )
    await session.execute(
        insert(daily).from_select(
            ["scope", "day", "step", "prev_day", "visitors"],
            select(
                chain.c.scope, chain.c.day, chain.c.step, chain.c.prev_day, func.count()
            ).group_by(chain.c.scope, chain.c.day, chain.c.step, chain.c.prev_day),
        )
    )
    await session.execute(
        insert(monthly).from_select(
            ["scope", "month", "step", "prev_day", "visitors"],
            select(
                daily.c.scope,
                dim_date.c.month,
                daily.c.step,
                daily.c.prev_day,
                func.sum(daily.c.visitors),
            )
            .select_from(daily.join(dim_date, dim_date.c.day == daily.c.day))
            .group_by(daily.c.scope, dim_date.c.month, daily.c.step, daily.c.prev_day),
        )
    )
