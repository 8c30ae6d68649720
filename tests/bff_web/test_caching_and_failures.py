"""BFF Web response cache, conditional requests, and what clients see when the catalog
is down or a request is bad."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from bookbrew.bff_web.app import create_app
from bookbrew.bff_web.settings import BffWebSettings
from bookbrew.platform.responses import display_price, etag_matches
from tests.bff_web.minishop import MiniShop, assert_problem, mini_shop


async def test_second_request_is_served_from_the_cache(shop: MiniShop) -> None:
    first = await shop.client.get("/api/home")
    calls = len(shop.catalog.requests)

    second = await shop.client.get("/api/home")

    assert second.status_code == 200
    assert second.content == first.content
    assert len(shop.catalog.requests) == calls  # no catalog call the second time
    assert second.headers["cache-control"] == "public, max-age=15"


async def test_cache_key_normalizes_the_query(shop: MiniShop) -> None:
    await shop.client.get(
        "/api/categories/coffee", params={"facet": ["roast:dark", "origin:Colombia"]}
    )
    calls = len(shop.catalog.requests)

    # Same filters in another order, plus a parameter the BFF does not know.
    again = await shop.client.get(
        "/api/categories/coffee?facet=origin:Colombia&facet=roast:dark&utm_source=mail"
    )

    assert again.status_code == 200 and [i["sku"] for i in again.json()["items"]] == ["CF-003"]
    assert len(shop.catalog.requests) == calls


async def test_cached_pages_survive_a_catalog_outage_within_their_ttl(shop: MiniShop) -> None:
    before = await shop.client.get("/api/products/CF-001")
    shop.catalog.down = True

    during = await shop.client.get("/api/products/CF-001")

    assert during.status_code == 200 and during.content == before.content


async def test_catalog_down_is_a_503_problem_with_retry_after(shop: MiniShop) -> None:
    shop.catalog.down = True

    for path in (
        "/api/home",
        "/api/categories/book",
        "/api/search?q=tea",
        "/api/products/CF-001",
        "/media/CF-001.svg",
    ):
        response = await shop.client.get(path)
        assert_problem(response, 503, "service-unavailable")
        assert response.headers["retry-after"].isdigit()
        assert "cache-control" not in response.headers and "etag" not in response.headers


async def test_unreachable_catalog_url_is_a_503_problem(tmp_path: Path) -> None:
    """The distributed profile: no hub, the catalog by URL, and nothing listening there."""
    settings = BffWebSettings(
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
            response = await client.get("/api/home")
            ready = await client.get("/health/ready")
    assert_problem(response, 503, "service-unavailable")
    assert response.headers["retry-after"] == "5"
    assert ready.status_code == 200  # the BFF itself is fine; only pages need the catalog


async def test_etag_and_if_none_match_give_a_304_without_body(shop: MiniShop) -> None:
    first = await shop.client.get("/api/categories/book")
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")

    again = await shop.client.get("/api/categories/book", headers={"If-None-Match": etag})
    other = await shop.client.get("/api/categories/book", headers={"If-None-Match": '"nope"'})

    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and "max-age" in again.headers["cache-control"]
    assert other.status_code == 200 and other.headers["etag"] == etag


@pytest.mark.parametrize(
    ("path", "status", "kind"),
    [
        ("/api/categories/shoes", 422, "validation-error"),
        ("/api/categories/book?facet=genre", 422, "validation-error"),
        ("/api/categories/book?facet=Genre:fantasy", 422, "validation-error"),
        ("/api/categories/book?facet=genre:" + "x" * 121, 422, "validation-error"),
        ("/api/categories/book?limit=0", 422, "validation-error"),
        ("/api/categories/book?limit=1000", 422, "validation-error"),
        ("/api/categories/book?sort=cheapest", 422, "validation-error"),
        ("/api/categories/book?price_min=-1", 422, "validation-error"),
        ("/api/categories/book?price_min=2000&price_max=1000", 422, "validation-error"),
        ("/api/categories/book?in_stock=maybe", 422, "validation-error"),
        ("/api/categories/book?cursor=not-a-cursor", 400, "invalid-cursor"),
        ("/api/categories/book?cursor=" + "x" * 501, 422, "validation-error"),
        ("/api/search", 422, "validation-error"),
        ("/api/search?q=", 422, "validation-error"),
        ("/api/search?q=%20%20%20", 422, "validation-error"),
        ("/api/search?q=" + "a" * 201, 422, "validation-error"),
        ("/api/search?q=tea&category=shoes", 422, "validation-error"),
        ("/api/products/lowercase", 422, "validation-error"),
        ("/api/products/NOPE-404", 404, "not-found"),
        ("/media/NOPE-404.svg", 404, "not-found"),
        ("/media/bad%20sku.svg", 422, "validation-error"),
        ("/api/nowhere", 404, "not-found"),
    ],
)
async def test_bad_input_is_a_4xx_problem(
    shop: MiniShop, path: str, status: int, kind: str
) -> None:
    assert_problem(await shop.client.get(path), status, kind)


async def test_a_cursor_of_another_sort_is_refused(shop: MiniShop) -> None:
    page = (await shop.client.get("/api/categories/coffee", params={"limit": 1})).json()

    response = await shop.client.get(
        "/api/categories/coffee", params={"cursor": page["next_cursor"], "sort": "name"}
    )

    assert_problem(response, 400, "invalid-cursor")


async def test_errors_are_not_cached(shop: MiniShop) -> None:
    assert (await shop.client.get("/api/products/NEW-001")).status_code == 404
    created = await shop.admin.post(
        "/admin/products",
        json={
            "sku": "NEW-001",
            "name": "Rooibos",
            "category": "beverage",
            "stock": 1,
            "price": {"amount": 700},
            "attributes": {"kind": "tea", "style": "Rooibos"},
        },
    )
    assert created.status_code == 201

    assert (await shop.client.get("/api/products/NEW-001")).status_code == 200


async def test_redis_cache_serves_the_second_request(
    tmp_path: Path, jwks_file: Path, admin_headers: dict[str, str], redis_url: str, unique: str
) -> None:
    """The distributed profile's cache adapter, for real."""
    settings = BffWebSettings(
        data_dir=tmp_path / "bff",
        environment="test",
        cache_url=redis_url,
        service_name=f"bff_web_test_{unique}",
    )
    async with mini_shop(
        tmp_path, jwks_file, admin_headers, name="bff_web", factory=create_app, settings=settings
    ) as shop:
        first = await shop.client.get("/api/products/BK-001")
        calls = len(shop.catalog.requests)
        second = await shop.client.get("/api/products/BK-001")
        cached = await shop.bff.state.runtime.cache.get(
            next(iter([k async for k in _keys(redis_url, settings.service_name)]))
        )
    assert second.content == first.content and len(shop.catalog.requests) == calls
    assert cached == first.content


