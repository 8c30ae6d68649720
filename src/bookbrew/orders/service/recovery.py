"""Recovery: drive every unfinished saga to its end.

On start, and then periodically, an order still PENDING after `recovery_grace_seconds`
(no checkout takes that long) belongs to a process that died or lost an answer. What
the other services hold decides its end: the payments made for the order (looked up by
reference) and the reservation (the catalog's reserve is idempotent by reference).
Orders AWAITING_CONFIRMATION longer than `confirmation_timeout_seconds` are abandoned:
their payment is cancelled, their stock released. Pending refunds are retried."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from bookbrew.orders import repository
from bookbrew.orders.clients import PaymentRefused, PaymentView
from bookbrew.orders.models import OrderRow
from bookbrew.orders.service import fulfilment, saga
from bookbrew.orders.service.context import OrdersContext
from bookbrew.orders.states import UNFINISHED, OrderStatus
from bookbrew.platform.http import ServiceError, ServiceUnavailable

log = logging.getLogger(__name__)

S = OrderStatus
INTERRUPTED = "Your checkout was interrupted before payment; nothing was charged."


async def reconcile(
    ctx: OrdersContext, order_id: str, *, grace_seconds: float | None = None
) -> OrderRow:
    order = await saga.load(ctx, order_id)
    if order.status not in UNFINISHED:
        return order
    payments = []
    for payment in await ctx.payments.for_order(order.id):
        why = saga.mismatch(ctx, order, payment)
        if why is None:
            payments.append(payment)
        else:
            await saga.unmatched(ctx, order, payment, why)
    paid = [p for p in payments if p.status in saga.CAPTURED]
    if paid:
        order = await saga.confirm_paid(ctx, order.id, paid[0], actor="recovery")
        for extra in paid[1:]:
            await saga.refund_stray(ctx, order, extra)
        return order
    waiting = [p for p in payments if p.status in saga.AWAITING_SHOPPER]
    if waiting:
        timeout = timedelta(seconds=ctx.settings.confirmation_timeout_seconds)
        if datetime.now(UTC) - order.updated_at >= timeout:
            return await abandon(ctx, order, waiting[-1])
        return await saga.await_confirmation(ctx, order.id, waiting[-1])
    if any(p.status == "processing" for p in payments):
        return order  # its outcome event will come
    if payments:
        return await saga.settle(ctx, order.id, payments[-1])
    # No payment yet. A payment request sent by a process that died may still land: only
    # once any such request must have ended (its client timeout) is "never paid" certain.
    grace = ctx.settings.recovery_grace_seconds if grace_seconds is None else grace_seconds
    settled_after = timedelta(seconds=grace + ctx.settings.http_timeout_seconds)
    if datetime.now(UTC) - order.updated_at < settled_after:
        return order  # the next sweep looks again
    return await saga.fail(ctx, order.id, reason=INTERRUPTED, actor="recovery")


async def abandon(ctx: OrdersContext, order: OrderRow, payment: PaymentView) -> OrderRow:
    try:
        cancelled = await ctx.payments.cancel(payment.id)
    except PaymentRefused as exc:
        if exc.kind != "illegal-payment-transition":
            raise
        current = [p for p in await ctx.payments.for_order(order.id) if p.id == payment.id]
        return await saga.settle(ctx, order.id, current[0]) if current else order
    return await saga.settle(ctx, order.id, cancelled)


async def sweep(ctx: OrdersContext, *, grace_seconds: float | None = None) -> int:
    """One pass; returns how many orders it looked at."""
    now = datetime.now(UTC)
    grace = ctx.settings.recovery_grace_seconds if grace_seconds is None else grace_seconds
    timeout = ctx.settings.confirmation_timeout_seconds
    async with ctx.db.sessions() as session:
        stale = await repository.stale_orders(
            session, [S.PENDING.value], now - timedelta(seconds=grace)
        )
        stale += await repository.stale_orders(
            session, [S.AWAITING_CONFIRMATION.value], now - timedelta(seconds=timeout)
        )
        refunds = await repository.pending_refunds(session)
    for order_id in stale:
        try:
            await reconcile(ctx, order_id, grace_seconds=grace)
        except (ServiceUnavailable, ServiceError, PaymentRefused):
            log.warning(
                "could not recover an order yet", exc_info=True, extra={"order_id": order_id}
            )
    for order_id in refunds:
        await fulfilment.compensate(ctx, order_id, staff_token=None)
    return len(stale) + len(refunds)


async def recover_on_start(ctx: OrdersContext) -> None:
    """Finish the sagas a previous process left: each unfinished order is reconciled
    once it is older than the grace period. Retries while the other services are not
    up yet (in the distributed profile they start together)."""
    async with ctx.db.sessions() as session:
        leftover = await repository.stale_orders(
            session, [s.value for s in UNFINISHED], datetime.now(UTC), limit=100_000
        )
    if leftover:
        log.info("recovering unfinished orders", extra={"count": len(leftover)})
    delay = 0.5
    while leftover:
        await asyncio.sleep(min(ctx.settings.recovery_grace_seconds, 1.0))
        pending: list[str] = []
        for order_id in leftover:
            order = await saga.load(ctx, order_id)
            age = (datetime.now(UTC) - order.updated_at).total_seconds()
            if order.status == S.PENDING and age < ctx.settings.recovery_grace_seconds:
                pending.append(order_id)
                continue
            try:
                settled = await reconcile(ctx, order_id)
            except (ServiceUnavailable, ServiceError, PaymentRefused):
                pending.append(order_id)
                continue
            if settled.status == S.PENDING:
                pending.append(order_id)  # a payment request may still land: look again
        if pending and pending == leftover:
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)
        leftover = pending


async def run_forever(ctx: OrdersContext) -> None:
    try:
        await recover_on_start(ctx)
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("recovery on start failed; the sweep takes over")
    while True:
        await asyncio.sleep(ctx.settings.sweep_interval_seconds)
        try:
            await sweep(ctx)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("order sweep failed; will try again")
