"""After the saga: staff move orders through processing, shipped and delivered, and an
order is cancelled before it ships, with its money refunded and its stock returned.

A cancellation is recorded first (CANCELLED, with its event, refund and restock marked
pending) and compensated after: the refund is idempotent (its key is the order's), so
the sweep finishes it if this request cannot. Stock still held by an active reservation
is released; stock already committed goes back through the catalog's admin stock
adjustment, which needs a staff member's token (see the report: a service-role
"return a committed reservation" endpoint in the catalog would make this automatic).
A product deleted from the catalog since takes no stock back: the cancellation still
completes, with restock `partial`."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.orders import repository
from bookbrew.orders.clients import PaymentRefused, ReservationConflict
from bookbrew.orders.models import OrderRow
from bookbrew.orders.service import saga
from bookbrew.orders.service.context import OrdersContext
from bookbrew.orders.states import OrderStatus, check_transition
from bookbrew.platform.http import ServiceError, ServiceUnavailable
from bookbrew.platform.problems import Conflict, NotFound, Problem

log = logging.getLogger(__name__)

S = OrderStatus

# restock_status when some lines' products were deleted from the catalog meanwhile: the
# others went back, those have nowhere to go (logged with their SKUs and quantities).
NOT_ALL_RESTOCKED = "partial"


async def set_status(
    ctx: OrdersContext,
    session: AsyncSession,
    order_id: str,
    to: OrderStatus,
    *,
    actor: str,
    note: str | None,
) -> OrderRow:
    order = await repository.lock_order(session, order_id)
    if order is None:
        raise NotFound(f"No order {order_id}.")
    await saga.move(session, order, to, ring=ctx.ring, actor=actor, reason=note or order.reason)
    return order


async def cancel(
    ctx: OrdersContext,
    order: OrderRow,
    *,
    actor: str,
    reason: str,
    staff_token: str | None,
) -> OrderRow:
    if order.status == S.AWAITING_CONFIRMATION:
        return await _cancel_unpaid(ctx, order, actor=actor, reason=reason)
    check_transition(order.status, S.CANCELLED)
    async with ctx.db.unit_of_work() as session:
        locked = await repository.lock_order(session, order.id)
        assert locked is not None
        check_transition(locked.status, S.CANCELLED)
        await saga.move(
            session,
            locked,
            S.CANCELLED,
            ring=ctx.ring,
            actor=actor,
            reason=reason,
            refund_status="pending" if locked.payment_id else None,
            restock_status="pending",
        )
    return await compensate(ctx, order.id, staff_token=staff_token)


async def _cancel_unpaid(
    ctx: OrdersContext, order: OrderRow, *, actor: str, reason: str
) -> OrderRow:
    """Nothing was charged yet: cancel the payment, release the stock."""
    assert order.payment_id is not None
    try:
        payment = await ctx.payments.cancel(order.payment_id)
    except PaymentRefused as exc:
        if exc.kind != "illegal-payment-transition":
            raise
        # It went through meanwhile: settle that, then cancel the paid order.
        current = [p for p in await ctx.payments.for_order(order.id) if p.id == order.payment_id]
        settled = await saga.settle(ctx, order.id, current[0]) if current else order
        if settled.status == S.AWAITING_CONFIRMATION:
            raise Conflict(
                "The order changed meanwhile; read it again.", kind="order-changed"
            ) from exc
        return await cancel(ctx, settled, actor=actor, reason=reason, staff_token=None)
    except ServiceUnavailable as exc:
        raise Problem(
            503, "payments-unavailable", "The order cannot be cancelled just now; try again."
        ) from exc
    try:
        if order.reservation_id is not None:
            await ctx.catalog.release(order.reservation_id)
    except (ServiceUnavailable, ServiceError):
        log.warning("release failed; the reservation will expire", extra={"order_id": order.id})
    async with ctx.db.unit_of_work() as session:
        locked = await repository.lock_order(session, order.id)
        assert locked is not None
        if locked.status == S.AWAITING_CONFIRMATION:
            await saga.move(
                session,
                locked,
                S.CANCELLED,
                ring=ctx.ring,
                actor=actor,
                reason=reason,
                payment_status=payment.status,
                next_action=None,
                restock_status="done",
            )
        return locked


async def compensate(ctx: OrdersContext, order_id: str, *, staff_token: str | None) -> OrderRow:
    """Finish a cancellation: refund (idempotent, retried by the sweep) and restock."""
    order = await saga.load(ctx, order_id)
    if order.refund_status == "pending" and order.payment_id is not None:
        try:
            payment = await ctx.payments.refund(
                order.payment_id, key=f"order-{order.id}-cancel", reason=order.reason or "cancelled"
            )
            await saga.note(ctx, order.id, refund_status="done", refunded_minor=payment.refunded)
        except ServiceUnavailable:
            log.warning("refund postponed", extra={"order_id": order.id})
        except PaymentRefused as exc:
            log.error("refund refused: %s", exc, extra={"order_id": order.id})
            await saga.note(ctx, order.id, refund_status="failed")
    if order.restock_status == "pending":
        await restock(ctx, order, staff_token=staff_token)
    return await saga.load(ctx, order_id)


async def restock(ctx: OrdersContext, order: OrderRow, *, staff_token: str | None) -> None:
    if order.reservation_id is not None:
        try:
            await ctx.catalog.release(order.reservation_id)
            await saga.note(ctx, order.id, restock_status="done")
            return
        except ReservationConflict as exc:
            if exc.kind != "reservation-committed":
                # Released or expired already: the stock is back.
                await saga.note(ctx, order.id, restock_status="done")
                return
    if staff_token is None:
        return  # stays pending for staff: POST /admin/orders/{id}/restock
    # Not idempotent in the catalog: mark first, so a retry cannot restock twice.
    await saga.note(ctx, order.id, restock_status="in_progress")
    gone: list[dict[str, object]] = []
    try:
        for line in order.lines:
            try:
                await ctx.catalog.adjust_stock(
                    line.sku, line.quantity, f"order {order.id} cancelled", staff_token
                )
            except ServiceError as exc:
                if exc.status != 404:
                    raise
                # Deleted from the catalog since: there is no stock left to return it to.
                gone.append({"sku": line.sku, "quantity": line.quantity})
    except (ServiceUnavailable, ServiceError):
        log.exception("restock failed part-way; staff must check", extra={"order_id": order.id})
        await saga.note(ctx, order.id, restock_status="failed")
        raise Problem(
            502, "restock-failed", "The stock could not be returned in full; check the catalog."
        ) from None
    if gone:
        log.warning(
            "restocked all but products no longer in the catalog",
            extra={"order_id": order.id, "not_restocked": gone},
        )
        await saga.note(ctx, order.id, restock_status=NOT_ALL_RESTOCKED)
        return
    await saga.note(ctx, order.id, restock_status="done")
