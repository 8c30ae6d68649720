"""Web page use cases: what to ask the catalog (concurrently where it can) and how to
shape its answers into the rich payloads the web app renders."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from pydantic import ValidationError

from bookbrew.bff_web.schemas import (
    AppliedFilters,
    Complement,
    Complements,
    FacetGroup,
    FacetOption,
    HomePage,
    HomeSection,
    ListingFacets,
    ListingPage,
    ListingQuery,
    Pick,
    Picks,
    Price,
    PriceRange,
    ProductCard,
    ProductDetail,
    ProductDetailPage,
)
from bookbrew.clients.curation import complements_for, picks_for, similar_products
from bookbrew.contracts import catalog
from bookbrew.contracts.catalog import CATEGORIES, Category
from bookbrew.platform.http import ServiceClient, ServiceError, ServiceUnavailable
from bookbrew.platform.problems import Problem
from bookbrew.platform.responses import display_price

log = logging.getLogger(__name__)

SECTION_TITLES: dict[Category, str] = {
    "book": "Best-selling books",
    "perfume": "Best-selling perfumes",
    "coffee": "Best-selling coffees",
    "beverage": "Best-selling beverages",
}
# Until curation's "more like this": facets that make two products of a category
# alike, most specific first (same author before same genre), as (facet, attribute).
AFFINITY: dict[Category, tuple[tuple[str, str], ...]] = {
    "book": (("author", "authors"), ("genre", "genres")),
    "perfume": (("brand", "brand"), ("family", "family")),
    "coffee": (("origin", "origin"), ("roast", "roast")),
    "beverage": (("style", "style"), ("kind", "kind")),
}
FEW_LEFT = 5


@dataclass(frozen=True)
class View:
    """How one request renders products: where this app is mounted (media URLs are
    under it) and how long a card's description may run."""

    root: str
    description_chars: int

    def images(self, product: catalog.Product) -> list[str]:
        # The catalog's own media paths are proxied by this app; other relative paths
        # would not load from here, so they are dropped for the placeholder.
        urls = [
            self.root + url if url.startswith("/media/") else url
            for url in product.images
            if url.startswith(("/media/", "https://", "http://"))
        ]
        return urls or [f"{self.root}/media/{product.sku}.svg"]

    def card(self, product: catalog.Product) -> ProductCard:
        return ProductCard(
            sku=product.sku,
            name=product.name,
            category=product.category,
            description=shorten(product.description, self.description_chars),
            price=price(product.price),
            images=self.images(product),
            tags=product.tags,
            attributes=product.attributes,
            in_stock=product.in_stock,
        )

    def detail(self, product: catalog.Product) -> ProductDetail:
        return ProductDetail(
            **self.card(product).model_dump(exclude={"description"}),
            description=product.description,
            few_left=product.stock if 0 < product.stock <= FEW_LEFT else None,
        )


def price(money: catalog.Money) -> Price:
    return Price(
        amount=money.amount,
        currency=money.currency,
        display=display_price(money.amount, money.currency),
    )


def shorten(text: str, limit: int) -> str:
    """At a word boundary, with an ellipsis, when longer than `limit` characters."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head:
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,.;:-") + "…"


async def products(client: ServiceClient, **params: Any) -> catalog.ProductPage:
    answer = await client.get_json(
        "/products", params={name: value for name, value in params.items() if value is not None}
    )
    return catalog.ProductPage.model_validate(answer)


async def home_page(client: ServiceClient, view: View, *, section_size: int) -> HomePage:
    best_sellers = await asyncio.gather(
        *(
            products(client, category=category, sort="popular", in_stock=True, limit=section_size)
            for category in CATEGORIES
        )
    )
    return HomePage(
        sections=[
            HomeSection(
                category=category,
                title=SECTION_TITLES[category],
                items=[view.card(product) for product in page.items],
            )
            for category, page in zip(CATEGORIES, best_sellers, strict=True)
        ]
    )


async def listing_page(
    client: ServiceClient,
    view: View,
    query: ListingQuery,
    *,
    category: Category | None,
    q: str | None = None,
) -> ListingPage:
    page = await products(
        client,
        q=q,
        category=category,
        facet=query.facet,
        price_min=query.price_min,
        price_max=query.price_max,
        in_stock=query.in_stock,
        sort=query.sort,
        cursor=query.cursor,
        limit=query.limit,
        facets=True,
    )
    chosen = query.facet_filters()
    return ListingPage(
        items=[view.card(product) for product in page.items],
        total=page.total,
        next_cursor=page.next_cursor,
        facets=listing_facets(page.facets, chosen, category),
        applied=AppliedFilters(
            q=q,
            category=category,
            facets=chosen,
            price_min=query.price_min,
            price_max=query.price_max,
            in_stock=query.in_stock,
            sort=query.sort,
        ),
    )


def listing_facets(
    found: catalog.Facets | None, chosen: dict[str, list[str]], category: Category | None
) -> ListingFacets:
    if found is None:
        return ListingFacets(categories=[], price=[], groups=[])
    return ListingFacets(
        categories=[
            FacetOption(value=option.value, count=option.count, selected=option.value == category)
            for option in found.category
        ],
        price=[PriceRange(min=b.min, max=b.max, count=b.count) for b in found.price],
        groups=[
            FacetGroup(
                name=name,
                options=[
                    FacetOption(
                        value=option.value,
                        count=option.count,
                        selected=option.value in chosen.get(name, ()),
                    )
                    for option in options
                ],
            )
            for name, options in found.attributes.items()
        ],
    )


async def product_page(
    client: ServiceClient,
    view: View,
    sku: str,
    *,
    related_size: int,
    curation: ServiceClient | None = None,
    similar_budget_seconds: float = 0.25,
) -> ProductDetailPage:
    """The product, and "more like this": curation's similar products within a budget,
    else (slow, down, unknown product, too few in stock) the catalog's related list."""
    product = catalog.Product.model_validate(await client.get_json(f"/products/{sku}"))
    if curation is not None:
        found = await similar_products(
            curation, client, product, size=related_size, budget_seconds=similar_budget_seconds
        )
        if found is not None:
            items, listed = found
            return ProductDetailPage(
                product=view.detail(product),
                related=[view.card(item) for item in items],
                related_source="curation",
                recommendation_id=listed.recommendation_id,
                model_version=listed.model_version,
            )
    related = await alike(client, product, size=related_size)
    return ProductDetailPage(
        product=view.detail(product), related=[view.card(item) for item in related]
    )


