"""product weekly and year-to-date rollups

Top products over any range in a few rows per SKU: whole months as differences of
year-to-date running totals (`agg_product_year_to_date`, one row per series and month
from its first month with sales in the year to December), the odd days around them as
whole ISO weeks (`agg_product_weekly`) plus single days. Filled here from
`agg_product_daily`, which gets a (sku, day) index for the consumers' per-SKU
refreshes. `agg_product_monthly` is no longer read: dropped (the downgrade rebuilds it).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 20:20:00.000000
"""

from datetime import date
from itertools import groupby

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TOTALS = ("orders", "units", "revenue_minor")


def _create(name: str, period: str) -> None:
    op.create_table(
        name,
        sa.Column(period, sa.Date(), nullable=False),
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("revenue_minor", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(period, "sku", "currency", "category", name=op.f(f"pk_{name}")),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(
            f"ix_{name}_category_{period}_totals",
            ["category", period, "sku", "currency", *TOTALS],
            unique=False,
        )


def upgrade() -> None:
    with op.batch_alter_table("agg_product_daily", schema=None) as batch_op:
        batch_op.create_index("ix_agg_product_daily_sku_day", ["sku", "day"], unique=False)
    with op.batch_alter_table("agg_product_monthly", schema=None) as batch_op:
        batch_op.drop_index("ix_agg_product_monthly_category_month_totals")
    op.drop_table("agg_product_monthly")
    _create("agg_product_weekly", "week")
    _create("agg_product_year_to_date", "month")

    # Backfill (what service/rollups.refresh_products does on a rebuild).
    op.execute(
        "INSERT INTO agg_product_weekly "
        "(week, sku, currency, category, orders, units, revenue_minor) "
        "SELECT d.week, p.sku, p.currency, p.category, "
        "SUM(p.orders), SUM(p.units), SUM(p.revenue_minor) "
        "FROM agg_product_daily AS p JOIN dim_date AS d ON d.day = p.day "
        "GROUP BY d.week, p.sku, p.currency, p.category"
    )

    rows = op.get_bind().execute(
        sa.text(
            "SELECT p.sku, p.currency, p.category, d.month, "
            "SUM(p.orders), SUM(p.units), SUM(p.revenue_minor) "
            "FROM agg_product_daily AS p JOIN dim_date AS d ON d.day = p.day "
            "GROUP BY p.sku, p.currency, p.category, d.month "
            "ORDER BY p.sku, p.currency, p.category, d.month"
        ).columns(
            *(sa.column(name, sa.String()) for name in ("sku", "currency", "category")),
            sa.column("month", sa.Date()),
        )
    )
    running: list[dict[str, object]] = []
    for (sku, currency, category, year), series in groupby(
        rows, key=lambda row: (*row[:3], row[3].year)
    ):
        sums = {row[3]: tuple(int(n) for n in row[4:]) for row in series}
        totals = (0, 0, 0)
        for number in range(min(sums).month, 13):
            month = date(year, number, 1)
            totals = tuple(a + b for a, b in zip(totals, sums.get(month, (0, 0, 0)), strict=True))
            running.append(
                {"month": month, "sku": sku, "currency": currency, "category": category}
                | dict(zip(TOTALS, totals, strict=True))
            )
    to_date = sa.table(
        "agg_product_year_to_date",
        sa.column("month", sa.Date()),
        *(sa.column(name) for name in ("sku", "currency", "category", *TOTALS)),
    )
    for start in range(0, len(running), 5000):
        op.get_bind().execute(sa.insert(to_date), running[start : start + 5000])


def downgrade() -> None:
    for name, period in (("agg_product_year_to_date", "month"), ("agg_product_weekly", "week")):
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{name}_category_{period}_totals")
        op.drop_table(name)
    op.create_table(
        "agg_product_monthly",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("sku", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("orders", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("revenue_minor", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("month", "sku", "currency", name=op.f("pk_agg_product_monthly")),
    )
    with op.batch_alter_table("agg_product_monthly", schema=None) as batch_op:
        batch_op.create_index(
            "ix_agg_product_monthly_category_month_totals",
            ["category", "month", "sku", "currency", *TOTALS],
            unique=False,
        )
    op.execute(
        "INSERT INTO agg_product_monthly "
        "(month, sku, currency, category, orders, units, revenue_minor) "
        "SELECT d.month, p.sku, p.currency, MAX(p.category), "
        "SUM(p.orders), SUM(p.units), SUM(p.revenue_minor) "
        "FROM agg_product_daily AS p JOIN dim_date AS d ON d.day = p.day "
        "GROUP BY d.month, p.sku, p.currency"
    )
    with op.batch_alter_table("agg_product_daily", schema=None) as batch_op:
        batch_op.drop_index("ix_agg_product_daily_sku_day")
