"""The saga's steps, shared by every path that learns how an order's payment went:
the checkout's synchronous answers, the shopper's confirmation, payment events and
recovery. Each step is idempotent and safe to race with the others:

- the remote effect first (commit or release the reservation, refund a payment), each
  idempotent in the other service;
- then the transition, in a short transaction holding the order's lock, only if the
  order is still where the step expects it. Whoever comes second finds the order moved
  and changes nothing, so both paths converge without a double transition.

A step runs in its own unit of work, or in the caller's session when given one (an event
consumer's, which commits it together with its inbox row)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.orders import events, repository
from bookbrew.orders.clients import (
    OutOfStock,
    PaymentRefused,
    PaymentView,
    ReservationConflict,
)
from bookbrew.orders.models import OrderRow, OrderTransitionRow
from bookbrew.orders.service import cart
from bookbrew.orders.service.context import OrdersContext
from bookbrew.orders.states import PAID, UNFINISHED, OrderStatus, check_transition
from bookbrew.platform.crypto import KeyRing
from bookbrew.platform.http import ServiceError, ServiceUnavailable
from bookbrew.platform.problems import NotFound

log = logging.getLogger(__name__)

S = OrderStatus
CAPTURED = frozenset({"succeeded", "partially_refunded"})
AWAITING_SHOPPER = frozenset({"requires_action", "created"})

NOT_CONFIRMED_IN_TIME = "The payment was not confirmed in time; nothing was charged."
RESERVATION_LAPSED = (
    "Your items were no longer held for you when the payment went through; "
    "the payment has been refunded."
)


@asynccontextmanager
async def unit(ctx: OrdersContext, session: AsyncSession | None) -> AsyncIterator[AsyncSession]:
    if session is not None:
        yield session
        return
    async with ctx.db.unit_of_work() as own:
        yield own


async def load(ctx: OrdersContext, order_id: str, session: AsyncSession | None = None) -> OrderRow:
    if session is not None:
        order = await repository.get_order(session, order_id)
    else:
        async with ctx.db.sessions() as own:
            order = await repository.get_order(own, order_id)
    if order is None:
        raise NotFound(f"No order {order_id}.")
    return order


async def move(
    session: AsyncSession,
    order: OrderRow,
    to: OrderStatus,
    *,
    ring: KeyRing,
    actor: str,
    reason: str | None = None,
    **fields: Any,
) -> None:
    """The one way an order changes status: allowed transitions only, each persisted
    with its audit row and its one event, in the caller's transaction. `ring` reads the
    shipping address for the events that carry it."""
    check_transition(order.status, to)
    now = datetime.now(UTC)
    session.add(
        OrderTransitionRow(
            order_id=order.id,
            from_status=order.status,
            to_status=to.value,
            reason=reason[:500] if reason else None,
            actor=actor[:64],
            at=now,
        )
    )
    order.status = to.value
    order.updated_at = now
    if reason is not None:
        order.reason = reason[:500]
    for name, value in fields.items():
        setattr(order, name, value)
    await session.flush()
    await events.order_moved(session, order, ring)


async def note(ctx: OrdersContext, order_id: str, **fields: Any) -> None:
    """Record saga bookkeeping (no transition)."""
    async with unit(ctx, None) as session:
        order = await repository.lock_order(session, order_id)
        if order is not None:
            for name, value in fields.items():
                setattr(order, name, value)
            order.updated_at = datetime.now(UTC)


def order_lines(order: OrderRow) -> list[tuple[str, int]]:
    return [(line.sku, line.quantity) for line in order.lines]


async def reservation_of(ctx: OrdersContext, order: OrderRow) -> str | None:
    """The order's reservation id, asking the catalog by reference when the answer to
    the reserve call was lost. Reserving is idempotent by reference: it returns the
    reservation if there is one (whatever its status); if there was none, the one just
    made is what the caller goes on with (to commit or to release)."""
    if order.reservation_id is not None:
        return order.reservation_id
    try:
        reservation, _ = await ctx.catalog.reserve(
            order.id, order_lines(order), ctx.settings.reservation_ttl_seconds
        )
    except OutOfStock:
        return None
    return reservation.id


async def fail(
    ctx: OrdersContext,
    order_id: str,
    *,
    reason: str,
    release: bool = True,
    session: AsyncSession | None = None,
    actor: str = "saga",
    **fields: Any,
) -> OrderRow:
    """Compensate (give the stock back) and end the order FAILED with a readable reason."""
    if release:
        order = await load(ctx, order_id, session)
        if order.status not in UNFINISHED:
            return order
        try:
            reservation_id = await reservation_of(ctx, order)
            if reservation_id is not None:
                await ctx.catalog.release(reservation_id)
        except ReservationConflict as exc:
            if exc.kind == "reservation-committed":
                # The stock went to a paid checkout of this very order: that path owns it.
                log.warning("not failing a paid order", extra={"order_id": order_id})
                return await load(ctx, order_id, session)
        except (ServiceUnavailable, ServiceError):
            # The reservation's expiry gives the stock back if we cannot.
            log.warning("could not release stock; its reservation will expire", exc_info=True)
    async with unit(ctx, session) as tx:
        locked = await repository.lock_order(tx, order_id)
        assert locked is not None
        if locked.status in UNFINISHED:
            await move(
                tx,
                locked,
                S.FAILED,
                ring=ctx.ring,
                actor=actor,
                reason=reason,
                next_action=None,
                **fields,
            )
        return locked


async def await_confirmation(
    ctx: OrdersContext, order_id: str, payment: PaymentView, session: AsyncSession | None = None
) -> OrderRow:
    async with unit(ctx, session) as tx:
        order = await repository.lock_order(tx, order_id)
        assert order is not None
        next_action = {
            "type": "step_up",
            "detail": "Confirm the payment after signing in again with your second factor.",
            "confirm_url": f"/orders/{order.id}/confirm-payment",
            "acr_values": "aal2",
        }
        fields = {
            "payment_id": payment.id,
            "payment_status": payment.status,
            "next_action": next_action,
        }
        if order.status == S.PENDING:
            await move(tx, order, S.AWAITING_CONFIRMATION, ring=ctx.ring, actor="saga", **fields)
        elif order.status == S.AWAITING_CONFIRMATION:
            order.payment_status = payment.status
        return order


async def refund_stray(ctx: OrdersContext, order: OrderRow, payment: PaymentView) -> None:
    """A payment that succeeded for an order that did not (it failed or was cancelled
    first, or it is a second payment): give the money back. Keyed by the payment, so
    every path that notices it refunds once."""
    try:
        await ctx.payments.refund(
            payment.id,
            key=f"stray-{payment.id}",
            reason=f"order {order.id} is {order.status}; the payment is not needed",
        )
        log.info("refunded a stray payment", extra={"order_id": order.id, "payment": payment.id})
    except PaymentRefused as exc:
        if exc.kind != "illegal-payment-transition":  # already refunded: fine
            raise


async def confirm_paid(
    ctx: OrdersContext,
    order_id: str,
    payment: PaymentView,
    session: AsyncSession | None = None,
    actor: str = "saga",
    loaded: OrderRow | None = None,
) -> OrderRow:
    """The payment succeeded: commit the stock and confirm the order (`loaded`: the order
    as the caller just read it, to save reading it again)."""
    order = loaded if loaded is not None else await load(ctx, order_id, session)
    if order.status in PAID:
        if order.payment_id not in (None, payment.id):
            await refund_stray(ctx, order, payment)
        return order
    if order.status not in UNFINISHED:
        await refund_stray(ctx, order, payment)
        return order
    try:
        reservation_id = await reservation_of(ctx, order)
        if reservation_id is None:
            raise ReservationConflict("reservation-missing", "no stock is held")
        await ctx.catalog.commit(reservation_id)
    except ReservationConflict:
        await refund_stray(ctx, order, payment)
        return await fail(
            ctx,
            order_id,
            reason=RESERVATION_LAPSED,
            release=False,
            session=session,
            actor=actor,
            payment_id=payment.id,
            payment_status="refunded",
            refund_status="done",
            refunded_minor=payment.amount,
        )
    except (ServiceUnavailable, ServiceError):
        log.warning("could not commit stock yet; recovery will", extra={"order_id": order_id})
        return order
    async with unit(ctx, session) as tx:
        locked = await repository.lock_order(tx, order_id)
        assert locked is not None
        confirmed = locked.status in UNFINISHED
        if confirmed:
            await move(
                tx,
                locked,
                S.CONFIRMED,
                ring=ctx.ring,
                actor=actor,
                reservation_id=reservation_id,
                payment_id=payment.id,
                payment_status=payment.status,
                next_action=None,
            )
    if confirmed:
        await cart.take_ordered(ctx, locked.customer_id, order_lines(locked))
    elif locked.status not in PAID:
        # Failed in between (it cannot once the stock is committed, but never keep money).
        log.error("order ended while its payment succeeded", extra={"order_id": order_id})
        await refund_stray(ctx, locked, payment)
    return locked


def mismatch(ctx: OrdersContext, order: OrderRow, payment: PaymentView) -> str | None:
    """Why `payment` may not settle `order`, or None when it is the payment the order
    asked for: made by orders itself (not by a customer naming the order's reference),
    the order's own payment once one is recorded, by the order's customer, for its exact
    amount and currency."""
    if payment.requested_by != ctx.settings.client_id:
        return f"made by {payment.requested_by or 'an unknown caller'}, not by orders"
    if order.payment_id not in (None, payment.id):
        return f"not the order's payment {order.payment_id}"
    if payment.customer_id != order.customer_id:
        return "for another customer"
    if (payment.amount, payment.currency) != (order.total_minor, order.currency):
        return (
            f"for {payment.amount} {payment.currency}, "
            f"not the order's {order.total_minor} {order.currency}"
        )
    return None


async def unmatched(
    ctx: OrdersContext, order: OrderRow, payment: PaymentView, why: str
) -> OrderRow:
    """A payment naming the order that is not the order's: it never moves the order.
    Reported, and refunded if it took money (keyed by the payment, so once)."""
    log.warning(
        "unmatched payment for an order: %s",
        why,
        extra={"order_id": order.id, "payment": payment.id, "payment_status": payment.status},
    )
    if payment.status in CAPTURED:
        try:
            await refund_stray(ctx, order, payment)
        except PaymentRefused as exc:
            log.error(
                "could not refund an unmatched payment: %s",
                exc,
                extra={"order_id": order.id, "payment": payment.id},
            )
    return order


async def settle(
    ctx: OrdersContext, order_id: str, payment: PaymentView, session: AsyncSession | None = None
) -> OrderRow:
    """Move the order where its payment says it is, if it is the order's payment."""
    order = await load(ctx, order_id, session)
    why = mismatch(ctx, order, payment)
    if why is not None:
        return await unmatched(ctx, order, payment, why)
    if payment.status in CAPTURED:
        return await confirm_paid(ctx, order_id, payment, session, loaded=order)
    if payment.status in AWAITING_SHOPPER:
        return await await_confirmation(ctx, order_id, payment, session)
    if payment.status in ("failed", "cancelled", "refunded"):
        reason = payment.failure_message or (
            NOT_CONFIRMED_IN_TIME if payment.status == "cancelled" else "The payment failed."
        )
        return await fail(
            ctx,
            order_id,
            reason=reason,
            session=session,
            payment_id=payment.id,
            payment_status=payment.status,
        )
    return await load(ctx, order_id, session)  # processing: its event will tell
