"""Reporting tables: a small star schema fed by events, and daily rollups derived from it.

Facts and dimensions are written by the consumers with order-independent upserts keyed
by the events' natural ids, so redelivered, late and shuffled events end in the same
rows. Rollups (`agg_*`) are never incremented: they are recomputed from the facts for
each day (month, cohort) an event touched, so they are a pure function of the facts.
Reports read the rollups with GROUP BY over their leading key columns."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Index,
    Integer,
    String,
    Table,
)

from bookbrew.platform.db import UtcDateTime, new_metadata
from bookbrew.platform.events.outbox import inbox_table

metadata = new_metadata()

Key = BigInteger().with_variant(Integer, "sqlite")
Money = BigInteger

# Rollup rows for "every category" use this instead of a product category.
ALL = "*"
# An interaction for a SKU the product dimension does not know yet.
UNKNOWN = "unknown"
# The "previous active day" of a visitor's first active day (before every real day).
NEVER = date(1000, 1, 1)

# ---- dimensions ----------------------------------------------------------------------

dim_date = Table(
    "dim_date",
    metadata,
    Column("day", Date, primary_key=True),
    Column("week", Date, nullable=False, index=True),  # Monday of the ISO week
    Column("month", Date, nullable=False, index=True),  # first day of the month
    Column("year", Integer, nullable=False),
)

dim_product = Table(
    "dim_product",
    metadata,
    Column("sku", String(32), primary_key=True),
    Column("name", String(300), nullable=False),
    Column("category", String(16), nullable=False, index=True),
    Column("price_minor", Money, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("stock", Integer, nullable=True),  # unknown until the catalog tells us
    Column("status", String(16), nullable=False),
    # Catalog version of the applied ProductChanged; 0 for a placeholder made from an
    # order line, so any real change replaces it and older ones are ignored.
    Column("version", Integer, nullable=False),
    Column("stock_at", UtcDateTime(), nullable=True),  # event time of the stock figure
    Column("deleted_at", UtcDateTime(), nullable=True),
)

dim_customer = Table(
    "dim_customer",
    metadata,
    Column("customer_key", Key, primary_key=True, autoincrement=True),
    # Keyed hash (HMAC-SHA256) of the customer or visitor id: events find their row by
    # it, and it stays after erasure so late events join the anonymous row instead of
    # bringing the person back.
    Column("customer_ref", String(64), nullable=False, unique=True),
    Column("customer_id", String(64), nullable=True),  # dropped on customer.erased
    Column("kind", String(8), nullable=False),  # "customer" | "visitor"
    Column("registered_at", UtcDateTime(), nullable=True),
    Column("registered_month", Date, nullable=True, index=True),
    Column("erased_at", UtcDateTime(), nullable=True),
)

# ---- facts ---------------------------------------------------------------------------

fact_order = Table(
    "fact_order",
    metadata,
    Column("order_id", String(64), primary_key=True),
    Column("customer_key", Key, nullable=False, index=True),
    Column("currency", String(3), nullable=False),
    Column("placed_at", UtcDateTime(), nullable=True),
    # Earliest confirmed/shipped/delivered time seen: the confirmation time once
    # `order.confirmed` arrives, a stand-in while only a later step has.
    Column("confirmed_at", UtcDateTime(), nullable=True),
    Column("cancelled_at", UtcDateTime(), nullable=True),  # cancelled or failed
    Column("status", String(16), nullable=False),  # latest by event time
    Column("status_at", UtcDateTime(), nullable=False),
    # Day the revenue is recognised on; NULL while the order does not count.
    Column("day", Date, nullable=True, index=True),
)

fact_order_line = Table(
    "fact_order_line",
    metadata,
    Column("order_id", String(64), primary_key=True),
    Column("sku", String(32), primary_key=True),
    Column("customer_key", Key, nullable=False, index=True),
    Column("category", String(16), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("unit_price_minor", Money, nullable=False),
    Column("revenue_minor", Money, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("day", Date, nullable=True),  # the order's recognised day; NULL if not counted
    Index("ix_fact_order_line_day_category", "day", "category"),
    Index("ix_fact_order_line_sku_day", "sku", "day"),
)

fact_payment = Table(
    "fact_payment",
    metadata,
    Column("payment_id", String(64), primary_key=True),
    Column("order_id", String(64), nullable=False, index=True),
    Column("customer_key", Key, nullable=True),
    Column("amount_minor", Money, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("succeeded_at", UtcDateTime(), nullable=True),
    Column("failed_at", UtcDateTime(), nullable=True),
    # Payment events carry the total refunded so far, so the largest one seen is right
    # whatever order they arrive in.
    Column("refunded_minor", Money, nullable=False),
    Column("provider", String(32), nullable=False),
)

fact_interaction = Table(
    "fact_interaction",
    metadata,
    Column("event_id", String(64), primary_key=True),
    Column("visitor_key", Key, nullable=False),
    Column("is_customer", Boolean, nullable=False),
    Column("sku", String(32), nullable=False, index=True),
    Column("category", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("recommendation_id", String(64), nullable=True),
    Column("model_version", String(64), nullable=True),
    Column("occurred_at", UtcDateTime(), nullable=False),
    Column("day", Date, nullable=False, index=True),
)

fact_impression = Table(
    "fact_impression",
    metadata,
    Column("recommendation_id", String(64), primary_key=True),
    Column("sku", String(32), primary_key=True),
    Column("customer_key", Key, nullable=False),
    Column("model_version", String(64), nullable=False),
    Column("category", String(16), nullable=False),
    Column("shown_at", UtcDateTime(), nullable=False),
    Column("day", Date, nullable=False, index=True),
    Index("ix_fact_impression_customer_key_sku_shown_at", "customer_key", "sku", "shown_at"),
    Index("ix_fact_impression_sku", "sku"),
)

fact_questionnaire = Table(
    "fact_questionnaire",
    metadata,
    Column("response_id", String(64), primary_key=True),
    Column("customer_key", Key, nullable=False),
    Column("questionnaire_key", String(32), nullable=False),
    Column("completed_at", UtcDateTime(), nullable=False),
    Column("day", Date, nullable=False, index=True),
    # Covers the questionnaire report (completions and customers per key over a range).
    Index("ix_fact_questionnaire_day_key_customer", "day", "questionnaire_key", "customer_key"),
)

# One row per counted order line credited to a recommendation (see service/attribution).
fact_attribution = Table(
    "fact_attribution",
    metadata,
    Column("order_id", String(64), primary_key=True),
    Column("sku", String(32), primary_key=True),
    Column("customer_key", Key, nullable=False),
    Column("recommendation_id", String(64), nullable=False),
    Column("model_version", String(64), nullable=False),
    Column("category", String(16), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("revenue_minor", Money, nullable=False),
    Column("day", Date, nullable=False, index=True),
)

# ---- rollups -------------------------------------------------------------------------

agg_sales_daily = Table(
    "agg_sales_daily",
    metadata,
    Column("day", Date, primary_key=True),
    Column("category", String(16), primary_key=True),  # or ALL
    Column("currency", String(3), primary_key=True),
    Column("orders", Integer, nullable=False),  # orders with a line in the category
    Column("units", Integer, nullable=False),
    Column("revenue_minor", Money, nullable=False),
    Column("refunded_minor", Money, nullable=False),  # order-level: ALL rows only
    Index("ix_agg_sales_daily_category_day", "category", "day"),
)

agg_product_daily = Table(
    "agg_product_daily",
    metadata,
    Column("day", Date, primary_key=True),
    Column("sku", String(32), primary_key=True),
    Column("currency", String(3), primary_key=True),
    Column("category", String(16), nullable=False),
    Column("orders", Integer, nullable=False),
    Column("units", Integer, nullable=False),
    Column("revenue_minor", Money, nullable=False),
    # Covering: a category's rows for a range without reading the table.
    Index(
        "ix_agg_product_daily_category_day_totals",
        "category",
        "day",
        "sku",
        "currency",
        "orders",
        "units",
        "revenue_minor",
    ),
    # The rows of a few SKUs (the year-to-date rows of the SKUs an event changed).
    Index("ix_agg_product_daily_sku_day", "sku", "day"),
)

# Per ISO week (Monday), keyed by the daily rows' category: the whole weeks of the odd
# days around a range's whole months.
agg_product_weekly = Table(
    "agg_product_weekly",
    metadata,
    Column("week", Date, primary_key=True),
    Column("sku", String(32), primary_key=True),
    Column("currency", String(3), primary_key=True),
    Column("category", String(16), primary_key=True),
    Column("orders", Integer, nullable=False),
    Column("units", Integer, nullable=False),
    Column("revenue_minor", Money, nullable=False),
    Index(
        "ix_agg_product_weekly_category_week_totals",
        "category",
        "week",
        "sku",
        "currency",
        "orders",
        "units",
        "revenue_minor",
    ),
)

# Year-to-date totals through each month, keyed by the daily rows' category, with a
# row for every month from a series' first month with sales in the year to December
# (dense, so a month's totals are one row per SKU). Any run of whole months is then a
# difference of a few such rows per SKU (periods.month_terms), whatever its length.
agg_product_year_to_date = Table(
    "agg_product_year_to_date",
    metadata,
    Column("month", Date, primary_key=True),
    Column("sku", String(32), primary_key=True),
    Column("currency", String(3), primary_key=True),
    Column("category", String(16), primary_key=True),
    Column("orders", Integer, nullable=False),
    Column("units", Integer, nullable=False),
    Column("revenue_minor", Money, nullable=False),
    Index(
        "ix_agg_product_year_to_date_category_month_totals",
        "category",
        "month",
        "sku",
        "currency",
        "orders",
        "units",
        "revenue_minor",
    ),
)

# Distinct visitors per day, funnel step and category (ALL for the questionnaire
# "general", which belongs to every category).
agg_funnel_daily = Table(
    "agg_funnel_daily",
    metadata,
    Column("day", Date, primary_key=True),
    Column("step", String(16), primary_key=True),
    Column("category", String(16), primary_key=True),
    Column("visitor_key", Key, primary_key=True),
    Index("ix_agg_funnel_daily_category_day", "category", "day", "step", "visitor_key"),
    # A visitor's active days per step (to rebuild their chain in agg_funnel_visitor_day).
    Index("ix_agg_funnel_daily_visitor_key_step", "visitor_key", "step", "day", "category"),
)

# Exact distinct visitors over any range without a distinct count: each active day of a
# visitor per funnel step and report scope (ALL: no category filter; a category: its
# rows plus the every-category ones) with the visitor's previous active day in that
# scope (NEVER for the first). The visitors active in [a, b] are exactly the active days
# in [a, b] whose previous active day is before a (each visitor's first day in the
# range), so the count is a sum, which the two rollups below keep per day and per month
# and previous day. All three are recomputed from agg_funnel_daily (service/reach.py).
agg_funnel_visitor_day = Table(
    "agg_funnel_visitor_day",
    metadata,
    Column("visitor_key", Key, primary_key=True),
    Column("step", String(16), primary_key=True),
    Column("scope", String(16), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("prev_day", Date, nullable=False),
    Index("ix_agg_funnel_visitor_day_scope_day", "scope", "day", "step", "prev_day"),
)

agg_funnel_reach_daily = Table(
    "agg_funnel_reach_daily",
    metadata,
    Column("scope", String(16), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("step", String(16), primary_key=True),
    Column("prev_day", Date, primary_key=True),
    Column("visitors", Integer, nullable=False),
    Index("ix_agg_funnel_reach_daily_scope_step_prev_day", "scope", "step", "prev_day", "day"),
)

agg_funnel_reach_monthly = Table(
    "agg_funnel_reach_monthly",
    metadata,
    Column("scope", String(16), primary_key=True),
    Column("month", Date, primary_key=True),
    Column("step", String(16), primary_key=True),
    Column("prev_day", Date, primary_key=True),
    Column("visitors", Integer, nullable=False),
)

agg_curation_daily = Table(
    "agg_curation_daily",
    metadata,
    Column("day", Date, primary_key=True),
    Column("model_version", String(64), primary_key=True),
    Column("category", String(16), primary_key=True),
    Column("impressions", Integer, nullable=False),
    Column("clicks", Integer, nullable=False),
)

agg_attribution_daily = Table(
    "agg_attribution_daily",
    metadata,
    Column("day", Date, primary_key=True),
    Column("model_version", String(64), primary_key=True),
    Column("category", String(16), primary_key=True),
    Column("currency", String(3), primary_key=True),
    Column("lines", Integer, nullable=False),
    Column("units", Integer, nullable=False),
    Column("revenue_minor", Money, nullable=False),
)

# Months in which a customer had a counted order (per category and ALL), with the
# customer's cohort: the month of their first counted order in that category.
agg_customer_month = Table(
    "agg_customer_month",
    metadata,
    Column("customer_key", Key, primary_key=True),
    Column("category", String(16), primary_key=True),
    Column("month", Date, primary_key=True),
    Column("cohort_month", Date, nullable=False),
    Column("orders", Integer, nullable=False),
    Index("ix_agg_customer_month_category_cohort_month", "category", "cohort_month"),
)

agg_cohort = Table(
    "agg_cohort",
    metadata,
    Column("category", String(16), primary_key=True),
    Column("cohort_month", Date, primary_key=True),
    Column("month", Date, primary_key=True),
    Column("customers", Integer, nullable=False),
)

inbox = inbox_table(metadata)

ROLLUPS = (
    agg_sales_daily,
    agg_product_daily,
    agg_product_weekly,
    agg_product_year_to_date,
    agg_funnel_daily,
    agg_funnel_visitor_day,
    agg_funnel_reach_daily,
    agg_funnel_reach_monthly,
    agg_curation_daily,
    agg_attribution_daily,
    agg_customer_month,
    agg_cohort,
)