async def _keys(redis_url: str, namespace: str):  # type: ignore[no-untyped-def]
    import redis.asyncio as aioredis

    client = aioredis.Redis.from_url(redis_url)
    try:
        async for key in client.scan_iter(f"bookbrew:{namespace}:*"):
            yield key.decode().removeprefix(f"bookbrew:{namespace}:")
    finally:
        await client.aclose()


def test_display_price_and_etag_comparison() -> None:
    assert display_price(1299, "EUR") == "€12.99"
    assert display_price(5, "USD") == "$0.05"
    assert display_price(1500, "JPY") == "¥1500"
    assert display_price(1250, "CHF") == "12.50 CHF"
    assert etag_matches('"a", W/"b"', '"b"')
    assert etag_matches("*", '"x"')
    assert not etag_matches('"a"', '"b"') and not etag_matches(None, '"b"')


async def test_pages_render_when_the_response_cache_is_down(
    tmp_path: Path, jwks_file: Path, admin_headers: dict[str, str]
) -> None:
    """The cache only saves work: without Redis the BFF is slower, not down."""
    settings = BffWebSettings(
        data_dir=tmp_path / "bff", environment="test", cache_url="redis://127.0.0.1:9/0"
    )
    async with mini_shop(
        tmp_path, jwks_file, admin_headers, name="bff_web", factory=create_app, settings=settings
    ) as shop:
        page = await shop.client.get("/api/categories/perfume")
        ready = await shop.client.get("/health/ready")

    assert page.status_code == 200 and page.json()["total"] == 2
    assert ready.status_code == 503 and ready.json()["checks"]["cache"].startswith("failing")
