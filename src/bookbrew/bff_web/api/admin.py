"""Staff pages' API (admin role): products and stock (catalog), reports (reporting,
JSON and CSV) and orders (orders), each relayed with the admin's own token and never
cached. The services check the role themselves; this checks it first to spare them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Request, Response

from bookbrew.bff_web.deps import (
    ADMIN_RESPONSES,
    CSRF,
    AdminDep,
    CatalogDep,
    OrderId,
    OrdersDep,
    ReportingDep,
    call_for_shopper,
    json_response,
)
from bookbrew.bff_web.schemas import (
    AdminReport,
    Order,
    OrderPage,
)
from bookbrew.contracts.catalog import Category, Product, ProductPage, ProductStatus, Sku, SortKey
from bookbrew.contracts.orders import CancelBody, OrderStatus, SetOrderStatusBody
from bookbrew.contracts.product_writes import ProductCreate, ProductUpdate, StockAdjustment
from bookbrew.platform.deps import CacheDep
from bookbrew.platform.responses import cache_key, documented_problem

ReportName = Literal[
    "sales",
    "top-products",
    "funnel",
    "curation",
    "questionnaire",
    "customers",
    "cohorts",
    "low-stock",
    "sell-through",
]


router = APIRouter(
    prefix="/api/admin", tags=["admin"], dependencies=CSRF, responses=ADMIN_RESPONSES
)


def _params(**values: Any) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not None and value != []}


async def _forget_product_page(request: Request, cache: CacheDep, sku: str) -> None:
    """The shop's cached product page shows the change at once (listings expire soon)."""
    try:
        await cache.delete(cache_key("product", request, {"sku": sku}))
    except Exception:  # the cache only saves work
        pass


# ---- products and stock ------------------------------------------------------------------


