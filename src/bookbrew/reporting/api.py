"""Report routes, admin only. Each report answers JSON, or CSV with `?format=csv` or
the same path ending in `.csv`; each takes `from`/`to` (inclusive UTC dates, the last
30 days by default) and an optional `category`."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from bookbrew.contracts.catalog import Category
from bookbrew.platform.deps import AdminDep, RuntimeDep, SessionDep
from bookbrew.platform.problems import Problem
from bookbrew.platform.responses import READ_RESPONSES
from bookbrew.reporting.queries import Filter, behaviour, customers, sales
from bookbrew.reporting.schemas import (
    CohortsReport,
    CurationReport,
    CustomersReport,
    FunnelReport,
    Granularity,
    LowStockReport,
    QuestionnaireReport,
    Report,
    SalesReport,
    SellThroughReport,
    TopProductsReport,
)
from bookbrew.reporting.settings import ReportingSettings

reports = APIRouter(prefix="/reports", tags=["reports"])

DEFAULT_DAYS = 30


def _settings(runtime: RuntimeDep) -> ReportingSettings:
    settings = runtime.settings
    assert isinstance(settings, ReportingSettings)
    return settings


SettingsDep = Annotated[ReportingSettings, Depends(_settings)]


def report_filter(
    settings: SettingsDep,
    date_from: Annotated[date | None, Query(alias="from", description="First day")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Last day (inclusive)")] = None,
    category: Category | None = None,
) -> Filter:
    last = date_to or datetime.now(UTC).date()
    first = date_from or last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise Problem(
            400,
            "invalid-date-range",
            f"`from` ({first}) is after `to` ({last}).",
            date_from=str(first),
            date_to=str(last),
        )
    if (last - first).days + 1 > settings.max_range_days:
        raise Problem(
            400,
            "date-range-too-long",
            f"A report covers at most {settings.max_range_days} days.",
            max_days=settings.max_range_days,
        )
    return Filter(first, last, category)


FilterDep = Annotated[Filter, Depends(report_filter)]


def output_format(
    request: Request,
    format: Annotated[Literal["json", "csv"] | None, Query(description="json or csv")] = None,
) -> str:
    if request.url.path.endswith(".csv"):
        if format == "json":
            raise Problem(400, "conflicting-format", "A .csv path answers CSV only.")
        return "csv"
    return format or "json"


FormatDep = Annotated[str, Depends(output_format)]


# A text cell starting with one of these is a formula to a spreadsheet (OWASP "CSV
# injection"): `=HYPERLINK(...)` in a product name would run when the export is opened.
# Text cells are also always quoted, so a line break inside one cannot start a new row
# (whose first cell could then be a formula); numbers are written bare.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: empty for None, numbers as they are (a negative number is
    data, not a formula), text starting like a formula behind a single quote."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv(report: Report) -> str:
    fields = list(report.row_type().model_fields)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(fields)
    for row in report.rows:
        values = row.model_dump(mode="json")
        writer.writerow([csv_cell(values[name]) for name in fields])
    return buffer.getvalue()


def render(report: Report, output: str) -> Response:
    if output == "csv":
        filename = f"{report.name}_{report.date_from}_{report.date_to}.csv"
        return Response(
            to_csv(report),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    return JSONResponse(report.model_dump(mode="json"))


ERRORS: dict[int | str, dict[str, Any]] = {
    status: READ_RESPONSES[status] for status in (400, 422)
} | {401: {"description": "No valid token"}, 403: {"description": "Not an admin"}}


def report_route(path: str, model: type[Report]) -> Callable[[Any], Any]:
    """`/reports/<path>` (JSON or CSV by `format`) and `/reports/<path>.csv`."""

    def register(endpoint: Any) -> Any:
        reports.add_api_route(
            f"/{path}",
            endpoint,
            methods=["GET"],
            response_model=model,
            name=endpoint.__name__,
            responses={**ERRORS, 200: {"content": {"text/csv": {}}}},
        )
        reports.add_api_route(
            f"/{path}.csv",
            endpoint,
            methods=["GET"],
            response_class=Response,
            name=f"{endpoint.__name__}_csv",
            responses={**ERRORS, 200: {"content": {"text/csv": {}}}},
        )
        return endpoint

    return register


@report_route("sales", SalesReport)
async def sales_report(
    _: AdminDep,
    session: SessionDep,
    f: FilterDep,
    output: FormatDep,
    granularity: Granularity = "day",
) -> Response:
    """Revenue, orders, units and average order value per day, ISO week or month."""
    rows = await sales.sales(session, f, granularity)
    return render(
        SalesReport(
            date_from=f.date_from,
            date_to=f.date_to,
            category=f.category,  # type: ignore[arg-type]
            granularity=granularity,
            rows=rows,
        ),
        output,
    )


@report_route("top-products", TopProductsReport)
async def top_products_report(
    _: AdminDep,
    session: SessionDep,
    f: FilterDep,
    output: FormatDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
    by: Literal["revenue", "units"] = "revenue",
) -> Response:
    rows = await sales.top_products(session, f, limit=limit, by=by)
    return render(_report(TopProductsReport, f, rows), output)


@report_route("funnel", FunnelReport)
async def funnel_report(
    _: AdminDep, session: SessionDep, f: FilterDep, output: FormatDep
) -> Response:
    """Visit → questionnaire completed → recommendation clicked → added to cart →
    purchased: distinct customers or visitors per step."""
    return render(_report(FunnelReport, f, await behaviour.funnel(session, f)), output)


@report_route("curation", CurationReport)
async def curation_report(
    _: AdminDep, session: SessionDep, settings: SettingsDep, f: FilterDep, output: FormatDep
) -> Response:
    """Impressions, clicks, click-through rate and attributed revenue per model version."""
    rows = await behaviour.curation(session, f)
    report = _report(
        CurationReport, f, rows, attribution_window_days=settings.attribution_window_days
    )
    return render(report, output)


@report_route("questionnaire", QuestionnaireReport)
async def questionnaire_report(
    _: AdminDep, session: SessionDep, f: FilterDep, output: FormatDep
) -> Response:
    """Completions, and completing customers per visitor (starts are not published)."""
    rows = await behaviour.questionnaire(session, f)
    return render(_report(QuestionnaireReport, f, rows), output)


@report_route("customers", CustomersReport)
async def customers_report(
    _: AdminDep, session: SessionDep, f: FilterDep, output: FormatDep
) -> Response:
    """Sign-ups, new and returning customers per month."""
    return render(_report(CustomersReport, f, await customers.customers(session, f)), output)


@report_route("cohorts", CohortsReport)
async def cohorts_report(
    _: AdminDep, session: SessionDep, f: FilterDep, output: FormatDep
) -> Response:
    """Monthly cohorts (by first order) and their retention matrix, in long form."""
    return render(_report(CohortsReport, f, await customers.cohorts(session, f)), output)


@report_route("low-stock", LowStockReport)
async def low_stock_report(
    _: AdminDep,
    session: SessionDep,
    settings: SettingsDep,
    f: FilterDep,
    output: FormatDep,
    threshold: Annotated[int | None, Query(ge=0, le=1_000_000)] = None,
) -> Response:
    """Listed products at or under the stock threshold, with units sold in the range."""
    limit = settings.low_stock_threshold if threshold is None else threshold
    rows = await sales.low_stock(session, f, limit)
    return render(_report(LowStockReport, f, rows, threshold=limit), output)


@report_route("sell-through", SellThroughReport)
async def sell_through_report(
    _: AdminDep, session: SessionDep, f: FilterDep, output: FormatDep
) -> Response:
    """Units sold in the range / (units sold + current stock), per listed product."""
    return render(_report(SellThroughReport, f, await sales.sell_through(session, f)), output)


def _report(model: type[Report], f: Filter, rows: list[Any], **extra: Any) -> Report:
    return model(
        date_from=f.date_from,
        date_to=f.date_to,
        category=f.category,  # type: ignore[arg-type]
        rows=rows,
        **extra,
    )
