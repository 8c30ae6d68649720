"""The charted report: one standalone HTML file (inline SVG charts, no external assets)
with sales, the funnel, curation by model version and the cohort retention matrix.

`write_report(db, path, date_from, date_to)` is what `bookbrew report` calls. Charts
are drawn with matplotlib's object API (no pyplot, so no global backend state)."""

from __future__ import annotations

import asyncio
import html
import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bookbrew.platform.db import Database
from bookbrew.reporting.queries import Filter, behaviour, customers, sales
from bookbrew.reporting.schemas import CohortRow, CurationRow, FunnelRow, SalesRow, TopProductRow

if TYPE_CHECKING:
    from matplotlib.figure import Figure

COLOURS = ("#8c5a3c", "#d9a441", "#4f7cac", "#6a994e", "#b5485d")


def _figure(width: float = 8.0, height: float = 3.2) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]  # drop the XML prolog and DOCTYPE: inline SVG


def _money(minor: int) -> str:
    return f"{minor / 100:,.2f}"


def sales_chart(rows: list[SalesRow]) -> str:
    figure = _figure()
    revenue = figure.add_subplot()
    days = [row.period for row in rows]
    revenue.bar(days, [row.revenue_minor / 100 for row in rows], color=COLOURS[0], label="revenue")
    revenue.set_ylabel("revenue")
    orders = revenue.twinx()
    orders.plot(days, [row.orders for row in rows], color=COLOURS[2], marker=".", label="orders")
    orders.set_ylabel("orders")
    revenue.set_title("Sales per day")
    figure.autofmt_xdate()
    return _svg(figure)


def funnel_chart(rows: list[FunnelRow]) -> str:
    figure = _figure(height=2.8)
    axes = figure.add_subplot()
    labels = [row.step.replace("_", " ") for row in rows][::-1]
    values = [row.visitors for row in rows][::-1]
    bars = axes.barh(labels, values, color=COLOURS[1])
    axes.bar_label(bars, padding=3)
    axes.set_xlabel("distinct customers / visitors")
    axes.set_title("Conversion funnel")
    return _svg(figure)


def curation_chart(rows: list[CurationRow]) -> str:
    figure = _figure()
    ctr, revenue = figure.subplots(1, 2)
    versions = sorted({row.model_version for row in rows})
    by_version = {v: [r for r in rows if r.model_version == v] for v in versions}
    ctr.bar(
        versions,
        [(by_version[v][0].click_through_rate or 0) * 100 for v in versions],
        color=COLOURS[2],
    )
    ctr.set_ylabel("click-through rate (%)")
    ctr.set_title("CTR by model version")
    revenue.bar(
        versions,
        [sum(r.attributed_revenue_minor for r in by_version[v]) / 100 for v in versions],
        color=COLOURS[3],
    )
    revenue.set_title("Attributed revenue")
    for axes in (ctr, revenue):
        axes.tick_params(axis="x", labelrotation=20)
    return _svg(figure)


def cohort_chart(rows: list[CohortRow]) -> str:
    cohorts = sorted({row.cohort_month for row in rows})
    width = max((row.months_since_first for row in rows), default=0) + 1
    matrix = [[float("nan")] * width for _ in cohorts]
    for row in rows:
        matrix[cohorts.index(row.cohort_month)][row.months_since_first] = row.retention * 100
    figure = _figure(height=max(2.2, 0.35 * len(cohorts) + 1.2))
    axes = figure.add_subplot()
    image = axes.imshow(matrix, cmap="YlOrBr", vmin=0, vmax=100, aspect="auto")
    axes.set_yticks(range(len(cohorts)), [c.strftime("%Y-%m") for c in cohorts])
    axes.set_xticks(range(width), [str(k) for k in range(width)])
    axes.set_xlabel("months since first order")
    axes.set_title("Cohort retention (%)")
    for y, line in enumerate(matrix):
        for x, value in enumerate(line):
            if value == value:  # not NaN
                axes.text(x, y, f"{value:.0f}", ha="center", va="center", fontsize=7)
    figure.colorbar(image, ax=axes)
    return _svg(figure)


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _empty(what: str) -> str:
    return f'<p class="empty">No {html.escape(what)} in this period.</p>'


def render_html(
    f: Filter,
    daily: list[SalesRow],
    top: list[TopProductRow],
    funnel: list[FunnelRow],
    curation: list[CurationRow],
    cohorts: list[CohortRow],
) -> str:
    revenue = sum(row.revenue_minor for row in daily)
    orders = sum(row.orders for row in daily)
    currency = daily[0].currency if daily else ""
    summary = _table(
        ["revenue", "orders", "units", "average order value"],
        [
            [
                f"{_money(revenue)} {currency}",
                orders,
                sum(row.units for row in daily),
                f"{_money((2 * revenue + orders) // (2 * orders) if orders else 0)} {currency}",
            ]
        ],
    )
    products = _table(
        ["#", "SKU", "name", "category", "units", "revenue"],
        [
            [p.rank, p.sku, p.name, p.category, p.units, f"{_money(p.revenue_minor)} {p.currency}"]
            for p in top
        ],
    )
    sections = [
        ("Sales", summary + (sales_chart(daily) if daily else _empty("sales"))),
        ("Top products", products if top else _empty("sales")),
        ("Conversion funnel", funnel_chart(funnel)),
        (
            "Curation by model version",
            curation_chart(curation) if curation else _empty("recommendations"),
        ),
        ("Cohorts", cohort_chart(cohorts) if cohorts else _empty("orders")),
    ]
    body = "".join(
        f"<section><h2>{html.escape(t)}</h2>{content}</section>" for t, content in sections
    )
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>BookBrew report {f.date_from} to {f.date_to}</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#2b2118}}
h1{{color:#8c5a3c}} section{{margin:2rem 0}} svg{{max-width:100%;height:auto}}
table{{border-collapse:collapse}} td,th{{padding:.25rem .75rem;border-bottom:1px solid #ddd;
text-align:left}} .empty{{color:#777}}
</style></head><body>
<h1>BookBrew report</h1>
<p>{f.date_from} to {f.date_to} (UTC days, inclusive). Generated {generated}.</p>
{body}
</body></html>
"""


async def write_report(db: Database, path: Path | str, date_from: date, date_to: date) -> Path:
    """Query the reports for the range and write the charted HTML file to `path`."""
    if date_from > date_to:
        raise ValueError(f"date_from ({date_from}) is after date_to ({date_to})")
    f = Filter(date_from, date_to)
    async with db.sessions() as session:
        daily = await sales.sales(session, f, "day")
        top = await sales.top_products(session, f, limit=10, by="revenue")
        funnel = await behaviour.funnel(session, f)
        curation = await behaviour.curation(session, f)
        cohorts = await customers.cohorts(session, f)
    page = render_html(f, daily, top, funnel, curation, cohorts)
    return await asyncio.to_thread(_write, Path(path), page)


def _write(target: Path, page: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    return target
