"""BFF Mobile routes: the app's screens under `/api`, and product images under `/media`
(both below `/mobile` in the embedded shop)."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Query, Request, Response

from bookbrew.bff_mobile.deps import ScreensDep, Settings
from bookbrew.bff_mobile.schemas import (
    BrowseQuery,
    FindQuery,
    Home,
    Listing,
    Picks,
    ProductScreen,
)
from bookbrew.contracts.catalog import Category, Sku
from bookbrew.platform import responses
from bookbrew.platform.auth import TokenVerifier, bearer_token
from bookbrew.platform.deps import CacheDep
from bookbrew.platform.problems import Problem

screens = APIRouter(prefix="/api", tags=["screens"], responses=responses.READ_RESPONSES)
media = APIRouter(prefix="/media", tags=["media"])


# The anonymous home is the same for everyone; with a token it carries one shopper's
# picks. Shared caches must tell them apart.
VARY_AUTHORIZATION = {"Vary": "Authorization"}


@screens.get(
    "/home",
    response_model=Home,
    responses={
        401: responses.documented_problem(
            "A bearer token that does not verify (expired, forged): refresh it, or call "
            "without one for the anonymous home"
        )
    },
)
async def get_home(
    request: Request, cache: CacheDep, ui: ScreensDep, settings: Settings
) -> Response:
    """A shelf of best sellers per category (cached, shared). With a bearer token also
    `picks`: the shopper's curated picks with reasons, asked with their token within a
    ~150 ms budget; `picks.available: false` when curation is slow or down."""

    async def render() -> bytes:
        home = await ui.home(shelf_size=settings.shelf_size)
        return home.model_dump_json(exclude={"picks"}).encode()

    body = await responses.cached_body(
        cache,
        responses.cache_key("home", request, {}),
        ttl_seconds=settings.home_screen_ttl_seconds,
        render=render,
    )
    token = bearer_token(request)
    if token is None:
        return responses.conditional_response(
            request,
            body,
            max_age=int(settings.home_screen_ttl_seconds),
            headers=VARY_AUTHORIZATION,
        )
    verifier: TokenVerifier = request.app.state.verifier
    try:
        shopper = await verifier.verify(token)
    except Problem as exc:
        if exc.status == 401:
            raise
        picks = Picks(available=False)  # signing keys out of reach: best sellers alone
    else:
        picks = await ui.picks(
            customer_id=shopper.subject,
            token=token,
            size=settings.home_picks_size,
            budget_seconds=settings.curation_timeout_seconds,
        )
    home = orjson.loads(body)
    home["picks"] = picks.model_dump(mode="json")
    # One shopper's screen: never stored by a shared cache, revalidated by the app.
    return responses.conditional_response(
        request, orjson.dumps(home), max_age=0, public=False, headers=VARY_AUTHORIZATION
    )


@screens.get("/categories/{category}", response_model=Listing)
async def list_category(
    request: Request,
    cache: CacheDep,
    ui: ScreensDep,
    settings: Settings,
    category: Category,
    query: Annotated[BrowseQuery, Query()],
) -> Response:
    """A category screen; filter counts with the first page."""
    key = responses.cache_key("category", request, {**query.model_dump(), "category": category})
    return await responses.cached_json(
        request,
        cache,
        key,
        ttl_seconds=settings.list_screen_ttl_seconds,
        build=lambda: ui.browse(
            query, category=category, q=None, values_shown=settings.filter_values_shown
        ),
    )


@screens.get("/search", response_model=Listing)
async def search_products(
    request: Request,
    cache: CacheDep,
    ui: ScreensDep,
    settings: Settings,
    query: Annotated[FindQuery, Query()],
) -> Response:
    """Search results, across categories unless one is given."""
    key = responses.cache_key("search", request, query.model_dump())
    return await responses.cached_json(
        request,
        cache,
        key,
        ttl_seconds=settings.list_screen_ttl_seconds,
        build=lambda: ui.browse(
            query, category=query.category, q=query.q, values_shown=settings.filter_values_shown
        ),
    )


@screens.get("/products/{sku}", response_model=ProductScreen)
async def get_product_detail(
    request: Request, cache: CacheDep, ui: ScreensDep, settings: Settings, sku: Sku
) -> Response:
    """A product with a short list of highlights, and "more like this": curation's
    similar products (with the `recommendation_id` to send back with clicks on them), or,
    when curation is slow or away, more from its category (most alike first)."""
    key = responses.cache_key("product", request, {"sku": sku})
    return await responses.cached_json(
        request,
        cache,
        key,
        ttl_seconds=settings.product_screen_ttl_seconds,
        build=lambda: ui.product(
            sku,
            related_size=settings.related_size,
            similar_budget_seconds=settings.similar_timeout_seconds,
        ),
    )


@media.get(
    "/{sku}.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}, **responses.READ_RESPONSES},
)
async def get_product_image(
    request: Request, cache: CacheDep, ui: ScreensDep, settings: Settings, sku: Sku
) -> Response:
    """The product's picture, proxied from the catalog."""
    return await responses.cached_response(
        request,
        cache,
        responses.cache_key("media", request, {"sku": sku}),
        ttl_seconds=settings.image_ttl_seconds,
        render=lambda: ui.image(sku),
        media_type="image/svg+xml",
        max_age=settings.image_max_age_seconds,
        headers=responses.IMAGE_HEADERS,
    )
