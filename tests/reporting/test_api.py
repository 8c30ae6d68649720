"""Access, bad input, and the charted HTML report."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bookbrew.reporting.charts import write_report
from tests.reporting.conftest import ReportingUnderTest
from tests.reporting.simulation import DAYS, START, simulate

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

REPORTS = (
    "sales",
    "top-products",
    "funnel",
    "curation",
    "questionnaire",
    "customers",
    "cohorts",
    "low-stock",
    "sell-through",
)


@pytest.mark.parametrize("report", REPORTS)
async def test_reports_are_for_admins_only(
    reporting: ReportingUnderTest, customer_headers: dict[str, str], report: str
) -> None:
    anonymous = await reporting.client.get(f"/reports/{report}")
    assert anonymous.status_code == 401
    customer = await reporting.client.get(f"/reports/{report}.csv", headers=customer_headers)
    assert customer.status_code == 403
    assert customer.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("path", "params", "status", "kind"),
    [
        ("sales", {"from": "2026-02-30"}, 422, "validation-error"),
        ("sales", {"to": "yesterday"}, 422, "validation-error"),
        ("funnel", {"from": "2026-03-02", "to": "2026-03-01"}, 400, "invalid-date-range"),
        ("curation", {"from": "2000-01-01", "to": "2026-01-01"}, 400, "date-range-too-long"),
        ("top-products", {"category": "wine"}, 422, "validation-error"),
        ("top-products", {"limit": "0"}, 422, "validation-error"),
        ("sales", {"granularity": "year"}, 422, "validation-error"),
        ("cohorts", {"format": "xml"}, 422, "validation-error"),
        ("customers.csv", {"format": "json"}, 400, "conflicting-format"),
        ("low-stock", {"threshold": "-1"}, 422, "validation-error"),
    ],
)
async def test_bad_input_is_a_problem(
    reporting: ReportingUnderTest,
    admin_headers: dict[str, str],
    path: str,
    params: dict[str, str],
    status: int,
    kind: str,
) -> None:
    response = await reporting.client.get(f"/reports/{path}", params=params, headers=admin_headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith(kind)


async def test_an_empty_shop_answers_empty_reports(
    reporting: ReportingUnderTest, admin_headers: dict[str, str]
) -> None:
    for report in REPORTS:
        response = await reporting.client.get(f"/reports/{report}", headers=admin_headers)
        assert response.status_code == 200, report


async def test_write_report_draws_every_chart_into_one_html_file(
    reporting: ReportingUnderTest, tmp_path: Path
) -> None:
    consume = reporting.consumer()
    for event in simulate(customers=10, visitors=3, orders=25).events:
        await consume(event)
    target = await write_report(
        reporting.db, tmp_path / "out" / "report.html", START, START + timedelta(days=DAYS - 1)
    )
    page = target.read_text()
    assert page.startswith("<!doctype html>")
    assert page.count("<svg") == 4  # sales, funnel, curation, cohorts
    for title in ("Sales", "Top products", "Conversion funnel", "Curation", "Cohort retention"):
        assert title in page
    assert "<link" not in page and "src=" not in page  # standalone: nothing to fetch
