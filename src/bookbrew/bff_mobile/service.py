"""Mobile screen use cases: ask the catalog (and curation, within a budget), keep only
what a phone draws."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from pydantic import ValidationError

from bookbrew.bff_mobile.schemas import (
    BrowseQuery,
    Card,
    Count,
    Detail,
    Filters,
    Home,
    Listing,
    Pick,
    Picks,
    PriceBand,
    ProductScreen,
    Shelf,
)
from bookbrew.clients.curation import picks_for, similar_products
from bookbrew.contracts.catalog import CATEGORIES, Category, Facets, Product, ProductPage
from bookbrew.contracts.curation import RecommendedItem
from bookbrew.platform.http import ServiceClient, ServiceError, ServiceUnavailable
from bookbrew.platform.problems import Problem
from bookbrew.platform.responses import display_price

log = logging.getLogger(__name__)

# The facet (and the attribute it comes from) that "more like this" matches on when
# curation is slow or away.
KINSHIP: dict[Category, tuple[str, str]] = {
    "book": ("genre", "genres"),
    "perfume": ("family", "family"),
    "coffee": ("roast", "roast"),
    "beverage": ("style", "style"),
}
MAX_HIGHLIGHTS = 3
BEST_SELLERS: dict[str, Any] = {"sort": "popular", "in_stock": True}


def _words(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value if str(item).strip()]
    return [str(value)] if value not in (None, "") else []


def _book(a: dict[str, Any]) -> list[str]:
    authors = _words(a.get("authors"))
    byline = [f"by {', '.join(authors[:2])}{' et al.' if len(authors) > 2 else ''}"]
    return [*(byline if authors else []), *_words(a.get("genres"))[:1], *_words(a.get("year"))]


def _perfume(a: dict[str, Any]) -> list[str]:
    return [*_words(a.get("brand")), *_words(a.get("concentration")), *_words(a.get("family"))]


def _coffee(a: dict[str, Any]) -> list[str]:
    roast = [f"{r.capitalize()} roast" for r in _words(a.get("roast"))]
    return [*_words(a.get("origin")), *roast, *_words(a.get("process"))]


def _beverage(a: dict[str, Any]) -> list[str]:
    abv = a.get("abv")
    return [*_words(a.get("style")), *([f"{abv:g}% ABV"] if isinstance(abv, int | float) else [])]


HIGHLIGHTS: dict[Category, Callable[[dict[str, Any]], list[str]]] = {
    "book": _book,
    "perfume": _perfume,
    "coffee": _coffee,
    "beverage": _beverage,
}


def highlights(product: Product) -> list[str]:
    """A few short facts for the detail screen, instead of every attribute."""
    return [fact[:60] for fact in HIGHLIGHTS[product.category](product.attributes)][:MAX_HIGHLIGHTS]


@dataclass(frozen=True)
class Screens:
    """The mobile screens, for one request: `root` is where this app is mounted
    (`/mobile` in the embedded shop), which every media URL starts with. Without
    `curation`, "more like this" comes from the catalog alone."""

    catalog: ServiceClient
    root: str
    curation: ServiceClient | None = None

    def _image(self, sku: str, images: list[str]) -> list[str]:
        # Catalog media are proxied under this app; https URLs load as they are (plain
        # http ones would be blocked by the apps' transport security).
        loadable = [
            f"{self.root}{url}" if url.startswith("/media/") else url
            for url in images
            if url.startswith("/media/") or url.startswith("https://")
        ]
        return loadable or [f"{self.root}/media/{sku}.svg"]

    def card(self, product: Product) -> Card:
        return Card(
            sku=product.sku,
            name=product.name,
            category=product.category,
            price=product.price.amount,
            currency=product.price.currency,
            price_display=display_price(product.price.amount, product.price.currency),
            image=self._image(product.sku, product.images)[0],
            in_stock=product.in_stock,
        )

    async def _page(self, params: dict[str, Any]) -> ProductPage:
        present = {key: value for key, value in params.items() if value is not None}
        return ProductPage.model_validate(await self.catalog.get_json("/products", params=present))

    async def home(self, *, shelf_size: int) -> Home:
        best = {**BEST_SELLERS, "limit": shelf_size}
        shelves = await asyncio.gather(*(self._page({**best, "category": c}) for c in CATEGORIES))
        return Home(
            shelves=[
                Shelf(category=c, items=[self.card(p) for p in shelf.items])
                for c, shelf in zip(CATEGORIES, shelves, strict=True)
            ]
        )

    async def browse(
        self, query: BrowseQuery, *, category: Category | None, q: str | None, values_shown: int
    ) -> Listing:
        first_page = query.cursor is None
        found = await self._page(
            {
                **query.model_dump(exclude={"category", "q"}),
                "category": category,
                "q": q,
                "facets": first_page,
            }
        )
        return Listing(
            items=[self.card(p) for p in found.items],
            total=found.total,
            next_cursor=found.next_cursor,
            filters=_filters(found.facets, values_shown) if first_page else None,
        )

    def pick(self, item: RecommendedItem) -> Pick:
        return Pick(
            sku=item.sku,
            name=item.name,
            category=item.category,
            price=item.price.amount,
            currency=item.price.currency,
            price_display=display_price(item.price.amount, item.price.currency),
            image=f"{self.root}/media/{quote(item.sku, safe='')}.svg",
            reason=item.reason,
            novel=item.novel,
        )

    async def picks(
        self, *, customer_id: str, token: str, size: int, budget_seconds: float
    ) -> Picks:
        """The shopper's picks (asked with their own token), within the home screen's
        budget. Slow, down, refusing or unreadable: `available: false`, and the screen
        shows its best sellers alone. A timeout counts as a failure for the circuit
        breaker, which then skips the call for a while."""
        if self.curation is None:
            return Picks(available=False)
        try:
            found = await picks_for(
                self.curation, customer_id, token, limit=size, budget_seconds=budget_seconds
            )
        except (ServiceUnavailable, Problem, ValidationError) as exc:
            log.warning("no picks for the home screen: %s", exc)
            return Picks(available=False)
        return Picks(
            available=True,
            recommendation_id=found.recommendation_id,
            strategy=found.strategy,
            model_version=found.model_version,
            items=[self.pick(item) for item in found.items][:size],
        )

    async def product(
        self, sku: str, *, related_size: int, similar_budget_seconds: float = 0.25
    ) -> ProductScreen:
        """The product, and "more like this": curation's similar products within a
        budget, else (slow, down, unknown product, none in stock) the catalog's kin."""
        product = Product.model_validate(await self.catalog.get_json(f"/products/{sku}"))
        detail = Detail(
            sku=product.sku,
            name=product.name,
            category=product.category,
            description=product.description,
            price=product.price.amount,
            currency=product.price.currency,
            price_display=display_price(product.price.amount, product.price.currency),
            images=self._image(product.sku, product.images),
            in_stock=product.in_stock,
            highlights=highlights(product),
        )
        similar = (
            await similar_products(
                self.curation,
                self.catalog,
                product,
                size=related_size,
                budget_seconds=similar_budget_seconds,
            )
            if self.curation is not None
            else None
        )
        if similar is not None:
            items, listed = similar
            return ProductScreen(
                product=detail,
                related=[self.card(p) for p in items],
                related_source="curation",
                recommendation_id=listed.recommendation_id,
                model_version=listed.model_version,
            )
        related = await self._more_like(product, related_size)
        return ProductScreen(product=detail, related=[self.card(p) for p in related])

    async def _more_like(self, product: Product, size: int) -> list[Product]:
        """Best sellers of the category sharing its kinship facet, then any best
        sellers; a page without them still beats no page, so failures leave it empty."""
        facet, attribute = KINSHIP[product.category]
        kin = [
            f"{facet}:{word}"
            for word in _words(product.attributes.get(attribute))
            if len(word) <= 120 and "\n" not in word and "\r" not in word
        ][:10]
        wanted = {**BEST_SELLERS, "category": product.category, "limit": size + 1}
        try:
            kindred, popular = await asyncio.gather(
                self._page({**wanted, "facet": kin}) if kin else _nothing(),
                self._page(wanted),
            )
        except (ServiceUnavailable, ServiceError) as exc:
            log.warning("no related products for %s: %s", product.sku, exc)
            return []
        seen = {product.sku}
        ordered = []
        for candidate in [*kindred.items, *popular.items]:
            if candidate.sku not in seen:
                seen.add(candidate.sku)
                ordered.append(candidate)
        return ordered[:size]

    async def image(self, sku: str) -> bytes:
        response = await self.catalog.request("GET", f"/media/{sku}.svg")
        return response.content


async def _nothing() -> ProductPage:
    return ProductPage(items=[], next_cursor=None, total=0)


def _filters(facets: Facets | None, values_shown: int) -> Filters | None:
    if facets is None:
        return None
    return Filters(
        price=[PriceBand(min=b.min, max=b.max, count=b.count) for b in facets.price if b.count],
        attributes={
            name: [Count(value=v.value, count=v.count) for v in values[:values_shown]]
            for name, values in facets.attributes.items()
        },
    )
