"""Customers: new vs returning per month, and monthly cohorts with their retention.

A customer's cohort is the month of their first counted order (in the category, when
one is given); they are "new" in that month and "returning" in every later month with
a counted order. Sign-ups come from `customer.registered` and ignore the category."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.reporting.models import ALL, agg_cohort, dim_customer
from bookbrew.reporting.periods import month_of, months_between, next_month
from bookbrew.reporting.queries import Filter, ratio
from bookbrew.reporting.schemas import CohortRow, CustomersRow


async def _cohort_cells(
    session: AsyncSession, f: Filter, *, cohorts_in_range: bool
) -> list[tuple[date, date, int]]:
    first, last = month_of(f.date_from), month_of(f.date_to)
    query = select(agg_cohort.c.cohort_month, agg_cohort.c.month, agg_cohort.c.customers).where(
        agg_cohort.c.category == (f.category or ALL), agg_cohort.c.month.between(first, last)
    )
    if cohorts_in_range:
        query = query.where(agg_cohort.c.cohort_month >= first)
    return [(c, m, int(n)) for c, m, n in await session.execute(query)]


async def customers(session: AsyncSession, f: Filter) -> list[CustomersRow]:
    first, last = month_of(f.date_from), month_of(f.date_to)
    registered = {
        month: int(n)
        for month, n in await session.execute(
            select(dim_customer.c.registered_month, func.count())
            .where(dim_customer.c.registered_month.between(first, last))
            .group_by(dim_customer.c.registered_month)
        )
    }
    new: dict[date, int] = {}
    returning: dict[date, int] = {}
    for cohort, month, count in await _cohort_cells(session, f, cohorts_in_range=False):
        target = new if cohort == month else returning
        target[month] = target.get(month, 0) + count
    rows, month = [], first
    while month <= last:
        rows.append(
            CustomersRow(
                month=month,
                registered=registered.get(month, 0),
                new=new.get(month, 0),
                returning=returning.get(month, 0),
                active=new.get(month, 0) + returning.get(month, 0),
            )
        )
        month = next_month(month)
    return rows


async def cohorts(session: AsyncSession, f: Filter) -> list[CohortRow]:
    """The retention matrix in long form: for each cohort starting in the range, the
    customers active k months later, up to the end of the range (zeros included)."""
    last = month_of(f.date_to)
    cells = {(c, m): n for c, m, n in await _cohort_cells(session, f, cohorts_in_range=True)}
    rows = []
    for cohort in sorted({c for c, _ in cells}):
        size = cells.get((cohort, cohort), 0)
        month = cohort
        while month <= last:
            count = cells.get((cohort, month), 0)
            rows.append(
                CohortRow(
                    cohort_month=cohort,
                    months_since_first=months_between(cohort, month),
                    customers=count,
                    cohort_size=size,
                    retention=ratio(count, size) or 0.0,
                )
            )
            month = next_month(month)
    return rows
