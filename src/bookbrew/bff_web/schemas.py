"""What the web app sends (query models) and receives (page payloads)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints, model_validator

from bookbrew.contracts.catalog import Category, SortKey

# `name:value`, as the catalog's facet filter takes it.
FacetFilter = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}:[^\r\n]{1,120}$")]
Sku = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{2,31}$")]
SearchWords = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
PriceBound = Annotated[int, Field(ge=0, le=100_000_000, description="Minor units")]


# ---- requests -------------------------------------------------------------------


class ListingQuery(BaseModel):
    """Filters, sort and page of a category listing."""

    facet: Annotated[
        list[FacetFilter], Field(max_length=20, description="`name:value`, repeatable")
    ] = []
    price_min: PriceBound | None = None
    price_max: PriceBound | None = None
    in_stock: bool = False
    sort: SortKey = "popular"
    cursor: Annotated[str, StringConstraints(max_length=500)] | None = None
    limit: Annotated[int, Field(ge=1, le=96)] = 24

    @model_validator(mode="after")
    def _price_range_in_order(self) -> ListingQuery:
        if (
            self.price_min is not None
            and self.price_max is not None
            and self.price_min > self.price_max
        ):
            raise ValueError("price_min must not be above price_max")
        return self

    def facet_filters(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for item in self.facet:
            name, _, value = item.partition(":")
            grouped.setdefault(name, []).append(value)
        return grouped


class SearchQuery(ListingQuery):
    """A listing across categories (or within one) for some words."""

    q: SearchWords
    category: Category | None = None
    sort: SortKey = "relevance"


# ---- responses ------------------------------------------------------------------


class Price(BaseModel):
    amount: int = Field(description="Minor units (cents)")
    currency: str
    display: str = Field(description="Formatted for display, e.g. `€12.99`")


class ProductCard(BaseModel):
    sku: str
    name: str
    category: Category
    description: str = Field(description="Shortened to a card's length")
    price: Price
    images: list[str] = Field(description="URLs this app serves (or absolute ones)")
    tags: list[str]
    attributes: dict[str, Any]
    in_stock: bool


class ProductDetail(ProductCard):
    description: str = Field(description="In full")
    few_left: int | None = Field(description="How many remain, when only a few do")


class HomeSection(BaseModel):
    category: Category
    title: str
    items: list[ProductCard]


class HomePage(BaseModel):
    sections: list[HomeSection] = Field(description="Best sellers of every category")


class FacetOption(BaseModel):
    value: str
    count: int
    selected: bool


class FacetGroup(BaseModel):
    name: str
    options: list[FacetOption]


class PriceRange(BaseModel):
    min: int
    max: int | None
    count: int


class ListingFacets(BaseModel):
    categories: list[FacetOption]
    price: list[PriceRange]
    groups: list[FacetGroup]


class AppliedFilters(BaseModel):
    q: str | None
    category: Category | None
    facets: dict[str, list[str]]
    price_min: int | None
    price_max: int | None
    in_stock: bool
    sort: SortKey


class ListingPage(BaseModel):
    items: list[ProductCard]
    total: int
    next_cursor: str | None
    facets: ListingFacets
    applied: AppliedFilters


class ProductDetailPage(BaseModel):
    product: ProductDetail
    related: list[ProductCard] = Field(description="More from this category, most alike first")