@router.get("/products", response_model=ProductPage)
async def admin_list_products(
    request: Request,
    current: AdminDep,
    catalog: CatalogDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    category: Category | None = None,
    status: Annotated[list[ProductStatus], Query(max_length=3)] = [],
    low_stock_below: Annotated[int | None, Query(ge=0, le=10_000_000)] = None,
    sort: SortKey = "name",
    cursor: Annotated[str | None, Query(max_length=500)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Response:
    """Every product (drafts and archived too), with search, filters and cursor pages."""
    params = _params(
        q=q,
        category=category,
        status=status,
        low_stock_below=low_stock_below,
        sort=sort,
        cursor=cursor,
        limit=limit,
    )
    answer = await call_for_shopper(
        request, current, catalog, "GET", "/admin/products", params=params
    )
    return json_response(answer.json())


@router.post("/products", response_model=Product, status_code=201)
async def admin_create_product(
    request: Request, current: AdminDep, catalog: CatalogDep, body: ProductCreate
) -> Response:
    answer = await call_for_shopper(
        request, current, catalog, "POST", "/admin/products", json=body.model_dump(mode="json")
    )
    return json_response(answer.json(), 201)


@router.get("/products/{sku}", response_model=Product)
async def admin_get_product(
    request: Request, current: AdminDep, catalog: CatalogDep, sku: Sku
) -> Response:
    answer = await call_for_shopper(request, current, catalog, "GET", f"/admin/products/{sku}")
    return json_response(answer.json())


@router.patch(
    "/products/{sku}",
    response_model=Product,
    responses={412: documented_problem("`version-mismatch`: `If-Match` names an old version")},
)
async def admin_update_product(
    request: Request,
    current: AdminDep,
    catalog: CatalogDep,
    cache: CacheDep,
    sku: Sku,
    body: ProductUpdate,
    if_match: Annotated[
        str | None, Header(max_length=40, description="The version the edit started from")
    ] = None,
) -> Response:
    """Edit a product (name, price, stock, status, …); only the fields sent change."""
    answer = await call_for_shopper(
        request,
        current,
        catalog,
        "PATCH",
        f"/admin/products/{sku}",
        json=body.model_dump(mode="json", exclude_unset=True),
        headers={"If-Match": if_match} if if_match else {},
    )
    await _forget_product_page(request, cache, sku)
    return json_response(answer.json())


@router.delete("/products/{sku}", status_code=204)
async def admin_delete_product(
    request: Request, current: AdminDep, catalog: CatalogDep, cache: CacheDep, sku: Sku
) -> Response:
    await call_for_shopper(request, current, catalog, "DELETE", f"/admin/products/{sku}")
    await _forget_product_page(request, cache, sku)
    return Response(status_code=204, headers={"Cache-Control": "no-store"})


@router.post("/products/{sku}/stock", response_model=Product)
async def admin_adjust_stock(
    request: Request,
    current: AdminDep,
    catalog: CatalogDep,
    cache: CacheDep,
    sku: Sku,
    body: StockAdjustment,
) -> Response:
    """Add (or, negative, take away) units of stock, with a reason."""
    answer = await call_for_shopper(
        request, current, catalog, "POST", f"/admin/products/{sku}/stock", json=body.model_dump()
    )
    await _forget_product_page(request, cache, sku)
    return json_response(answer.json())


# ---- reports -------------------------------------------------------------------------------

ReportFormat = Literal["json", "csv"]


@router.get(
    "/reports/{name}",
    response_model=AdminReport,
    responses={
        200: {"content": {"text/csv": {}}},
        400: documented_problem("`invalid-date-range` or `date-range-too-long`"),
    },
)
async def admin_report(
    request: Request,
    current: AdminDep,
    reporting: ReportingDep,
    name: Annotated[ReportName, Path()],
    date_from: Annotated[date | None, Query(alias="from", description="First day")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Last day (inclusive)")] = None,
    category: Category | None = None,
    granularity: Literal["day", "week", "month"] | None = None,
    limit: Annotated[int | None, Query(ge=1, le=100)] = None,
    by: Literal["revenue", "units"] | None = None,
    threshold: Annotated[int | None, Query(ge=0, le=1_000_000)] = None,
    format: ReportFormat = "json",
) -> Response:
    """A report (the last 30 days unless `from`/`to` say otherwise) as JSON, or with
    `format=csv` as a CSV download (`Content-Disposition: attachment`)."""
    params = _params(
        **{"from": date_from, "to": date_to},
        category=category,
        granularity=granularity if name == "sales" else None,
        limit=limit if name == "top-products" else None,
        by=by if name == "top-products" else None,
        threshold=threshold if name == "low-stock" else None,
        format=format,
    )
    answer = await call_for_shopper(
        request, current, reporting, "GET", f"/reports/{name}", params=params
    )
    if format == "csv":
        disposition = answer.headers.get(
            "content-disposition", f'attachment; filename="{name}.csv"'
        )
        return Response(
            answer.content,
            media_type=answer.headers.get("content-type", "text/csv; charset=utf-8"),
            headers={"Content-Disposition": disposition, "Cache-Control": "private, no-store"},
        )
    return json_response(answer.json())


# ---- orders ------------------------------------------------------------------------------


@router.get("/orders", response_model=OrderPage)
async def admin_list_orders(
    request: Request,
    current: AdminDep,
    orders: OrdersDep,
    status: Annotated[list[OrderStatus], Query(max_length=8)] = [],
    customer_id: Annotated[str | None, Query(max_length=64)] = None,
    created_from: Annotated[datetime | None, Query(description="Inclusive, ISO 8601")] = None,
    created_to: Annotated[datetime | None, Query(description="Exclusive, ISO 8601")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """All orders, newest first, filtered by status, customer and creation time."""
    params = _params(
        status=status,
        customer_id=customer_id,
        created_from=created_from.isoformat() if created_from else None,
        created_to=created_to.isoformat() if created_to else None,
        limit=limit,
        cursor=cursor,
    )
    answer = await call_for_shopper(request, current, orders, "GET", "/admin/orders", params=params)
    return json_response(answer.json())


@router.get("/orders/{order_id}", response_model=Order)
async def admin_get_order(
    request: Request, current: AdminDep, orders: OrdersDep, order_id: OrderId
) -> Response:
    answer = await call_for_shopper(request, current, orders, "GET", f"/admin/orders/{order_id}")
    return json_response(answer.json())


@router.post(
    "/orders/{order_id}/status",
    response_model=Order,
    responses={409: documented_problem("`illegal-order-transition`")},
)
async def admin_set_order_status(
    request: Request,
    current: AdminDep,
    orders: OrdersDep,
    order_id: OrderId,
    body: SetOrderStatusBody,
) -> Response:
    """Fulfilment: processing → shipped → delivered (only allowed transitions)."""
    answer = await call_for_shopper(
        request,
        current,
        orders,
        "POST",
        f"/admin/orders/{order_id}/status",
        json=body.model_dump(exclude_none=True),
    )
    return json_response(answer.json())


@router.post(
    "/orders/{order_id}/cancel",
    response_model=Order,
    responses={409: documented_problem("Shipped or ended: no longer cancellable")},
)
async def admin_cancel_order(
    request: Request,
    current: AdminDep,
    orders: OrdersDep,
    order_id: OrderId,
    body: CancelBody | None = None,
) -> Response:
    """Cancel before shipping: refunded and restocked."""
    answer = await call_for_shopper(
        request,
        current,
        orders,
        "POST",
        f"/orders/{order_id}/cancel",
        json=(body or CancelBody(reason="cancelled by staff")).model_dump(),
    )
    return json_response(answer.json())
