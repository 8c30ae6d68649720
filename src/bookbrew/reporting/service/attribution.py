"""Which recommendation sold what.

Rule (last touch, impression based): a line of a counted order is credited to the most
recent recommendation list that showed the same SKU to the same customer no more than
the attribution window (`attribution_window_days`, 7 by default) before the order was
confirmed, and not after it. Ties on the time go to the greater recommendation id, so
the choice is deterministic. The credit is the line's revenue on the order's revenue
day; a line is credited at most once, to one model version. Clicks are reported as
clicks but do not decide the credit: not every purchase of a shown item comes through
a tracked click, and lists are what model versions are compared on.

The credit is recomputed whenever one of its inputs changes (the order's state, or a
new list for that customer and SKU), so late impressions and late confirmations end in
the same credit as in-order ones."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.reporting.models import fact_attribution, fact_impression, fact_order, fact_order_line


async def reattribute(
    session: AsyncSession,
    window: timedelta,
    *,
    order_id: str | None = None,
    customer_key: int | None = None,
    skus: list[str] | None = None,
) -> set[date]:
    """Recompute the credit of one order's lines, or of one customer's lines of some
    SKUs; returns the days whose attribution rollup changed."""
    credit, line, shown = fact_attribution, fact_order_line, fact_impression
    if order_id is not None:
        credit_scope: ColumnElement[bool] = credit.c.order_id == order_id
        line_scope: ColumnElement[bool] = line.c.order_id == order_id
    else:
        assert customer_key is not None and skus is not None
        credit_scope = and_(credit.c.customer_key == customer_key, credit.c.sku.in_(skus))
        line_scope = and_(line.c.customer_key == customer_key, line.c.sku.in_(skus))
    days = set((await session.scalars(select(credit.c.day).where(credit_scope).distinct())).all())
    await session.execute(delete(credit).where(credit_scope))
    lines = await session.execute(
        select(line, fact_order.c.confirmed_at)
        .join(fact_order, fact_order.c.order_id == line.c.order_id)
        .where(line_scope, line.c.day.is_not(None))
    )
    credits: list[dict[str, Any]] = []
    for sold in lines:
        best = (
            await session.execute(
                select(shown.c.recommendation_id, shown.c.model_version)
                .where(
                    shown.c.customer_key == sold.customer_key,
                    shown.c.sku == sold.sku,
                    shown.c.shown_at <= sold.confirmed_at,
                    shown.c.shown_at >= sold.confirmed_at - window,
                )
                .order_by(shown.c.shown_at.desc(), shown.c.recommendation_id.desc())
                .limit(1)
            )
        ).first()
        if best is None:
            continue
        credits.append(
            {
                "order_id": sold.order_id,
                "sku": sold.sku,
                "customer_key": sold.customer_key,
                "recommendation_id": best.recommendation_id,
                "model_version": best.model_version,
                "category": sold.category,
                "currency": sold.currency,
                "quantity": sold.quantity,
                "revenue_minor": sold.revenue_minor,
                "day": sold.day,
            }
        )
    if credits:
        await session.execute(insert(credit), credits)
    return days | {row["day"] for row in credits}
