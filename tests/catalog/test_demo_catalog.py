"""Tests for the packaged demo catalog (bookbrew.catalog.demo)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import pytest

from bookbrew.catalog.demo import load_demo_products, placeholder_svg

SVG_NS = "{http://www.w3.org/2000/svg}"
KEYS = {
    "sku",
    "name",
    "description",
    "category",
    "price_minor",
    "currency",
    "stock",
    "tags",
    "status",
    "attributes",
}
PREFIX = {"book": "BK", "perfume": "PF", "coffee": "CF", "beverage": "BV"}
PRICE_RANGE = {
    "book": (799, 3499),
    "perfume": (3900, 24000),
    "coffee": (899, 3200),
    "beverage": (299, 4500),
}
MIN_COUNT = {"book": 400, "perfume": 250, "coffee": 200, "beverage": 150}
FAMILIES = {
    "floral",
    "woody",
    "oriental",
    "fresh",
    "citrus",
    "gourmand",
    "chypre",
    "fougere",
    "aromatic",
    "leather",
    "aquatic",
    "green",
    "spicy",
}
CONCENTRATIONS = {
    "Eau de Parfum",
    "Eau de Toilette",
    "Parfum",
    "Extrait de Parfum",
    "Eau de Cologne",
}


@pytest.fixture(scope="module")
def products() -> list[dict[str, Any]]:
    return load_demo_products()


def is_str_list(value: Any, allow_empty: bool = False) -> bool:
    return (
        isinstance(value, list)
        and (allow_empty or bool(value))
        and all(isinstance(v, str) and v.strip() for v in value)
    )


def is_opt(value: Any, kind: type) -> bool:
    return value is None or (isinstance(value, kind) and not isinstance(value, bool))


def is_level(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5


def check_book(a: dict[str, Any]) -> None:
    assert set(a) == {
        "authors",
        "year",
        "isbn",
        "genres",
        "pages",
        "average_rating",
        "ratings_count",
        "goodreads_book_id",
    }
    assert is_str_list(a["authors"])
    assert is_opt(a["year"], int)
    assert a["isbn"] is None or re.fullmatch(r"\d{9}[\dX]|\d{13}", a["isbn"])
    assert is_str_list(a["genres"])
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", g) for g in a["genres"])
    assert a["pages"] is None or (isinstance(a["pages"], int) and 8 <= a["pages"] <= 5000)
    assert isinstance(a["average_rating"], float) and 1.0 <= a["average_rating"] <= 5.0
    assert isinstance(a["ratings_count"], int) and a["ratings_count"] > 0
    assert isinstance(a["goodreads_book_id"], int) and a["goodreads_book_id"] > 0


def check_perfume(a: dict[str, Any]) -> None:
    assert set(a) == {"brand", "notes", "family", "concentration", "intensity", "gender"}
    assert isinstance(a["brand"], str) and a["brand"].strip()
    assert set(a["notes"]) == {"top", "heart", "base"}
    assert all(is_str_list(a["notes"][layer]) for layer in ("top", "heart", "base"))
    assert a["family"] in FAMILIES
    assert a["concentration"] in CONCENTRATIONS
    assert a["intensity"] in {"light", "moderate", "strong"}
    assert a["gender"] in {"feminine", "masculine", "unisex"}


def check_coffee(a: dict[str, Any]) -> None:
    assert set(a) == {
        "origin",
        "region",
        "producer",
        "process",
        "roast",
        "variety",
        "altitude_m",
        "flavor_notes",
        "acidity",
        "body",
        "cupping_score",
    }
    assert isinstance(a["origin"], str) and a["origin"].strip()
    assert is_opt(a["region"], str) and is_opt(a["producer"], str) and is_opt(a["variety"], str)
    assert a["process"] in {"washed", "natural", "honey", "semi-washed", "other"}
    assert a["roast"] in {"light", "medium", "medium-dark", "dark"}
    assert a["altitude_m"] is None or (
        isinstance(a["altitude_m"], int) and 0 < a["altitude_m"] < 3500
    )
    assert is_str_list(a["flavor_notes"]) and 3 <= len(a["flavor_notes"]) <= 4
    assert is_level(a["acidity"]) and is_level(a["body"])
    assert isinstance(a["cupping_score"], float) and 0 < a["cupping_score"] <= 100


def check_beverage(a: dict[str, Any]) -> None:
    assert set(a) == {
        "kind",
        "style",
        "producer",
        "abv",
        "flavor_profile",
        "sweetness",
        "bitterness",
    }
    assert a["kind"] in {"beer", "tea", "wine", "juice", "cider", "kombucha"}
    assert isinstance(a["style"], str) and a["style"].strip()
    assert is_opt(a["producer"], str)
    assert a["abv"] is None or (isinstance(a["abv"], float) and 0 <= a["abv"] < 25)
    assert is_str_list(a["flavor_profile"])
    assert is_level(a["sweetness"]) and is_level(a["bitterness"])


CHECKS = {
    "book": check_book,
    "perfume": check_perfume,
    "coffee": check_coffee,
    "beverage": check_beverage,
}


def test_at_least_1000_products(products: list[dict[str, Any]]) -> None:
    assert len(products) >= 1000


def test_all_categories_with_sensible_counts(products: list[dict[str, Any]]) -> None:
    counts = Counter(p["category"] for p in products)
    assert set(counts) == set(PREFIX)
    for category, minimum in MIN_COUNT.items():
        assert counts[category] >= minimum, counts
    assert counts["book"] == max(counts.values())


def test_skus_unique_prefixed_and_sorted(products: list[dict[str, Any]]) -> None:
    skus = [p["sku"] for p in products]
    assert len(skus) == len(set(skus))
    assert skus == sorted(skus)
    for p in products:
        assert re.fullmatch(rf"{PREFIX[p['category']]}-\d{{5}}", p["sku"]), p["sku"]


def test_every_product_matches_schema(products: list[dict[str, Any]]) -> None:
    for p in products:
        assert set(p) == KEYS, p["sku"]
        assert isinstance(p["name"], str) and p["name"].strip(), p["sku"]
        assert isinstance(p["description"], str) and 20 <= len(p["description"]) <= 600
        assert p["currency"] == "EUR" and p["status"] == "active"
        price = p["price_minor"]
        lo, hi = PRICE_RANGE[p["category"]]
        assert isinstance(price, int) and lo <= price <= hi, p["sku"]
        assert price % 100 in (99, 49, 0), p["sku"]
        assert isinstance(p["stock"], int) and 0 <= p["stock"] <= 120
        assert is_str_list(p["tags"]) and len(p["tags"]) <= 10, p["sku"]
        assert all(t == t.lower() and " " not in t for t in p["tags"]), p["sku"]
        assert isinstance(p["attributes"], dict)
        try:
            CHECKS[p["category"]](p["attributes"])
        except AssertionError as exc:  # pragma: no cover - message helper
            raise AssertionError(f"{p['sku']}: {p['attributes']}") from exc


def test_names_unique_within_category(products: list[dict[str, Any]]) -> None:
    pairs = [(p["category"], p["name"]) for p in products]
    assert len(pairs) == len(set(pairs))


def test_stock_has_some_out_of_stock_and_low(products: list[dict[str, Any]]) -> None:
    stock = [p["stock"] for p in products]
    zero = sum(1 for s in stock if s == 0) / len(stock)
    low = sum(1 for s in stock if 1 <= s <= 5) / len(stock)
    assert 0.01 <= zero <= 0.06
    assert low >= 0.03


def test_beverages_cover_every_kind(products: list[dict[str, Any]]) -> None:
    kinds = Counter(p["attributes"]["kind"] for p in products if p["category"] == "beverage")
    assert set(kinds) == {"beer", "tea", "wine", "juice", "cider", "kombucha"}
    assert kinds["beer"] == 57


def test_loading_is_deterministic_and_independent(products: list[dict[str, Any]]) -> None:
    again = load_demo_products()
    assert again == products
    again[0]["name"] = "mutated"
    assert load_demo_products()[0]["name"] == products[0]["name"]
    assert all(isinstance(p["price_minor"], int) and p["price_minor"] > 0 for p in again)


def test_placeholder_svg_is_well_formed(products: list[dict[str, Any]]) -> None:
    by_category: dict[str, list[dict[str, Any]]] = {}
    for p in products:
        by_category.setdefault(p["category"], []).append(p)
    sample = [p for group in by_category.values() for p in group[:25]]
    for p in sample:
        svg = placeholder_svg(p)
        root = ET.fromstring(svg)
        assert root.tag == f"{SVG_NS}svg"
        assert root.get("width") == "600" and root.get("height") == "800"
        assert svg == placeholder_svg(p)  # deterministic
        assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # no downloads


def test_placeholder_svg_escapes_text() -> None:
    nasty = {
        "sku": "BK-99999",
        "category": "book",
        "name": 'Tom & Jerry <script>alert("x")</script> \x01 \u00e9t\u00e9',
        "attributes": {"authors": ["O'Brien & Sons"]},
    }
    svg = placeholder_svg(nasty)
    root = ET.fromstring(svg)
    assert "<script>" not in svg
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG_NS}text"))
    assert "Tom & Jerry" in texts and "O'Brien & Sons" in texts


def test_placeholder_svg_differs_by_sku(products: list[dict[str, Any]]) -> None:
    books = [p for p in products if p["category"] == "book"][:12]
    assert len({placeholder_svg(p) for p in books}) == len(books)
    colours = {
        re.search(r'stop-color="(#[0-9a-f]{6})"', placeholder_svg(p)).group(1) for p in books
    }
    assert len(colours) > 1
