"""Report shapes. Every report is a header (the filter it answers) and `rows` of one
flat row type, so that the CSV export is the rows with their field names as header."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar, Literal, get_args

from pydantic import BaseModel, Field

from bookbrew.contracts.catalog import Category

Granularity = Literal["day", "week", "month"]


class Report(BaseModel):
    name: ClassVar[str]
    date_from: date
    date_to: date
    category: Category | None = None
    rows: list[Any]

    @classmethod
    def row_type(cls) -> type[BaseModel]:
        (row,) = get_args(cls.model_fields["rows"].annotation)
        return row  # type: ignore[no-any-return]


class SalesRow(BaseModel):
    period: date = Field(description="First day of the day, ISO week (Monday) or month")
    currency: str
    orders: int = Field(description="Counted orders (with a line in the category, if given)")
    units: int
    revenue_minor: int
    refunded_minor: int | None = Field(description="Order-level; null with a category filter")
    net_revenue_minor: int | None
    average_order_value_minor: int = Field(description="revenue / orders, rounded half up")


class SalesReport(Report):
    name = "sales"
    granularity: Granularity
    rows: list[SalesRow]


class TopProductRow(BaseModel):
    rank: int
    sku: str
    name: str
    category: str
    currency: str
    orders: int
    units: int
    revenue_minor: int


class TopProductsReport(Report):
    name = "top-products"
    rows: list[TopProductRow]


class FunnelRow(BaseModel):
    step: str
    visitors: int = Field(description="Distinct customers or visitors with this step in range")
    rate_from_previous: float | None
    rate_from_first: float | None


class FunnelReport(Report):
    name = "funnel"
    rows: list[FunnelRow]


class CurationRow(BaseModel):
    model_version: str
    impressions: int
    clicks: int
    click_through_rate: float | None
    currency: str | None
    attributed_lines: int
    attributed_units: int
    attributed_revenue_minor: int


class CurationReport(Report):
    name = "curation"
    attribution_window_days: int
    rows: list[CurationRow]


class QuestionnaireRow(BaseModel):
    questionnaire: str = Field(description="Questionnaire key, or 'all'")
    completions: int
    customers: int = Field(description="Distinct customers who completed it")
    visitors: int = Field(description="Distinct visitors in range (the funnel's first step)")
    completion_rate: float | None = Field(description="customers / visitors")


class QuestionnaireReport(Report):
    name = "questionnaire"
    rows: list[QuestionnaireRow]


class CustomersRow(BaseModel):
    month: date
    registered: int = Field(description="Sign-ups (not filtered by category)")
    new: int = Field(description="Customers whose first counted order is in this month")
    returning: int = Field(description="Customers with an order this month and an earlier one")
    active: int


class CustomersReport(Report):
    name = "customers"
    rows: list[CustomersRow]


class CohortRow(BaseModel):
    cohort_month: date
    months_since_first: int
    customers: int
    cohort_size: int
    retention: float


class CohortsReport(Report):
    name = "cohorts"
    rows: list[CohortRow]


class LowStockRow(BaseModel):
    sku: str
    name: str
    category: str
    stock: int
    units_sold: int = Field(description="Units sold in the date range")


class LowStockReport(Report):
    name = "low-stock"
    threshold: int
    rows: list[LowStockRow]


class SellThroughRow(BaseModel):
    sku: str
    name: str
    category: str
    units_sold: int
    stock: int | None
    sell_through: float | None = Field(description="units_sold / (units_sold + stock)")


class SellThroughReport(Report):
    name = "sell-through"
    rows: list[SellThroughRow]
