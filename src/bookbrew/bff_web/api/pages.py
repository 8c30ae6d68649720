"""BFF Web routes: the pages of the web app under `/api`, and product images."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Query, Request, Response

from bookbrew.bff_web import service
from bookbrew.bff_web.deps import (
    CatalogDep,
    CurationDep,
    MaybeSignedInDep,
    SettingsDep,
    ViewDep,
    user_token,
)
from bookbrew.bff_web.schemas import (
    HomePage,
    ListingPage,
    ListingQuery,
    Picks,
    ProductDetailPage,
    SearchQuery,
)
from bookbrew.contracts.catalog import Category, Sku
from bookbrew.platform.deps import CacheDep
from bookbrew.platform.problems import Problem
from bookbrew.platform.responses import (
    IMAGE_HEADERS,
    READ_RESPONSES,
    cache_key,
    cached_body,
    cached_json,
    cached_response,
    conditional_response,
)

pages = APIRouter(prefix="/api", tags=["pages"], responses=READ_RESPONSES)
media = APIRouter(tags=["media"])


@pages.get("/home", response_model=HomePage)
async def get_home(
    request: Request,
    cache: CacheDep,
    catalog: CatalogDep,
    curation: CurationDep,
    view: ViewDep,
    settings: SettingsDep,
    current: MaybeSignedInDep,
) -> Response:
    """Best sellers of every category (cached, shared); for a signed-in shopper also
    `picks`, curated with reasons, within a ~150 ms budget (`available: false` past it)."""

    async def render() -> bytes:
        page = await service.home_page(catalog, view, section_size=settings.home_section_size)
        return page.model_dump_json(exclude={"picks"}).encode()

    body = await cached_body(
        cache, cache_key("home", request, {}), ttl_seconds=settings.home_ttl_seconds, render=render
    )
    vary = {"Vary": "Cookie"}
    if current is None:
        return conditional_response(
            request, body, max_age=int(settings.home_ttl_seconds), headers=vary
        )
    try:
        token = await user_token(request, current)
    except Problem:
        picks = Picks(available=False)
    else:
        picks = await service.home_picks(
            curation,
            view,
            customer_id=current.session.customer_id,
            token=token,
            size=settings.home_picks_size,
            budget_seconds=settings.curation_timeout_seconds,
        )
    page = orjson.loads(body)
    page["picks"] = picks.model_dump(mode="json")
    return conditional_response(request, orjson.dumps(page), max_age=0, public=False, headers=vary)


@pages.get("/categories/{category}", response_model=ListingPage)
async def list_category(
    request: Request,
    cache: CacheDep,
    catalog: CatalogDep,
    view: ViewDep,
    settings: SettingsDep,
    category: Category,
    query: Annotated[ListingQuery, Query()],
) -> Response:
    """One category: facets, sort, price range, facet filters and cursor pages."""
    return await cached_json(
        request,
        cache,
        cache_key("category", request, {"category": category, **query.model_dump()}),
        ttl_seconds=settings.listing_ttl_seconds,
        build=lambda: service.listing_page(catalog, view, query, category=category),
    )


@pages.get("/search", response_model=ListingPage)
async def search_products(
    request: Request,
    cache: CacheDep,
    catalog: CatalogDep,
    view: ViewDep,
    settings: SettingsDep,
    query: Annotated[SearchQuery, Query()],
) -> Response:
    """Products matching some words, across categories unless one is given."""
    return await cached_json(
        request,
        cache,
        cache_key("search", request, query.model_dump()),
        ttl_seconds=settings.listing_ttl_seconds,
        build=lambda: service.listing_page(
            catalog, view, query, category=query.category, q=query.q
        ),
    )


@pages.get("/products/{sku}", response_model=ProductDetailPage)
async def get_product_detail(
    request: Request,
    cache: CacheDep,
    catalog: CatalogDep,
    curation: CurationDep,
    view: ViewDep,
    settings: SettingsDep,
    sku: Sku,
) -> Response:
    """A product in full, with "more like this": curation's similar products (with the
    `recommendation_id` to send back with clicks), or, when curation is slow or away,
    more from its category (most alike first)."""
    return await cached_json(
        request,
        cache,
        cache_key("product", request, {"sku": sku}),
        ttl_seconds=settings.product_ttl_seconds,
        build=lambda: service.product_page(
            catalog,
            view,
            sku,
            related_size=settings.related_size,
            curation=curation,
            similar_budget_seconds=settings.similar_timeout_seconds,
        ),
    )


@media.get(
    "/media/{sku}.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}, **READ_RESPONSES},
)
async def get_product_image(
    request: Request, cache: CacheDep, catalog: CatalogDep, settings: SettingsDep, sku: Sku
) -> Response:
    """The product's picture, proxied from the catalog, cacheable for a day."""
    return await cached_response(
        request,
        cache,
        cache_key("media", request, {"sku": sku}),
        ttl_seconds=settings.media_ttl_seconds,
        render=lambda: service.product_image(catalog, sku),
        media_type="image/svg+xml",
        max_age=settings.media_max_age_seconds,
        headers=IMAGE_HEADERS,
    )
