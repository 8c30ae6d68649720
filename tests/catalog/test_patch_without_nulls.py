"""`PATCH /admin/products/{sku}`: a field left out is no change, an explicit `null` is a
422 problem (every product has each of these), never a 500 (found by fuzzing)."""

from __future__ import annotations

import pytest

from tests.catalog.conftest import CatalogUnderTest, product_body

PROBLEM = "application/problem+json"
FIELDS = ["name", "description", "price", "stock", "images", "tags", "status", "attributes"]


async def test_explicit_null_is_a_validation_problem_and_changes_nothing(
    catalog: CatalogUnderTest, admin_headers: dict[str, str]
) -> None:
    made = await catalog.client.post(
        "/admin/products", json=product_body("CF-900"), headers=admin_headers
    )
    assert made.status_code == 201, made.text
    for name in FIELDS:
        answer = await catalog.client.patch(
            "/admin/products/CF-900", json={name: None}, headers=admin_headers
        )
        assert answer.status_code == 422, (name, answer.text)
        assert answer.headers["content-type"] == PROBLEM
        assert answer.json()["errors"][0]["loc"] == ["body", name]
    after = (await catalog.client.get("/admin/products/CF-900", headers=admin_headers)).json()
    assert after["version"] == made.json()["version"]


async def test_left_out_fields_and_a_price_without_currency_keep_theirs(
    catalog: CatalogUnderTest, admin_headers: dict[str, str]
) -> None:
    body = product_body("CF-901", price={"amount": 1500, "currency": "USD"})
    assert (
        await catalog.client.post("/admin/products", json=body, headers=admin_headers)
    ).is_success
    answer = await catalog.client.patch(
        "/admin/products/CF-901", json={"price": {"amount": 1700}}, headers=admin_headers
    )
    assert answer.status_code == 200, answer.text
    product = answer.json()
    assert product["price"]["amount"] == 1700 and product["price"]["currency"] == "USD"
    assert product["name"] == body["name"] and product["stock"] == body.get("stock", 0)


@pytest.mark.parametrize("field", FIELDS)
async def test_the_published_schema_does_not_offer_null(
    catalog: CatalogUnderTest, field: str
) -> None:
    spec = (await catalog.client.get("/openapi.json")).json()
    prop = spec["components"]["schemas"]["ProductUpdate"]["properties"][field]
    assert "null" not in str(prop.get("anyOf", prop.get("type"))) and "default" not in prop
