"""Staff routes: the order list with filters, fulfilment statuses, restock, recovery."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request

from bookbrew.orders import repository, schemas
from bookbrew.orders.api.deps import ContextDep, to_order
from bookbrew.orders.service import fulfilment, recovery, saga
from bookbrew.orders.states import OrderStatus
from bookbrew.platform.auth import bearer_token
from bookbrew.platform.deps import AdminDep, SessionDep
from bookbrew.platform.problems import Conflict, Problem

router = APIRouter(prefix="/admin/orders", tags=["admin"])


@router.get("", response_model=schemas.OrderPage)
async def admin_list_orders(
    _: AdminDep,
    ctx: ContextDep,
    session: SessionDep,
    status: Annotated[list[schemas.OrderStatus], Query(max_length=8)] = [],
    customer_id: Annotated[str | None, Query(max_length=64)] = None,
    created_from: Annotated[datetime | None, Query(description="Inclusive, ISO 8601")] = None,
    created_to: Annotated[datetime | None, Query(description="Exclusive, ISO 8601")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> schemas.OrderPage:
    for value in (created_from, created_to):
        if value is not None and value.tzinfo is None:
            raise Problem(422, "validation-error", "Dates need a time zone (e.g. Z).")
    rows, next_cursor = await repository.list_orders(
        session,
        repository.OrderFilter(
            customer_id=customer_id,
            statuses=tuple(status),
            created_from=created_from,
            created_to=created_to,
        ),
        limit=limit,
        cursor=cursor,
    )
    return schemas.OrderPage(items=[to_order(ctx, row) for row in rows], next_cursor=next_cursor)


@router.get("/{order_id}", response_model=schemas.Order)
async def admin_get_order(
    _: AdminDep, ctx: ContextDep, session: SessionDep, order_id: str
) -> schemas.Order:
    order = await saga.load(ctx, order_id[:36], session)
    return to_order(ctx, order, await repository.transitions(session, order.id))


@router.post("/{order_id}/status", response_model=schemas.Order)
async def set_order_status(
    admin: AdminDep,
    ctx: ContextDep,
    session: SessionDep,
    order_id: str,
    body: schemas.SetOrderStatusBody,
) -> schemas.Order:
    """Fulfilment: processing → shipped → delivered (only allowed transitions)."""
    order = await fulfilment.set_status(
        ctx,
        session,
        order_id[:36],
        OrderStatus(body.status),
        actor=f"admin:{admin.subject}",
        note=body.note,
    )
    return to_order(ctx, order)


@router.post("/{order_id}/restock", response_model=schemas.Order)
async def restock_order(
    request: Request, _: AdminDep, ctx: ContextDep, order_id: str
) -> schemas.Order:
    """Return a cancelled order's committed stock to the catalog (with this staff token)."""
    order = await saga.load(ctx, order_id[:36])
    if order.restock_status != "pending":
        raise Conflict(
            f"Nothing to restock (restock is {order.restock_status}).", kind="nothing-to-restock"
        )
    await fulfilment.restock(ctx, order, staff_token=bearer_token(request))
    return to_order(ctx, await saga.load(ctx, order.id))


@router.post("/recovery", response_model=dict[str, int])
async def run_recovery(_: AdminDep, ctx: ContextDep) -> dict[str, int]:
    """Run the recovery sweep now (it also runs on start and every few seconds)."""
    return {"looked_at": await recovery.sweep(ctx)}
