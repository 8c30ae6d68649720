"""funnel reach rollups and covering indexes

Exact distinct visitors over any range as sums: each visitor's active days per funnel
step and report scope with the previous active day (`agg_funnel_visitor_day`), counted
per day and per month (`agg_funnel_reach_*`), filled here from `agg_funnel_daily`.
Covering indexes for the product rollups by category and the questionnaire report.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 19:50:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The categories (contracts.catalog.CATEGORIES) when this revision was written; a
# category added later gets its scope from the service's next rebuild.
CATEGORIES = ("book", "perfume", "coffee", "beverage")
ALL = "*"
NEVER = "1000-01-01"


def upgrade() -> None:
    key = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    op.create_table(
        "agg_funnel_visitor_day",
        sa.Column("visitor_key", key, nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("prev_day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint(
            "visitor_key", "step", "scope", "day", name=op.f("pk_agg_funnel_visitor_day")
        ),
    )
    with op.batch_alter_table("agg_funnel_visitor_day", schema=None) as batch_op:
        batch_op.create_index(
            "ix_agg_funnel_visitor_day_scope_day",
            ["scope", "day", "step", "prev_day"],
            unique=False,
        )

    op.create_table(
        "agg_funnel_reach_daily",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("prev_day", sa.Date(), nullable=False),
        sa.Column("visitors", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "scope", "day", "step", "prev_day", name=op.f("pk_agg_funnel_reach_daily")
        ),
    )
    with op.batch_alter_table("agg_funnel_reach_daily", schema=None) as batch_op:
        batch_op.create_index(
            "ix_agg_funnel_reach_daily_scope_step_prev_day",
            ["scope", "step", "prev_day", "day"],
            unique=False,
        )

    op.create_table(
        "agg_funnel_reach_monthly",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("step", sa.String(length=16), nullable=False),
        sa.Column("prev_day", sa.Date(), nullable=False),
        sa.Column("visitors", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "scope", "month", "step", "prev_day", name=op.f("pk_agg_funnel_reach_monthly")
        ),
    )
    with op.batch_alter_table("agg_funnel_daily", schema=None) as batch_op:
        batch_op.create_index(
            "ix_agg_funnel_daily_visitor_key_step",
            ["visitor_key", "step", "day", "category"],
            unique=False,
        )
    with op.batch_alter_table("agg_product_daily", schema=None) as batch_op:
        batch_op.drop_index("ix_agg_product_daily_category_day")
        batch_op.create_index(
            "ix_agg_product_daily_category_day_totals",
            ["category", "day", "sku", "currency", "orders", "units", "revenue_minor"],
            unique=False,
        )
    with op.batch_alter_table("agg_product_monthly", schema=None) as batch_op:
        batch_op.drop_index("ix_agg_product_monthly_category_month")
        batch_op.create_index(
            "ix_agg_product_monthly_category_month_totals",
            ["category", "month", "sku", "currency", "orders", "units", "revenue_minor"],
            unique=False,
        )
    with op.batch_alter_table("fact_questionnaire", schema=None) as batch_op:
        batch_op.create_index(
            "ix_fact_questionnaire_day_key_customer",
            ["day", "questionnaire_key", "customer_key"],
            unique=False,
        )

    # Backfill from the per-day visitor sets (what service/reach.rebuild does).
    scoped = " UNION ALL ".join(
        [
            f"SELECT DISTINCT visitor_key, step, '{ALL}' AS scope, day FROM agg_funnel_daily",
            *(
                f"SELECT DISTINCT visitor_key, step, '{category}', day FROM agg_funnel_daily"
                f" WHERE category IN ('{category}', '{ALL}')"
                for category in CATEGORIES
            ),
        ]
    )
    op.execute(
        "INSERT INTO agg_funnel_visitor_day (visitor_key, step, scope, day, prev_day) "
        "SELECT visitor_key, step, scope, day, COALESCE(LAG(day) OVER "
        f"(PARTITION BY visitor_key, step, scope ORDER BY day), '{NEVER}') "
        f"FROM ({scoped}) AS scoped"
    )
    op.execute(
        "INSERT INTO agg_funnel_reach_daily (scope, day, step, prev_day, visitors) "
        "SELECT scope, day, step, prev_day, COUNT(*) FROM agg_funnel_visitor_day "
        "GROUP BY scope, day, step, prev_day"
    )
    op.execute(
        "INSERT INTO agg_funnel_reach_monthly (scope, month, step, prev_day, visitors) "
        "SELECT r.scope, d.month, r.step, r.prev_day, SUM(r.visitors) "
        "FROM agg_funnel_reach_daily AS r JOIN dim_date AS d ON d.day = r.day "
        "GROUP BY r.scope, d.month, r.step, r.prev_day"
    )


def downgrade() -> None:
    with op.batch_alter_table("fact_questionnaire", schema=None) as batch_op:
        batch_op.drop_index("ix_fact_questionnaire_day_key_customer")
    with op.batch_alter_table("agg_product_monthly", schema=None) as batch_op:
        batch_op.drop_index("ix_agg_product_monthly_category_month_totals")
        batch_op.create_index(
            "ix_agg_product_monthly_category_month", ["category", "month"], unique=False
        )
    with op.batch_alter_table("agg_product_daily", schema=None) as batch_op:
        batch_op.drop_index("ix_agg_product_daily_category_day_totals")
        batch_op.create_index(
            "ix_agg_product_daily_category_day", ["category", "day"], unique=False
        )
    with op.batch_alter_table("agg_funnel_daily", schema=None) as batch_op:
        batch_op.drop_index("ix_agg_funnel_daily_visitor_key_step")
    op.drop_table("agg_funnel_reach_monthly")
    with op.batch_alter_table("agg_funnel_reach_daily", schema=None) as batch_op:
        batch_op.drop_index("ix_agg_funnel_reach_daily_scope_step_prev_day")
    op.drop_table("agg_funnel_reach_daily")
    with op.batch_alter_table("agg_funnel_visitor_day", schema=None) as batch_op:
        batch_op.drop_index("ix_agg_funnel_visitor_day_scope_day")
    op.drop_table("agg_funnel_visitor_day")
