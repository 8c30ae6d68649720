"""Sales over time, top products, and inventory (low stock, sell-through)."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import ColumnElement, Subquery, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.reporting.models import (
    ALL,
    agg_product_daily,
    agg_product_weekly,
    agg_product_year_to_date,
    agg_sales_daily,
    dim_date,
    dim_product,
)
from bookbrew.reporting.periods import plan_range
from bookbrew.reporting.queries import Filter, ratio, rounded_division
from bookbrew.reporting.schemas import (
    Granularity,
    LowStockRow,
    SalesRow,
    SellThroughRow,
    TopProductRow,
)


async def sales(session: AsyncSession, f: Filter, granularity: Granularity) -> list[SalesRow]:
    rollup = agg_sales_daily
    period = dim_date.c[granularity]
    rows = await session.execute(
        select(
            period,
            rollup.c.currency,
            func.sum(rollup.c.orders),
            func.sum(rollup.c.units),
            func.sum(rollup.c.revenue_minor),
            func.sum(rollup.c.refunded_minor),
        )
        .select_from(rollup.join(dim_date, dim_date.c.day == rollup.c.day))
        .where(
            rollup.c.category == (f.category or ALL), rollup.c.day.between(f.date_from, f.date_to)
        )
        .group_by(period, rollup.c.currency)
        .order_by(period, rollup.c.currency)
    )
    result = []
    for start, currency, orders, units, revenue, refunded in rows:
        orders, revenue = int(orders), int(revenue)
        refunds = None if f.category else int(refunded)
        result.append(
            SalesRow(
                period=start,
                currency=currency,
                orders=orders,
                units=int(units),
                revenue_minor=revenue,
                refunded_minor=refunds,
                net_revenue_minor=None if refunds is None else revenue - refunds,
                average_order_value_minor=rounded_division(revenue, orders),
            )
        )
    return result


def product_totals(f: Filter, skus: list[str] | None = None) -> Subquery:
    """Orders, units and revenue per SKU and currency in the range: whole months as
    differences of year-to-date rows (a few rows per SKU whatever the range), the odd
    days around them as whole weeks plus single days."""
    plan = plan_range(f.date_from, f.date_to)
    daily, weekly, to_date = agg_product_daily, agg_product_weekly, agg_product_year_to_date
    parts: list[Any] = []

    def part(table: Any, where: ColumnElement[bool], sign: int = 1) -> None:
        query = select(
            table.c.sku,
            table.c.currency,
            table.c.category,
            (table.c.orders * sign).label("orders") if sign < 0 else table.c.orders,
            (table.c.units * sign).label("units") if sign < 0 else table.c.units,
            (table.c.revenue_minor * sign).label("revenue_minor")
            if sign < 0
            else table.c.revenue_minor,
        ).where(where)
        if f.category:
            query = query.where(table.c.category == f.category)
        if skus is not None:
            query = query.where(table.c.sku.in_(skus))
        parts.append(query)

    for low, high in plan.day_ranges:
        part(daily, daily.c.day.between(low, high))
    for low, high in plan.week_ranges:
        part(weekly, weekly.c.week.between(low, high))
    added = sorted(month for month, sign in plan.month_terms if sign > 0)
    if added:
        part(to_date, to_date.c.month.in_(added))
    subtracted = [month for month, sign in plan.month_terms if sign < 0]
    for month in subtracted:
        part(to_date, to_date.c.month == month, -1)
    rows = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("ranged")
    if subtracted:
        # A series (SKU, currency, category) with no sales in the range nets to zero:
        # drop it before taking the SKU's category.
        rows = (
            select(
                rows.c.sku,
                rows.c.currency,
                rows.c.category,
                func.sum(rows.c.orders).label("orders"),
                func.sum(rows.c.units).label("units"),
                func.sum(rows.c.revenue_minor).label("revenue_minor"),
            )
            .group_by(rows.c.sku, rows.c.currency, rows.c.category)
            .having(func.sum(rows.c.orders) != 0)
            .subquery("netted")
        )
    return (
        select(
            rows.c.sku,
            rows.c.currency,
            func.max(rows.c.category).label("category"),
            func.sum(rows.c.orders).label("orders"),
            func.sum(rows.c.units).label("units"),
            func.sum(rows.c.revenue_minor).label("revenue_minor"),
        )
        .group_by(rows.c.sku, rows.c.currency)
        .subquery("totals")
    )


async def top_products(
    session: AsyncSession, f: Filter, *, limit: int, by: Literal["revenue", "units"]
) -> list[TopProductRow]:
    totals = product_totals(f)
    measure = totals.c.revenue_minor if by == "revenue" else totals.c.units
    rows = (
        await session.execute(
            select(totals, dim_product.c.name)
            .select_from(totals.outerjoin(dim_product, dim_product.c.sku == totals.c.sku))
            .order_by(measure.desc(), totals.c.sku, totals.c.currency)
            .limit(limit)
        )
    ).all()
    return [
        TopProductRow(
            rank=rank,
            sku=row.sku,
            name=row.name or row.sku,
            category=row.category,
            currency=row.currency,
            orders=int(row.orders),
            units=int(row.units),
            revenue_minor=int(row.revenue_minor),
        )
        for rank, row in enumerate(rows, start=1)
    ]


async def _units_by_sku(
    session: AsyncSession, f: Filter, skus: list[str] | None = None
) -> dict[str, int]:
    totals = product_totals(f, skus)
    # Summed across currencies here rather than by a second GROUP BY over the derived
    # table (MariaDB materialises each level).
    units: dict[str, int] = {}
    for sku, sold in await session.execute(select(totals.c.sku, totals.c.units)):
        units[sku] = units.get(sku, 0) + int(sold)
    return units


def _listed(f: Filter) -> Any:
    product = dim_product
    query = select(product.c.sku, product.c.name, product.c.category, product.c.stock).where(
        product.c.deleted_at.is_(None), product.c.status.not_in(("draft", "archived"))
    )
    return query.where(product.c.category == f.category) if f.category else query


async def low_stock(session: AsyncSession, f: Filter, threshold: int) -> list[LowStockRow]:
    rows = (
        await session.execute(
            _listed(f)
            .where(dim_product.c.stock.is_not(None), dim_product.c.stock <= threshold)
            .order_by(dim_product.c.stock, dim_product.c.sku)
        )
    ).all()
    sold = await _units_by_sku(session, f, [row.sku for row in rows]) if rows else {}
    return [
        LowStockRow(
            sku=row.sku,
            name=row.name,
            category=row.category,
            stock=row.stock,
            units_sold=sold.get(row.sku, 0),
        )
        for row in rows
    ]


async def sell_through(session: AsyncSession, f: Filter) -> list[SellThroughRow]:
    sold = await _units_by_sku(session, f)
    rows = []
    for row in (await session.execute(_listed(f))).all():
        units = sold.get(row.sku, 0)
        rows.append(
            SellThroughRow(
                sku=row.sku,
                name=row.name,
                category=row.category,
                units_sold=units,
                stock=row.stock,
                sell_through=None if row.stock is None else ratio(units, units + max(row.stock, 0)),
            )
        )
    rows.sort(key=lambda r: (-(r.sell_through or 0.0), -r.units_sold, r.sku))
    return rows
