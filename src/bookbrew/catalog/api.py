"""Catalog HTTP routes: public browsing, admin product management, reservations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from fastapi.responses import JSONResponse

from bookbrew.catalog import repository, service
from bookbrew.catalog.demo import placeholder_svg
from bookbrew.catalog.schemas import CategorySummary, ReserveStock
from bookbrew.catalog.settings import CatalogSettings
from bookbrew.contracts.catalog import (
    Category,
    Facets,
    Product,
    ProductPage,
    Reservation,
    Sku,
    SortKey,
)
from bookbrew.contracts.product_writes import ProductCreate, ProductUpdate, StockAdjustment
from bookbrew.platform.deps import AdminDep, RuntimeDep, ServiceOrAdminDep, SessionDep
from bookbrew.platform.problems import Problem

public = APIRouter(tags=["products"])
admin = APIRouter(prefix="/admin", tags=["admin"])
reservations = APIRouter(prefix="/reservations", tags=["reservations"])

Facet = Annotated[str, Query(max_length=170, pattern=r"^[a-z_]{1,40}:.{1,120}$")]
Status = Annotated[str, Query(pattern="^(active|draft|archived)$")]


def parse_facets(raw: list[str]) -> dict[str, list[str]]:
    facets: dict[str, list[str]] = {}
    for item in raw:
        name, _, value = item.partition(":")
        facets.setdefault(name, []).append(value)
    return facets


async def _page(
    session: SessionDep,
    f: repository.ListFilter,
    sort: str,
    limit: int,
    cursor: str | None,
    with_facets: bool,
) -> ProductPage:
    rows, next_cursor = await repository.list_products(
        session, f, sort=sort, limit=limit, cursor=cursor
    )
    total = await repository.count_products(session, f)
    facets = (
        Facets.model_validate(await repository.facet_counts(session, f)) if with_facets else None
    )
    return ProductPage(
        items=[service.to_product(r) for r in rows],
        next_cursor=next_cursor,
        total=total,
        facets=facets,
    )


@public.get("/products", response_model=ProductPage)
async def list_products(
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=200, description="Words to search for")] = None,
    category: Category | None = None,
    facet: Annotated[list[Facet], Query(max_length=20, description="name:value, repeatable")] = [],
    price_min: Annotated[int | None, Query(ge=0, le=100_000_000)] = None,
    price_max: Annotated[int | None, Query(ge=0, le=100_000_000)] = None,
    in_stock: bool = False,
    sort: SortKey = "relevance",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 24,
    facets: bool = False,
) -> ProductPage:
    f = repository.ListFilter(
        q=q,
        category=category,
        facets=parse_facets(facet),
        price_min=price_min,
        price_max=price_max,
        in_stock_only=in_stock,
    )
    return await _page(session, f, sort, limit, cursor, facets)


@public.get("/products/batch", response_model=list[Product])
async def get_products_batch(
    session: SessionDep, sku: Annotated[list[Sku], Query(min_length=1, max_length=100)]
) -> list[Product]:
    """Several products at once (carts, recommendations); unknown SKUs are left out."""
    return [service.to_product(r) for r in await repository.get_products(session, sku)]


@public.get("/products/{sku}", response_model=Product)
async def get_product(session: SessionDep, sku: Sku) -> Product:
    product = await service.require_product(session, sku)
    if product.status != "active":
        raise Problem(404, "not-found", f"No product with SKU {sku}.")
    return service.to_product(product)


@public.get("/categories", response_model=list[CategorySummary])
async def list_categories(session: SessionDep) -> list[CategorySummary]:
    return [
        CategorySummary(category=c, products=n, in_stock=s)  # type: ignore[arg-type]
        for c, n, s in await repository.category_summary(session)
    ]


@public.get(
    "/media/{sku}.svg", response_class=Response, responses={200: {"content": {"image/svg+xml": {}}}}
)
async def product_image(session: SessionDep, sku: Sku) -> Response:
    """A placeholder picture drawn locally for every product (no downloads)."""
    product = await service.require_product(session, sku)
    svg = placeholder_svg({"sku": product.sku, "name": product.name, "category": product.category})
    return Response(
        svg,
        media_type="image/svg+xml",
        headers={
            "Cache-Control": "public, max-age=86400",
            "ETag": f'"{product.sku}-{product.version}"',
        },
    )


@admin.get("/products", response_model=ProductPage)
async def admin_list_products(
    _: AdminDep,
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    category: Category | None = None,
    status: Annotated[list[Status], Query(max_length=3)] = ["active", "draft", "archived"],
    low_stock_below: Annotated[int | None, Query(ge=0, le=10_000_000)] = None,
    sort: SortKey = "name",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ProductPage:
    f = repository.ListFilter(
        q=q, category=category, statuses=tuple(status), stock_below=low_stock_below
    )
    return await _page(session, f, sort, limit, cursor, with_facets=False)


@admin.post("/products", response_model=Product, status_code=201)
async def create_product(
    _: AdminDep, session: SessionDep, body: ProductCreate, response: Response
) -> Product:
    product = await service.create_product(session, body)
    response.headers["Location"] = f"/products/{product.sku}"
    return service.to_product(product)


@admin.get("/products/{sku}", response_model=Product)
async def admin_get_product(_: AdminDep, session: SessionDep, sku: Sku) -> Product:
    return service.to_product(await service.require_product(session, sku))


@admin.patch("/products/{sku}", response_model=Product)
async def update_product(
    _: AdminDep,
    session: SessionDep,
    sku: Sku,
    body: ProductUpdate,
    if_match: Annotated[str | None, Header(max_length=40, description="Expected version")] = None,
) -> Product:
    expected = None
    if if_match is not None:
        try:
            expected = int(if_match.strip('"W/'))
        except ValueError as exc:
            raise Problem(400, "bad-request", "If-Match must be a product version number.") from exc
    return service.to_product(
        await service.update_product(session, sku, body, expected_version=expected)
    )


@admin.delete("/products/{sku}", status_code=204)
async def delete_product(_: AdminDep, session: SessionDep, sku: Sku) -> Response:
    await service.delete_product(session, sku)
    return Response(status_code=204)


@admin.post("/products/{sku}/stock", response_model=Product)
async def adjust_stock(
    _: AdminDep, session: SessionDep, runtime: RuntimeDep, sku: Sku, body: StockAdjustment
) -> Product:
    settings: CatalogSettings = runtime.settings  # type: ignore[assignment]
    product = await service.adjust_stock(
        session, sku, body, low_stock_threshold=settings.low_stock_threshold
    )
    return service.to_product(product)


@reservations.post("", response_model=Reservation, status_code=201)
async def reserve_stock(
    _: ServiceOrAdminDep, session: SessionDep, runtime: RuntimeDep, body: ReserveStock
) -> JSONResponse:
    settings: CatalogSettings = runtime.settings  # type: ignore[assignment]
    ttl = min(
        body.ttl_seconds or settings.reservation_ttl_seconds, settings.max_reservation_ttl_seconds
    )
    reservation, created = await service.reserve_stock(
        session, body, ttl_seconds=ttl, low_stock_threshold=settings.low_stock_threshold
    )
    return JSONResponse(
        service.to_reservation(reservation).model_dump(mode="json"),
        status_code=201 if created else 200,
    )


@reservations.get("/{reservation_id}", response_model=Reservation)
async def get_reservation(
    _: ServiceOrAdminDep, session: SessionDep, reservation_id: str
) -> Reservation:
    found = await repository.get_reservation(session, reservation_id=reservation_id[:36])
    if found is None:
        raise Problem(404, "not-found", f"No reservation {reservation_id}.")
    return service.to_reservation(found)


@reservations.post("/{reservation_id}/commit", response_model=Reservation)
async def commit_reservation(
    _: ServiceOrAdminDep, session: SessionDep, reservation_id: str
) -> Reservation:
    return service.to_reservation(await service.commit_reservation(session, reservation_id[:36]))


@reservations.post("/{reservation_id}/release", response_model=Reservation)
async def release_reservation(
    _: ServiceOrAdminDep, session: SessionDep, reservation_id: str
) -> Reservation:
    return service.to_reservation(await service.release_reservation(session, reservation_id[:36]))
