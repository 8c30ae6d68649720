"""Checkout: place the order from the customer's cart and run the saga.

    PENDING (price snapshot) → reserve stock (catalog, reference = order id)
      → pay (payments, Idempotency-Key derived from the order id)
      → CONFIRMED + stock committed
      | AWAITING_CONFIRMATION (step-up/SCA) → the shopper confirms with MFA → CONFIRMED
      | FAILED + stock released (out of stock, declined, abandoned)

The client's `Idempotency-Key` is unique per customer in the orders table: of concurrent
submissions one inserts the order and runs the saga; the others find it and answer with
the same order. The saga commits after each step (it is an entry point that spans
calls to other services); whatever stops it half-way is finished by `recovery`."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
import uuid
from datetime import UTC, datetime

import orjson
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts import payments as payment_events
from bookbrew.contracts.orders import ShippingAddress
from bookbrew.orders import addresses, events, repository
from bookbrew.orders.clients import (
    OutOfStock,
    PaymentDeclined,
    PaymentRefused,
    PaymentView,
)
from bookbrew.orders.models import OrderLineRow, OrderRow, OrderTransitionRow
from bookbrew.orders.schemas import Checkout
from bookbrew.orders.service import cart, saga
from bookbrew.orders.service.context import OrdersContext
from bookbrew.orders.states import PAID, UNFINISHED, OrderStatus
from bookbrew.platform.db import retry_transient
from bookbrew.platform.http import ServiceError, ServiceUnavailable
from bookbrew.platform.problems import Conflict, Problem
from bookbrew.platform.scrubbing import scrub_text

log = logging.getLogger(__name__)

S = OrderStatus
CATALOG_DOWN = "We could not reserve your items just now; nothing was charged. Please try again."
METHOD_REFUSED = "Your payment method was not accepted; nothing was charged."


def digest(value: str | bytes) -> str:
    return hashlib.sha256(value.encode() if isinstance(value, str) else value).hexdigest()


def new_order_id() -> str:
    """A random id that never looks like a card number: payments refuses references
    that do (a UUID's dash-joined digit groups sometimes pass the Luhn check)."""
    while True:
        candidate = uuid.uuid4().hex
        if scrub_text(candidate) == candidate:
            return candidate


def out_of_stock_reason(order: OrderRow, shortages: list[dict[str, object]]) -> str:
    names = {line.sku: line.name for line in order.lines}
    short = [str(item.get("sku")) for item in shortages] or list(names)
    listed = ", ".join(f"{names.get(sku, sku)} ({sku})" for sku in short)
    return f"Out of stock: {listed}."


# --- Placing the order ----------------------------------------------------------------


async def _priced_lines(ctx: OrdersContext, customer_id: str) -> tuple[list[OrderLineRow], str]:
    stored = await cart.load(ctx, cart.Owner(customer_id=customer_id))
    if not stored.lines:
        raise Problem(422, "cart-empty", "The cart is empty: add something before checking out.")
    found = await cart.products(ctx, list(stored.lines))
    # Out of stock is not refused here: the reservation decides, and the order fails
    # with a reason the shopper reads. Products no longer sold are refused.
    unavailable = [
        sku for sku in stored.lines if found.get(sku) is None or found[sku].status != "active"
    ]
    if unavailable:
        raise Conflict(
            "Some products in the cart are no longer sold: " + ", ".join(unavailable),
            kind="items-unavailable",
            skus=unavailable,
        )
    too_many = [sku for sku, q in stored.lines.items() if q > ctx.settings.max_line_quantity]
    if too_many:
        raise Problem(422, "quantity-limit", "Too many of: " + ", ".join(too_many), skus=too_many)
    currencies = {found[sku].price.currency for sku in stored.lines}
    if len(currencies) != 1:
        raise Problem(422, "mixed-currencies", "A cart's products must share one currency.")
    # Prices are the catalog's, now: this is the order's price snapshot.
    lines = [
        OrderLineRow(
            sku=sku,
            name=found[sku].name[:300],
            category=found[sku].category,
            quantity=quantity,
            unit_price_minor=found[sku].price.amount,
        )
        for sku, quantity in sorted(stored.lines.items())
    ]
    return lines, currencies.pop()


async def _insert(ctx: OrdersContext, order: OrderRow) -> None:
    async with ctx.db.unit_of_work() as session:
        session.add(order)
        session.add(
            OrderTransitionRow(
                order_id=order.id,
                from_status=None,
                to_status=S.PENDING.value,
                reason=None,
                actor=f"customer:{order.customer_id}"[:64],
                at=order.created_at,
            )
        )
        await session.flush()
        await events.order_moved(session, order, ctx.ring)


async def place(
    ctx: OrdersContext,
    customer_id: str,
    key: str,
    fingerprint: str,
    shipping_address: ShippingAddress,
) -> tuple[OrderRow, bool]:
    """The order for this customer and key: a new PENDING one, or the one already there
    (whatever address this request gives: `replay` compares the whole request)."""
    async with ctx.db.sessions() as session:
        existing = await repository.by_idempotency_key(session, customer_id, key)
    if existing is not None:
        return existing, False
    lines, currency = await _priced_lines(ctx, customer_id)
    now = datetime.now(UTC)
    order_id = new_order_id()
    order = OrderRow(
        id=order_id,
        customer_id=customer_id,
        idempotency_key=key,
        request_fingerprint=fingerprint,
        status=S.PENDING.value,
        currency=currency,
        total_minor=sum(line.unit_price_minor * line.quantity for line in lines),
        reason=None,
        shipping_address_enc=addresses.seal(ctx.ring, order_id, shipping_address),
        refunded_minor=0,
        created_at=now,
        updated_at=now,
        version=1,
        lines=lines,
    )
    try:
        await retry_transient(lambda: _insert(ctx, order))
    except IntegrityError:
        # A concurrent submission with the same key inserted first: that is the order.
        async with ctx.db.sessions() as session:
            existing = await repository.by_idempotency_key(session, customer_id, key)
        if existing is None:
            raise
        return existing, False
    return order, True


async def replay(ctx: OrdersContext, order: OrderRow, fingerprint: str) -> OrderRow:
    """A repeated submission: the same order, once its saga has moved past PENDING (or
    after `checkout_wait_seconds`, still PENDING)."""
    if order.request_fingerprint != fingerprint:
        raise Problem(
            422,
            "idempotency-key-reused",
            "This Idempotency-Key was used for another checkout request.",
        )
    deadline = time.monotonic() + ctx.settings.checkout_wait_seconds
    while order.status == S.PENDING and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        order = await saga.load(ctx, order.id)
    return order


# --- The saga -------------------------------------------------------------------------


async def _pay(
    ctx: OrdersContext, order: OrderRow, payment_method: str, customer_token: str | None
) -> PaymentView:
    request = {
        "order_id": order.id,
        "amount": order.total_minor,
        "currency": order.currency,
        "customer_id": order.customer_id,
        "payment_method": payment_method,
        "customer_token": customer_token,
    }
    try:
        return await ctx.payments.create(**request)  # type: ignore[arg-type]
    except PaymentRefused as exc:
        if exc.kind != "step-up-required":
            raise
    # Above the step-up amount without a recent second factor: create the payment
    # unconfirmed; the shopper confirms it after signing in again with MFA.
    return await ctx.payments.create(**request, confirm=False)  # type: ignore[arg-type]


async def run(
    ctx: OrdersContext, order: OrderRow, payment_method: str, customer_token: str | None
) -> OrderRow:
    try:
        reservation, _ = await ctx.catalog.reserve(
            order.id, saga.order_lines(order), ctx.settings.reservation_ttl_seconds
        )
    except OutOfStock as exc:
        return await saga.fail(
            ctx, order.id, reason=out_of_stock_reason(order, exc.shortages), release=False
        )
    except (ServiceUnavailable, ServiceError):
        log.warning("reservation failed", exc_info=True, extra={"order_id": order.id})
        return await saga.fail(ctx, order.id, reason=CATALOG_DOWN)
    await saga.note(ctx, order.id, reservation_id=reservation.id)
    order.reservation_id = reservation.id
    try:
        payment = await _pay(ctx, order, payment_method, customer_token)
    except PaymentDeclined as exc:
        return await saga.fail(
            ctx, order.id, reason=exc.message, payment_id=exc.payment_id, payment_status="failed"
        )
    except PaymentRefused as exc:
        log.warning("payment refused: %s", exc, extra={"order_id": order.id, "kind": exc.kind})
        return await saga.fail(ctx, order.id, reason=METHOD_REFUSED)
    except ServiceUnavailable:
        # The outcome is unknown: the payment event, or recovery asking payments by the
        # order's reference, settles it. Never charge again from here.
        log.warning("payment outcome unknown", extra={"order_id": order.id})
        return await saga.load(ctx, order.id)
    return await saga.settle(ctx, order.id, payment)


async def checkout(
    ctx: OrdersContext,
    customer_id: str,
    customer_token: str | None,
    idempotency_key: str,
    body: Checkout,
) -> tuple[OrderRow, bool]:
    """Returns (order, created)."""
    key = digest(idempotency_key)
    # The whole request, address included (normalised by validation: surrounding spaces
    # and blank optional lines do not count), so a key reused with another address is
    # refused like any other body.
    fingerprint = digest(orjson.dumps(body.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS))
    order, created = await place(
        ctx, customer_id, key, fingerprint, body.shipping_address.published()
    )
    if not created:
        return await replay(ctx, order, fingerprint), False
    return await run(ctx, order, body.payment_method, customer_token), True


# --- The shopper's step-up ------------------------------------------------------------


def step_up_problem(max_age: object = None) -> Problem:
    return Problem(
        403,
        "step-up-required",
        "Sign in again with your second factor, then confirm the payment.",
        title="Step-up authentication required",
        headers={
            "WWW-Authenticate": (
                'Bearer error="insufficient_user_authentication", '
                'error_description="a recent second factor is required", acr_values="aal2"'
            )
        },
        acr_values="aal2",
        max_age=max_age,
    )


async def confirm_payment(
    ctx: OrdersContext, order: OrderRow, customer_token: str | None
) -> OrderRow:
    """The shopper is back with a fresh second factor: confirm the waiting payment."""
    if order.status in PAID:
        return order
    if order.status != S.AWAITING_CONFIRMATION or order.payment_id is None:
        raise Conflict(
            f"The order is {order.status}; there is no payment to confirm.",
            kind="nothing-to-confirm",
            order_status=order.status,
        )
    try:
        payment = await ctx.payments.confirm(order.payment_id, customer_token)
        if payment.status == "requires_action":
            # A payment created unconfirmed asks its challenge on the first confirmation.
            payment = await ctx.payments.confirm(order.payment_id, customer_token)
    except PaymentDeclined as exc:
        return await saga.fail(ctx, order.id, reason=exc.message, payment_status="failed")
    except PaymentRefused as exc:
        if exc.kind == "step-up-required":
            raise step_up_problem(exc.problem.get("max_age")) from exc
        if exc.kind in ("customer-token-invalid", "customer-token-mismatch"):
            raise Problem(403, exc.kind, str(exc.problem.get("detail") or exc)) from exc
        if exc.kind != "illegal-payment-transition":
            raise
        # It moved on its own (it succeeded, failed or was cancelled): go by its state.
        current = [p for p in await ctx.payments.for_order(order.id) if p.id == order.payment_id]
        if not current:
            raise Conflict(
                "The order's payment is not known to payments.", kind="payment-missing"
            ) from exc
        payment = current[0]
    except ServiceUnavailable as exc:
        raise Problem(
            503, "payments-unavailable", "The payment cannot be confirmed just now; try again."
        ) from exc
    order = await saga.settle(ctx, order.id, payment)
    if order.status == S.AWAITING_CONFIRMATION and payment.status == "requires_action":
        raise step_up_problem()
    return order


# --- Payment events: the second path to the same transitions --------------------------


async def apply_payment_event(
    ctx: OrdersContext, session: AsyncSession, type_: str, event: payment_events.PaymentEvent
) -> None:
    order = await repository.lock_order(session, event.reference)
    if order is None:
        log.debug("payment event for no order of ours", extra={"reference": event.reference})
        return
    if type_ == payment_events.PAYMENT_REFUNDED:
        if (
            order.payment_id == event.payment_id
            and event.refunded is not None
            and event.refunded.currency == order.currency
        ):
            order.refunded_minor = max(order.refunded_minor, event.refunded.amount)
            if order.refund_status == "pending" and order.refunded_minor >= order.total_minor:
                order.refund_status = "done"
            await session.flush()
        return
    payment = PaymentView(
        id=event.payment_id,
        status="succeeded" if type_ == payment_events.PAYMENT_SUCCEEDED else "failed",
        amount=event.amount.amount,
        currency=event.amount.currency,
        refunded=0,
        customer_id=event.customer_id,
        requested_by=event.requested_by,
        failure_code=event.failure_code,
        failure_message=event.failure_message,
    )
    if payment.status == "failed" and (
        order.status not in UNFINISHED or order.payment_id not in (None, event.payment_id)
    ):
        return  # an old attempt's failure says nothing about this order now
    await saga.settle(ctx, order.id, payment, session=session)
