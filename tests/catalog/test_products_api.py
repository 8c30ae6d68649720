"""Catalog products over HTTP: admin CRUD, listing, search, facets, pagination, and
problem responses for bad input."""

from __future__ import annotations

import pytest

from bookbrew.contracts import catalog as events
from tests.catalog.conftest import CatalogUnderTest, product_body
from tests.support import eventually

PROBLEM = "application/problem+json"


async def create(
    catalog: CatalogUnderTest, headers: dict[str, str], sku: str, **overrides: object
) -> dict:  # type: ignore[type-arg]
    response = await catalog.client.post(
        "/admin/products", json=product_body(sku, **overrides), headers=headers
    )
    assert response.status_code == 201, response.text
    return response.json()


async def test_admin_creates_reads_updates_and_deletes_a_product(
    catalog: CatalogUnderTest, admin_headers: dict[str, str]
) -> None:
    created = await create(catalog, admin_headers, "BK-1")
    assert created["price"] == {"amount": 1299, "currency": "EUR"}
    assert created["in_stock"] is True and created["version"] == 1

    public = (await catalog.client.get("/products/BK-1")).json()
    assert public["attributes"]["authors"] == ["Ursula K. Le Guin"]

    patched = await catalog.client.patch(
        "/admin/products/BK-1",
        json={"price": {"amount": 999, "currency": "EUR"}, "stock": 0},
        headers={**admin_headers, "If-Match": "1"},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["price"]["amount"] == 999 and patched.json()["in_stock"] is False

    stale = await catalog.client.patch(
        "/admin/products/BK-1", json={"name": "x"}, headers={**admin_headers, "If-Match": "1"}
    )
    assert stale.status_code == 412 and stale.headers["content-type"] == PROBLEM

    assert (
        await catalog.client.delete("/admin/products/BK-1", headers=admin_headers)
    ).status_code == 204
    gone = await catalog.client.get("/products/BK-1")
    assert gone.status_code == 404 and gone.headers["content-type"] == PROBLEM


async def test_product_changes_are_published_through_the_outbox(
    catalog: CatalogUnderTest, admin_headers: dict[str, str]
) -> None:
    from bookbrew.platform.events.bus import Subscription

    received = []

    async def on(event):  # type: ignore[no-untyped-def]
        received.append(event)

    catalog.hub.bus.subscribe(Subscription("test.products", ("bookbrew.product.*",), on))
    await create(catalog, admin_headers, "CF-1")
    await catalog.client.patch("/admin/products/CF-1", json={"stock": 3}, headers=admin_headers)
    await catalog.client.delete("/admin/products/CF-1", headers=admin_headers)
    await eventually(lambda: len(received) == 3)
    assert [e.type for e in received] == [
        events.PRODUCT_CREATED,
        events.PRODUCT_UPDATED,
        events.PRODUCT_DELETED,
    ]
    assert received[0].data["sku"] == "CF-1" and received[0].source == "/bookbrew/catalog"


async def test_admin_routes_refuse_customers_and_anonymous_callers(
    catalog: CatalogUnderTest, customer_headers: dict[str, str]
) -> None:
    anonymous = await catalog.client.post("/admin/products", json=product_body("BK-2"))
    assert anonymous.status_code == 401 and anonymous.headers["content-type"] == PROBLEM
    customer = await catalog.client.post(
        "/admin/products", json=product_body("BK-2"), headers=customer_headers
    )
    assert customer.status_code == 403
    forged = await catalog.client.post(
        "/admin/products", json=product_body("BK-2"), headers={"Authorization": "Bearer not.a.jwt"}
    )
    assert forged.status_code == 401


@pytest.mark.parametrize(
    ("sku", "attributes", "why"),
    [
        ("BK-3", {"year": 1999}, "a book needs authors"),
        ("CF-3", {"origin": "Kenya", "process": "washed", "roast": "burnt"}, "unknown roast"),
        (
            "PF-3",
            {"brand": "X", "notes": {}, "family": "woody", "concentration": "EDP", "extra": 1},
            "unknown field",
        ),
    ],
)
async def test_category_attributes_are_validated(
    catalog: CatalogUnderTest,
    admin_headers: dict[str, str],
    sku: str,
    attributes: dict,
    why: str,  # type: ignore[type-arg]
) -> None:
    response = await catalog.client.post(
        "/admin/products", json=product_body(sku, attributes=attributes), headers=admin_headers
    )
    assert response.status_code == 422, why
    problem = response.json()
    assert problem["type"].endswith("/validation-error") and problem["errors"]


async def test_duplicate_sku_is_a_conflict(
    catalog: CatalogUnderTest, admin_headers: dict[str, str]
) -> None:
    await create(catalog, admin_headers, "BV-1")
    again = await catalog.client.post(
        "/admin/products", json=product_body("BV-1"), headers=admin_headers
    )
    assert again.status_code == 409 and again.json()["type"].endswith("/duplicate-sku")


async def seed_small(catalog: CatalogUnderTest, headers: dict[str, str]) -> None:
    await create(
        catalog,
        headers,
        "BK-10",
        name="Dune",
        price={"amount": 1599, "currency": "EUR"},
        popularity=50,
        attributes={"authors": ["Frank Herbert"], "genres": ["science-fiction", "classics"]},
    )
    await create(
        catalog,
        headers,
        "BK-11",
        name="Emma",
        price={"amount": 799, "currency": "EUR"},
        popularity=10,
        attributes={"authors": ["Jane Austen"], "genres": ["classics", "romance"]},
    )
    await create(
        catalog,
        headers,
        "BK-12",
        name="Dune Messiah",
        price={"amount": 1399, "currency": "EUR"},
        popularity=30,
        stock=0,
        attributes={"authors": ["Frank Herbert"], "genres": ["science-fiction"]},
    )
    await create(
        catalog,
        headers,
        "CF-10",
        name="Kenya AA",
        price={"amount": 1499, "currency": "EUR"},
        popularity=40,
        attributes={
            "origin": "Kenya",
            "process": "washed",
            "roast": "light",
            "flavor_notes": ["blackcurrant"],
        },
    )
    await create(
        catalog,
        headers,
        "CF-11",
        name="Sumatra Mandheling",
        price={"amount": 1199, "currency": "EUR"},
        popularity=20,
        attributes={
            "origin": "Indonesia",
            "process": "semi-washed",
            "roast": "dark",
            "flavor_notes": ["chocolate", "earthy"],
        },
    )
    await create(catalog, headers, "PF-10", status="draft")


async def test_listing_filters_sorts_and_counts_facets(
    catalog: CatalogUnderTest, admin_headers: dict[str, str]
) -> None:
    await seed_small(catalog, admin_headers)
    books = (
        await catalog.client.get(
            "/products", params={"category": "book", "sort": "popular", "facets": "true"}
        )
    ).json()
    assert [p["sku"] for p in books["items"]] == ["BK-10", "BK-12", "BK-11"]
    assert books["total"] == 3
    genres = {v["value"]: v["count"] for v in books["facets"]["attributes"]["genre"]}
    assert genres == {"science-fiction": 2, "classics": 2, "romance": 1}

    classics = (
        await catalog.client.get(
            "/products", params={"category": "book", "facet": "genre:classics", "sort": "price_asc"}
        )
    ).json()
    assert [p["sku"] for p in classics["items"]] == ["BK-11", "BK-10"]

    in_stock = (
        await catalog.client.get("/products", params={"category": "book", "in_stock": "true"})
    ).json()
    assert "BK-12" not in [p["sku"] for p in in_stock["items"]]

    priced = (
        await catalog.client.get("/products", params={"price_min": 1200, "price_max": 1500})
    ).json()
    assert sorted(p["sku"] for p in priced["items"]) == ["BK-12", "CF-10"]

    everything = (await catalog.client.get("/products", params={"facets": "true"})).json()
    assert everything["total"] == 5  # the draft perfume is not public
    assert {c["value"]: c["count"] for c in everything["facets"]["category"]} == {
        "book": 3,
        "coffee": 2,
    }
    assert sum(b["count"] for b in everything["facets"]["price"]) == 5


async def test_search_matches_every_word_in_names_and_attributes(
    catalog: CatalogUnderTest, admin_headers: dict[str, str]
) -> None:
    await seed_small(catalog, admin_headers)
    dune = (await catalog.client.get("/products", params={"q": "dune"})).json()
    assert [p["sku"] for p in dune["items"]] == ["BK-10", "BK-12"]
    herbert = (await catalog.client.get("/products", params={"q": "herbert messiah"})).json()
    assert [p["sku"] for p in herbert["items"]] == ["BK-12"]
    chocolate = (await catalog.client.get("/products", params={"q": "Chocolate"})).json()
    assert [p["sku"] for p in chocolate["items"]] == ["CF-11"]
    wildcard = (await catalog.client.get("/products", params={"q": "%"})).json()
    assert wildcard["items"] == []


@pytest.mark.parametrize("sort", ["popular", "price_asc", "price_desc", "name", "newest"])
async def test_cursor_pagination_walks_every_product_once(
    catalog: CatalogUnderTest, admin_headers: dict[str, str], sort: str
) -> None:
    await seed_small(catalog, admin_headers)
    seen: list[str] = []
    cursor = None
    while True:
        params = {"sort": sort, "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await catalog.client.get("/products", params=params)).json()
        seen += [p["sku"] for p in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == ["BK-10", "BK-11", "BK-12", "CF-10", "CF-11"]
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize(
    "params",
    [
        {"category": "toys"},
        {"limit": 0},
        {"limit": 1000},
        {"sort": "random"},
        {"price_min": -1},
        {"facet": "no-colon"},
        {"q": "x" * 500},
        {"cursor": "garbage"},
        {"cursor": "eyJzIjoibmFtZSIsImsiOlsxXX0"},
        {"in_stock": "maybe"},
        {"price_min": "1e400"},
    ],
)
async def test_bad_listing_input_gets_a_problem_not_a_500(
    catalog: CatalogUnderTest, params: dict
) -> None:  # type: ignore[type-arg]
    response = await catalog.client.get("/products", params=params)
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == response.status_code


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/products/not a sku", None),
        ("GET", "/products/batch", None),
        ("POST", "/admin/products", {"sku": "BK-9"}),
        ("POST", "/admin/products", "not json"),
        (
            "POST",
            "/admin/products",
            {**product_body("BK-9"), "price": {"amount": 10**12, "currency": "EUR"}},
        ),
        ("POST", "/admin/products", {**product_body("BK-9"), "stock": -1}),
        ("POST", "/admin/products", {**product_body("BK-9"), "name": "\u0000" * 400}),
        ("PATCH", "/admin/products/BK-404", {"name": "x"}),
        ("POST", "/admin/products/BK-404/stock", {"delta": 1}),
        ("POST", "/reservations", {"reference": "r", "lines": []}),
        ("POST", "/reservations", {"reference": "r", "lines": [{"sku": "BK-1", "quantity": 0}]}),
        ("POST", "/reservations/nope/commit", None),
        ("DELETE", "/products", None),
    ],
)
async def test_bad_input_everywhere_gets_a_problem(
    catalog: CatalogUnderTest, admin_headers: dict[str, str], method: str, path: str, body: object
) -> None:
    kwargs: dict = {"headers": admin_headers}  # type: ignore[type-arg]
    if isinstance(body, str):
        kwargs["content"] = body
        kwargs["headers"] = {**admin_headers, "content-type": "application/json"}
    elif body is not None:
        kwargs["json"] = body
    response = await catalog.client.request(method, path, **kwargs)
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"] == PROBLEM


async def test_health_metrics_and_openapi(catalog: CatalogUnderTest) -> None:
    assert (await catalog.client.get("/health/live")).json()["status"] == "ok"
    ready = (await catalog.client.get("/health/ready")).json()
    assert ready["checks"] == {"database": "ok", "broker": "ok"}
    await catalog.client.get("/products")
    metrics = (await catalog.client.get("/metrics")).text
    assert (
        'bookbrew_http_requests_total{method="GET",route="/products",service="catalog",status="200"}'
        in metrics
    )
    spec = (await catalog.client.get("/openapi.json")).json()
    assert "list_products" in {
        op["operationId"] for path in spec["paths"].values() for op in path.values()
    }
