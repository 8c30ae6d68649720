"""BFF Mobile screens, mounted at `/mobile` as in the embedded shop, against a real
catalog: compact payloads, URLs under the mount, caching with ETag/304, failures."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from bookbrew.bff_mobile.app import create_app
from bookbrew.bff_mobile.settings import BffMobileSettings
from tests.bff_web.minishop import PRODUCTS, MiniShop, assert_problem, mini_shop

CARD_FIELDS = {"sku", "name", "category", "price", "currency", "price_display", "image", "in_stock"}
POPULARITY = {p["sku"]: p["popularity"] for p in PRODUCTS}


async def test_home_has_a_shelf_of_best_sellers_per_category(shop: MiniShop) -> None:
    response = await shop.client.get("/mobile/api/home")

    assert response.status_code == 200
    shelves = response.json()["shelves"]
    assert [s["category"] for s in shelves] == ["book", "perfume", "coffee", "beverage"]
    for shelf in shelves:
        skus = [card["sku"] for card in shelf["items"]]
        assert skus == sorted(skus, key=POPULARITY.__getitem__, reverse=True)
    assert "BK-004" not in {c["sku"] for s in shelves for c in s["items"]}  # sold out
    assert {url.params["limit"] for url in shop.catalog.calls("/products")} == {"6"}


async def test_cards_are_compact_with_urls_under_the_mount(shop: MiniShop) -> None:
    books = (await shop.client.get("/mobile/api/home")).json()["shelves"][0]["items"]
    card = next(c for c in books if c["sku"] == "BK-001")

    assert set(card) == CARD_FIELDS  # no description, tags or attributes on a tile
    assert card == {
        "sku": "BK-001",
        "name": "The Left Hand of Darkness",
        "category": "book",
        "price": 1299,
        "currency": "EUR",
        "price_display": "€12.99",
        "image": "/mobile/media/BK-001.svg",
        "in_stock": True,
    }
    image = await shop.client.get(card["image"])
    assert image.status_code == 200 and image.headers["content-type"].startswith("image/svg+xml")
    assert image.headers["cache-control"] == "public, max-age=86400"


async def test_mobile_payloads_are_smaller_than_web_ones(
    shop: MiniShop, tmp_path: Path, jwks_file: Path, admin_headers: dict[str, str]
) -> None:
    from bookbrew.bff_web.app import create_app as create_web
    from bookbrew.bff_web.settings import BffWebSettings

    mobile = await shop.client.get("/mobile/api/categories/book")
    web_settings = BffWebSettings(data_dir=tmp_path / "web", environment="test")
    async with mini_shop(
        tmp_path / "web",
        jwks_file,
        admin_headers,
        name="bff_web",
        factory=create_web,
        settings=web_settings,
    ) as web_shop:
        web = await web_shop.client.get("/api/categories/book")

    assert mobile.json()["total"] == web.json()["total"]
    assert len(mobile.content) < len(web.content) * 0.6
    tiles, cards = (json.dumps(r.json()["items"]) for r in (mobile, web))
    assert len(tiles) < len(cards) * 0.6


async def test_category_screen_pages_of_twelve_with_filters_on_the_first_only(
    shop: MiniShop,
) -> None:
    first = await shop.client.get("/mobile/api/categories/coffee", params={"limit": 2})

    page = first.json()
    assert [c["sku"] for c in page["items"]] == ["CF-002", "CF-001"] and page["total"] == 4
    assert page["filters"]["attributes"]["roast"] == [
        {"value": "dark", "count": 2},
        {"value": "light", "count": 2},
    ]
    assert all(band["count"] > 0 for band in page["filters"]["price"])
    second = await shop.client.get(
        "/mobile/api/categories/coffee", params={"limit": 2, "cursor": page["next_cursor"]}
    )
    assert [c["sku"] for c in second.json()["items"]] == ["CF-003", "CF-004"]
    assert second.json()["filters"] is None and second.json()["next_cursor"] is None
    first_call, second_call = shop.catalog.calls("/products")
    assert first_call.params["facets"] == "true" and second_call.params["facets"] == "false"

    await shop.client.get("/mobile/api/categories/book", params={"facet": "genre:fantasy"})
    assert shop.catalog.calls("/products")[-1].params["limit"] == "12"


async def test_search_screen(shop: MiniShop) -> None:
    response = await shop.client.get("/mobile/api/search", params={"q": "Ethiopia"})

    assert response.status_code == 200
    assert {c["sku"] for c in response.json()["items"]} == {"CF-001", "CF-004"}
    assert all(set(card) == CARD_FIELDS for card in response.json()["items"])


async def test_product_screen_has_highlights_and_related(shop: MiniShop) -> None:
    response = await shop.client.get("/mobile/api/products/CF-002")

    assert response.status_code == 200
    screen = response.json()
    product = screen["product"]
    assert product["highlights"] == ["Indonesia", "Dark roast", "semi-washed"]
    assert product["images"] == ["/mobile/media/CF-002.svg"]
    assert "attributes" not in product and "tags" not in product
    related = [card["sku"] for card in screen["related"]]
    assert related[0] == "CF-003"  # the other dark roast first, then best sellers
    assert "CF-002" not in related and len(related) <= 4
    assert all(set(card) == CARD_FIELDS for card in screen["related"])
    # No curation in this hub: the catalog's kin, with nothing to send back with clicks.
    assert screen["related_source"] == "catalog" and screen["recommendation_id"] is None

    book = (await shop.client.get("/mobile/api/products/BK-001")).json()["product"]
    assert book["highlights"] == ["by Ursula K. Le Guin", "science fiction", "1970"]
    cider = (await shop.client.get("/mobile/api/products/BV-002")).json()["product"]
    assert cider["highlights"] == ["Dry cider", "5.5% ABV"]


async def test_if_none_match_gives_a_304_and_the_cache_saves_catalog_calls(
    shop: MiniShop,
) -> None:
    first = await shop.client.get("/mobile/api/products/BK-001")
    calls = len(shop.catalog.requests)
    etag = first.headers["etag"]

    path = "/mobile/api/products/BK-001"
    revalidated = await shop.client.get(path, headers={"If-None-Match": etag})
    weak = await shop.client.get(path, headers={"If-None-Match": f"W/{etag}"})

    assert revalidated.status_code == 304 and revalidated.content == b""
    assert revalidated.headers["etag"] == etag
    assert revalidated.headers["cache-control"] == "public, max-age=30"
    assert weak.status_code == 304
    assert len(shop.catalog.requests) == calls


async def test_cached_screens_outlive_a_catalog_outage_and_others_get_503(
    shop: MiniShop,
) -> None:
    home = await shop.client.get("/mobile/api/home")
    shop.catalog.down = True

    assert (await shop.client.get("/mobile/api/home")).content == home.content
    down = await shop.client.get("/mobile/api/categories/perfume")
    assert_problem(down, 503, "service-unavailable")
    assert down.headers["retry-after"] == "5"
    assert down.json()["instance"] == "/mobile/api/categories/perfume"


async def test_standalone_urls_have_no_prefix(
    tmp_path: Path, jwks_file: Path, admin_headers: dict[str, str]
) -> None:
    """Run on its own (distributed profile) the same app serves media from `/media`."""
    settings = BffMobileSettings(data_dir=tmp_path / "mobile", environment="test")
    async with mini_shop(
        tmp_path,
        jwks_file,
        admin_headers,
        name="bff_mobile",
        factory=create_app,
        settings=settings,
    ) as standalone:
        card = (await standalone.client.get("/api/home")).json()["shelves"][2]["items"][0]
        image = await standalone.client.get(card["image"])
    assert card["image"] == "/media/CF-002.svg" and image.status_code == 200


async def test_unreachable_catalog_url_is_a_503_problem(tmp_path: Path) -> None:
    settings = BffMobileSettings(
        data_dir=tmp_path,
        environment="test",
        catalog_url="http://127.0.0.1:9",
        catalog_timeout_seconds=0.5,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://test"
        ) as client:
            response = await client.get("/api/products/BK-001")
    assert_problem(response, 503, "service-unavailable")


@pytest.mark.parametrize(
    ("path", "status", "kind"),
    [
        ("/mobile/api/categories/tea", 422, "validation-error"),
        ("/mobile/api/categories/book?facet=genre", 422, "validation-error"),
        ("/mobile/api/categories/book?facet=:fantasy", 422, "validation-error"),
        ("/mobile/api/categories/book?facet=genre:a%0Ab", 422, "validation-error"),
        ("/mobile/api/categories/book?limit=49", 422, "validation-error"),
        ("/mobile/api/categories/book?price_min=900&price_max=100", 422, "validation-error"),
        (
            "/mobile/api/categories/book?cursor=eyJzIjoibmFtZSIsImsiOlsiYSIsMV19",
            400,
            "invalid-cursor",
        ),
        ("/mobile/api/categories/book?cursor=%%%", 400, "invalid-cursor"),
        ("/mobile/api/search?q=" + "q" * 201, 422, "validation-error"),
        ("/mobile/api/search?q=%20", 422, "validation-error"),
        ("/mobile/api/search?limit=5", 422, "validation-error"),
        ("/mobile/api/products/x", 422, "validation-error"),
        ("/mobile/api/products/NOPE-404", 404, "not-found"),
        ("/mobile/media/NOPE-404.svg", 404, "not-found"),
    ],
)
async def test_bad_input_is_a_4xx_problem(
    shop: MiniShop, path: str, status: int, kind: str
) -> None:
    assert_problem(await shop.client.get(path), status, kind)


async def test_openapi_operation_ids(shop: MiniShop) -> None:
    spec = (await shop.client.get("/mobile/openapi.json")).json()

    ids = {op["operationId"] for item in spec["paths"].values() for op in item.values()}
    assert {
        "get_home",
        "list_category",
        "search_products",
        "get_product_detail",
        "get_product_image",
    } <= ids
    detail = spec["paths"]["/api/products/{sku}"]["get"]["responses"]["200"]
    assert detail["content"]["application/json"]["schema"]["$ref"].endswith("/ProductScreen")
