"""BFF Web pages against a real catalog: home, listings, search, product detail, media."""

from __future__ import annotations

from tests.bff_web.minishop import PRODUCTS, MiniShop

POPULARITY = {p["sku"]: p["popularity"] for p in PRODUCTS}
IN_STOCK = {p["sku"] for p in PRODUCTS if p["stock"] > 0}


async def test_home_has_best_sellers_of_every_category_by_popularity(shop: MiniShop) -> None:
    response = await shop.client.get("/api/home")

    assert response.status_code == 200
    sections = response.json()["sections"]
    assert [s["category"] for s in sections] == ["book", "perfume", "coffee", "beverage"]
    for section in sections:
        skus = [item["sku"] for item in section["items"]]
        assert skus, section["category"]
        assert all(sku in IN_STOCK for sku in skus)  # Dune (most popular) is sold out
        assert [POPULARITY[s] for s in skus] == sorted((POPULARITY[s] for s in skus), reverse=True)
        assert all(item["category"] == section["category"] for item in section["items"])
    assert [i["sku"] for i in sections[0]["items"]] == [
        "BK-001",
        "BK-002",
        "BK-006",
        "BK-003",
        "BK-005",
    ]
    assert "picks" not in response.json()
    # The four categories are asked for concurrently, each once.
    assert len(shop.catalog.calls("/products")) == 4


async def test_cards_are_rich_with_a_display_price_and_loadable_images(shop: MiniShop) -> None:
    books = (await shop.client.get("/api/home")).json()["sections"][0]["items"]
    cards = {card["sku"]: card for card in books}

    darkness = cards["BK-001"]
    assert darkness["price"] == {"amount": 1299, "currency": "EUR", "display": "€12.99"}
    assert darkness["attributes"]["authors"] == ["Ursula K. Le Guin"]
    assert darkness["in_stock"] is True
    assert len(darkness["description"]) <= 160 and darkness["description"].endswith("…")
    assert darkness["images"] == ["/media/BK-001.svg"]
    # Absolute images pass through; a path the BFF cannot serve falls back to the placeholder.
    assert cards["BK-005"]["images"] == ["https://images.example.org/neuromancer.jpg"]
    assert cards["BK-006"]["images"] == ["/media/BK-006.svg"]


async def test_category_listing_has_facets_and_pages_by_cursor(shop: MiniShop) -> None:
    first = await shop.client.get("/api/categories/coffee", params={"limit": 3})

    assert first.status_code == 200
    page = first.json()
    assert page["total"] == 4
    assert [i["sku"] for i in page["items"]] == ["CF-002", "CF-001", "CF-003"]
    assert page["applied"]["sort"] == "popular" and page["applied"]["category"] == "coffee"
    groups = {
        g["name"]: {o["value"]: o["count"] for o in g["options"]} for g in page["facets"]["groups"]
    }
    assert groups["roast"] == {"dark": 2, "light": 2}
    assert groups["origin"]["Ethiopia"] == 2
    assert page["facets"]["categories"] == [{"value": "coffee", "count": 4, "selected": True}]
    assert sum(band["count"] for band in page["facets"]["price"]) == 4

    second = await shop.client.get(
        "/api/categories/coffee", params={"limit": 3, "cursor": page["next_cursor"]}
    )
    assert second.status_code == 200
    assert [i["sku"] for i in second.json()["items"]] == ["CF-004"]
    assert second.json()["next_cursor"] is None


async def test_category_listing_filters_by_facets_price_and_sort(shop: MiniShop) -> None:
    response = await shop.client.get(
        "/api/categories/coffee",
        params={
            "facet": ["roast:light", "origin:Ethiopia"],
            "sort": "price_asc",
            "price_max": 1500,
        },
    )

    page = response.json()
    assert [i["sku"] for i in page["items"]] == ["CF-001"]
    assert page["applied"]["facets"] == {"roast": ["light"], "origin": ["Ethiopia"]}
    roast = next(g for g in page["facets"]["groups"] if g["name"] == "roast")
    assert roast["options"] == [{"value": "light", "count": 1, "selected": True}]
    sent = shop.catalog.calls("/products")[-1].params
    assert sent.get_list("facet") == ["roast:light", "origin:Ethiopia"]
    assert sent["facets"] == "true" and sent["limit"] == "24"


async def test_search_across_categories(shop: MiniShop) -> None:
    response = await shop.client.get("/api/search", params={"q": "  le guin  "})

    assert response.status_code == 200
    page = response.json()
    assert {i["sku"] for i in page["items"]} == {"BK-001", "BK-002", "BK-003"}
    assert page["applied"]["q"] == "le guin" and page["applied"]["sort"] == "relevance"

    lemon = (await shop.client.get("/api/search", params={"q": "lemon"})).json()
    assert {i["category"] for i in lemon["items"]} == {"perfume", "coffee"}
    assert {c["value"] for c in lemon["facets"]["categories"]} == {"perfume", "coffee"}

    within = await shop.client.get("/api/search", params={"q": "lemon", "category": "coffee"})
    assert [i["sku"] for i in within.json()["items"]] == ["CF-001"]


async def test_product_detail_with_more_from_its_category(shop: MiniShop) -> None:
    response = await shop.client.get("/api/products/BK-002")

    assert response.status_code == 200
    page = response.json()
    product = page["product"]
    assert product["sku"] == "BK-002" and product["description"] == "An ambiguous utopia."
    assert product["few_left"] == 3
    assert product["price"]["display"] == "€11.50"
    related = [item["sku"] for item in page["related"]]
    # Same author first, then same genre, then the category's best sellers; never
    # itself, never out of stock.
    assert related[:2] == ["BK-001", "BK-003"]
    assert related[2] == "BK-005"
    assert "BK-002" not in related and "BK-004" not in related
    assert all(item["category"] == "book" for item in page["related"])


async def test_unknown_product_is_a_404_problem(shop: MiniShop) -> None:
    response = await shop.client.get("/api/products/NOPE-404")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"].endswith("/not-found")
    assert response.json()["instance"] == "/api/products/NOPE-404"


async def test_media_is_proxied_with_long_cache_headers(shop: MiniShop) -> None:
    card_image = (await shop.client.get("/api/products/CF-001")).json()["product"]["images"][0]

    response = await shop.client.get(card_image)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert response.content.lstrip().startswith(b"<svg")
    assert response.headers["cache-control"] == "public, max-age=86400"
    assert "sandbox" in response.headers["content-security-policy"]
    again = await shop.client.get(card_image, headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304
    assert len(shop.catalog.calls("/media/CF-001.svg")) == 1


async def test_openapi_has_stable_operation_ids_and_response_models(shop: MiniShop) -> None:
    spec = (await shop.client.get("/openapi.json")).json()

    operations = {
        (path, method): op for path, item in spec["paths"].items() for method, op in item.items()
    }
    ids = {op["operationId"] for op in operations.values()}
    assert {
        "get_home",
        "list_category",
        "search_products",
        "get_product_detail",
        "get_product_image",
    } <= ids
    home = operations[("/api/home", "get")]["responses"]
    assert home["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/HomePage")
    assert "application/problem+json" in home["503"]["content"]
    listing = operations[("/api/categories/{category}", "get")]
    assert {"facet", "cursor", "limit", "sort"} <= {p["name"] for p in listing["parameters"]}
