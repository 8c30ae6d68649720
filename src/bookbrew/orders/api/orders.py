"""The shopper's orders: history, detail, cancellation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Request

from bookbrew.orders import repository, schemas
from bookbrew.orders.api.deps import (
    ContextDep,
    CustomerDep,
    CustomerOrAdminDep,
    check_owner,
    to_order,
)
from bookbrew.orders.service import fulfilment, saga
from bookbrew.platform.auth import bearer_token
from bookbrew.platform.deps import SessionDep

router = APIRouter(prefix="/orders", tags=["orders"])


@router.get("", response_model=schemas.OrderPage)
async def list_my_orders(
    ctx: ContextDep,
    session: SessionDep,
    customer: CustomerDep,
    status: Annotated[list[schemas.OrderStatus], Query(max_length=8)] = [],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> schemas.OrderPage:
    """The customer's own orders, newest first."""
    rows, next_cursor = await repository.list_orders(
        session,
        repository.OrderFilter(customer_id=customer.subject, statuses=tuple(status)),
        limit=limit,
        cursor=cursor,
    )
    return schemas.OrderPage(items=[to_order(ctx, row) for row in rows], next_cursor=next_cursor)


@router.get("/{order_id}", response_model=schemas.Order)
async def get_order(
    ctx: ContextDep, session: SessionDep, viewer: CustomerOrAdminDep, order_id: str
) -> schemas.Order:
    order = await saga.load(ctx, order_id[:36], session)
    check_owner(viewer, order)
    return to_order(ctx, order, await repository.transitions(session, order.id))


@router.post("/{order_id}/cancel", response_model=schemas.Order)
async def cancel_order(
    request: Request,
    ctx: ContextDep,
    viewer: CustomerOrAdminDep,
    order_id: str,
    body: Annotated[schemas.CancelBody | None, Body()] = None,
) -> schemas.Order:
    """Before shipping: the payment is refunded and the stock returned."""
    order = await saga.load(ctx, order_id[:36])
    check_owner(viewer, order)
    reason = (body or schemas.CancelBody()).reason
    order = await fulfilment.cancel(
        ctx,
        order,
        actor=f"{'admin' if viewer.is_admin else 'customer'}:{viewer.subject}",
        reason=reason,
        staff_token=bearer_token(request) if viewer.is_admin else None,
    )
    return to_order(ctx, order)
