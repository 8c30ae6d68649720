"""Dependencies and answer shapes the orders routers share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

from fastapi import Depends, Header, Request

from bookbrew.contracts.catalog import Money
from bookbrew.orders import addresses, schemas
from bookbrew.orders.models import OrderRow, OrderTransitionRow
from bookbrew.orders.service.cart import GUEST_ID_PATTERN, Owner
from bookbrew.orders.service.context import OrdersContext
from bookbrew.platform.auth import Principal, TokenVerifier, bearer_token, require
from bookbrew.platform.problems import NotFound, Problem


async def get_context(request: Request) -> OrdersContext:
    context: OrdersContext = request.app.state.orders
    return context


async def optional_shopper(request: Request) -> Principal | None:
    """A signed-in shopper if a token is sent (it must then be valid); None for a guest."""
    token = bearer_token(request)
    if token is None:
        return None
    verifier: TokenVerifier = request.app.state.verifier
    principal = await verifier.verify(token)
    if "customer" not in principal.roles:
        raise Problem(403, "forbidden", "Carts belong to customers.")
    return principal


ContextDep = Annotated[OrdersContext, Depends(get_context)]
CustomerDep = Annotated[Principal, Depends(require(roles={"customer"}))]
CustomerOrAdminDep = Annotated[Principal, Depends(require(roles={"customer", "admin"}))]
ShopperDep = Annotated[Principal | None, Depends(optional_shopper)]
CartId = Annotated[
    str | None,
    Header(
        alias="X-Cart-Id",
        pattern=GUEST_ID_PATTERN,
        description="A guest's cart id (from a previous cart answer); ignored when signed in",
    ),
]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Required: the same key returns the same order.",
    ),
]


def owner_of(principal: Principal | None, cart_id: str | None) -> Owner:
    if principal is not None:
        return Owner(customer_id=principal.subject)
    return Owner(cart_id=cart_id)


def check_owner(principal: Principal, order: OrderRow) -> None:
    """Customers see their own orders only; anyone else's is answered 404, not 403."""
    if not principal.is_admin and order.customer_id != principal.subject:
        raise NotFound(f"No order {order.id}.")


def to_order(
    ctx: OrdersContext, order: OrderRow, history: Sequence[OrderTransitionRow] | None = None
) -> schemas.Order:
    def money(amount: int) -> Money:
        return Money(amount=amount, currency=order.currency)

    return schemas.Order(
        id=order.id,
        customer_id=order.customer_id,
        status=order.status,  # type: ignore[arg-type]
        lines=[
            schemas.OrderLine(
                sku=line.sku,
                name=line.name,
                category=line.category,
                quantity=line.quantity,
                unit_price=money(line.unit_price_minor),
                line_total=money(line.unit_price_minor * line.quantity),
            )
            for line in order.lines
        ],
        total=money(order.total_minor),
        reason=order.reason,
        payment=schemas.PaymentSummary(
            id=order.payment_id,
            status=order.payment_status,
            refunded=money(order.refunded_minor) if order.refunded_minor else None,
        ),
        next_action=order.next_action,
        shipping_address=addresses.unseal(ctx.ring, order),
        refund_status=order.refund_status,
        restock_status=order.restock_status,
        created_at=order.created_at,
        updated_at=order.updated_at,
        history=[
            schemas.OrderTransition(
                from_status=row.from_status,
                to_status=row.to_status,
                reason=row.reason,
                actor=row.actor,
                at=row.at,
            )
            for row in history
        ]
        if history is not None
        else None,
    )
