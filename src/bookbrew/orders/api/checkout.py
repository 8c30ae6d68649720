"""Checkout routes: place the order from the customer's cart, and confirm a payment
that waits for the shopper's step-up."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from bookbrew.orders import schemas
from bookbrew.orders.api.deps import (
    ContextDep,
    CustomerDep,
    IdempotencyKey,
    check_owner,
    to_order,
)
from bookbrew.orders.service import checkout, saga
from bookbrew.platform.auth import bearer_token
from bookbrew.platform.problems import Problem

router = APIRouter(tags=["checkout"])


@router.post(
    "/checkout",
    response_model=schemas.Order,
    status_code=201,
    responses={
        200: {"description": "A repeated submission: the same order", "model": schemas.Order},
        400: {"description": "No Idempotency-Key"},
        409: {"description": "Products no longer sold"},
        422: {"description": "Empty cart, bad input, or the key reused for another request"},
    },
)
async def place_order(
    request: Request,
    ctx: ContextDep,
    customer: CustomerDep,
    body: schemas.Checkout,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Check out the customer's cart. The answer is the order: `confirmed`, `failed`
    (with `reason`), `awaiting_confirmation` (with `next_action`: step-up, then
    `POST /orders/{id}/confirm-payment`), or rarely still `pending` (settled shortly)."""
    if idempotency_key is None:
        raise Problem(
            400, "idempotency-key-required", "Send an Idempotency-Key header with a checkout."
        )
    order, created = await checkout.checkout(
        ctx, customer.subject, bearer_token(request), idempotency_key, body
    )
    return JSONResponse(
        to_order(ctx, order).model_dump(mode="json"),
        status_code=201 if created else 200,
        headers={"Location": f"/orders/{order.id}"}
        | ({} if created else {"Idempotent-Replayed": "true"}),
    )


@router.post("/orders/{order_id}/confirm-payment", response_model=schemas.Order)
async def confirm_order_payment(
    request: Request, ctx: ContextDep, customer: CustomerDep, order_id: str
) -> schemas.Order:
    """Send the shopper's fresh token (signed in again with MFA) as the bearer token."""
    order = await saga.load(ctx, order_id[:36])
    check_owner(customer, order)
    return to_order(ctx, await checkout.confirm_payment(ctx, order, bearer_token(request)))