def affinity_filters(product: catalog.Product) -> list[list[str]]:
    """One facet filter per affinity facet the product has a value for."""
    filters = []
    for facet, attribute in AFFINITY[product.category]:
        raw = product.attributes.get(attribute)
        values = raw if isinstance(raw, list) else [] if raw is None else [raw]
        usable = [
            f"{facet}:{value}"
            for value in map(str, values)
            if value.strip() and len(value) <= 120 and not {"\r", "\n"} & set(value)
        ]
        if usable:
            filters.append(usable[:10])
    return filters


async def alike(
    client: ServiceClient, product: catalog.Product, *, size: int
) -> list[catalog.Product]:
    """Popular in-stock products of the same category, those sharing the most specific
    facet first, topped up with the category's best sellers; never the product itself.

    These are extras on a product page: when the catalog fails them, the page still
    renders without."""
    base: dict[str, Any] = {
        "category": product.category,
        "sort": "popular",
        "in_stock": True,
        "limit": size + 1,
    }
    queries = [{**base, "facet": facet} for facet in affinity_filters(product)] + [base]
    try:
        pages = await asyncio.gather(*(products(client, **query) for query in queries))
    except (ServiceUnavailable, ServiceError) as exc:
        log.warning("related products of %s unavailable: %s", product.sku, exc)
        return []
    picked: dict[str, catalog.Product] = {}
    for page in pages:
        for item in page.items:
            if item.sku != product.sku:
                picked.setdefault(item.sku, item)
    return list(picked.values())[:size]


async def product_image(client: ServiceClient, sku: str) -> bytes:
    return (await client.request("GET", f"/media/{sku}.svg")).content


async def home_picks(
    curation: ServiceClient,
    view: View,
    *,
    customer_id: str,
    token: str,
    size: int,
    budget_seconds: float,
) -> Picks:
    """The shopper's picks, within the home page's budget. Slow, down, or refusing:
    `available: false`, and the page renders with its best sellers alone. A timeout
    counts as a failure for the circuit breaker, which then skips the call for a while."""
    try:
        found = await picks_for(
            curation, customer_id, token, limit=size, budget_seconds=budget_seconds
        )
    except (ServiceUnavailable, Problem, ValidationError) as exc:
        log.warning("no picks for the home page: %s", exc)
        return Picks(available=False)
    return Picks(
        available=True,
        recommendation_id=found.recommendation_id,
        strategy=found.strategy,
        model_version=found.model_version,
        items=[
            Pick(
                sku=item.sku,
                name=item.name,
                category=item.category,
                price=price(item.price),
                image=f"{view.root}/media/{quote(item.sku, safe='')}.svg",
                reason=item.reason,
                novel=item.novel,
            )
            for item in found.items
        ],
    )


async def cart_complements(
    curation: ServiceClient,
    catalog_client: ServiceClient,
    view: View,
    cart_skus: list[str],
    *,
    customer_id: str | None,
    token: str | None,
    size: int,
    budget_seconds: float,
) -> Complements:
    """What goes well with the cart: curation's complements for its SKUs within the
    cart's budget, as the catalog has them now (active, in stock, in curation's order,
    never what the cart holds). Slow, down, refusing (or the catalog failing them):
    `available: false`, and the cart answers without them. An empty cart asks nothing."""
    in_cart = set(cart_skus)
    if not in_cart:
        return Complements(available=True)
    try:
        found = await complements_for(
            curation,
            cart_skus,
            token,
            customer_id=customer_id,
            limit=size + len(in_cart) + 4,
            budget_seconds=budget_seconds,
        )
        listed = {item.sku: item for item in found.items if item.sku not in in_cart}
        if not listed:
            return Complements(
                available=True,
                recommendation_id=found.recommendation_id,
                strategy=found.strategy,
                model_version=found.model_version,
            )
        answer = await catalog_client.get_json(
            "/products/batch", params={"sku": list(listed)[:100]}
        )
        by_sku = {p.sku: p for p in map(catalog.Product.model_validate, answer)}
    except (ServiceUnavailable, ServiceError, Problem, ValidationError, TypeError) as exc:
        log.warning("no complements for the cart: %s", exc)
        return Complements(available=False)
    items = [
        Complement(
            sku=product.sku,
            name=product.name,
            category=product.category,
            price=price(product.price),
            image=view.images(product)[0],
            reason=item.reason,
            novel=item.novel,
        )
        for item in listed.values()
        if (product := by_sku.get(item.sku)) is not None
        and product.status == "active"
        and product.in_stock
    ][:size]
    return Complements(
        available=True,
        recommendation_id=found.recommendation_id,
        strategy=found.strategy,
        model_version=found.model_version,
        items=items,
    )
