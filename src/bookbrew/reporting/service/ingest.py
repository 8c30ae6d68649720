"""Events into facts and dimensions, then the touched rollups refreshed.

Every fact is keyed by the event's natural id and merged so that the result does not
depend on the order events arrive in:
- an order keeps the earliest time seen per milestone (placed, confirmed — a shipped
  or delivered event implies confirmation —, cancelled or failed); it counts when it
  was confirmed and never cancelled, on the UTC day of its confirmation;
- a payment keeps the earliest success/failure time and the largest refunded total;
- a product applies a change only when its catalog `version` is newer, and a stock
  figure only when its event time is newer; a product first met on an order line is a
  placeholder (version 0) any real change replaces;
- interactions, impressions and questionnaire completions are insert-only.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts import catalog as catalog_events
from bookbrew.contracts import customers, orders, payments
from bookbrew.contracts.curation import RECOMMENDATIONS_UPDATED, RecommendationsUpdated
from bookbrew.contracts.interactions import INTERACTION_RECORDED, InteractionRecorded
from bookbrew.contracts.orders import OrderEvent
from bookbrew.contracts.payments import PaymentEvent
from bookbrew.contracts.questionnaire import QUESTIONNAIRE_COMPLETED, QuestionnaireCompleted
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.reporting.models import (
    UNKNOWN,
    dim_customer,
    dim_date,
    fact_impression,
    fact_interaction,
    fact_order,
    fact_order_line,
    fact_payment,
    fact_questionnaire,
)
from bookbrew.reporting.periods import date_row, day_of, month_of
from bookbrew.reporting.service import rollups
from bookbrew.reporting.service.attribution import reattribute
from bookbrew.reporting.service.context import Ingest
from bookbrew.reporting.service.products import (
    apply_low_stock,
    apply_product_changed,
    apply_product_deleted,
    categories,
    meet_products,
)
from bookbrew.reporting.sql import insert_missing

CONFIRMING = {"confirmed", "shipped", "delivered"}
ENDING = {"cancelled", "failed"}


def _earliest(current: datetime | None, candidate: datetime) -> datetime:
    return candidate if current is None or candidate < current else current


def _verb(event: CloudEvent) -> str:
    return event.type.rsplit(".", 1)[-1]


async def ensure_days(session: AsyncSession, days: Iterable[date]) -> None:
    await insert_missing(session, dim_date, [date_row(day) for day in sorted(set(days))])


async def customer_key(
    session: AsyncSession,
    ingest: Ingest,
    *,
    customer_id: str | None = None,
    anonymous_id: str | None = None,
) -> int:
    """The surrogate key facts carry; the row is found by a keyed hash of the id, so it
    survives erasure of the id itself."""
    if customer_id:
        kind, natural = "customer", f"customer:{customer_id}"
    else:
        kind, natural = "visitor", f"visitor:{anonymous_id}"
    ref = hmac.new(ingest.secret, natural.encode(), hashlib.sha256).hexdigest()
    lookup = select(dim_customer.c.customer_key).where(dim_customer.c.customer_ref == ref)
    key = await session.scalar(lookup)
    if key is None:
        await insert_missing(
            session,
            dim_customer,
            [{"customer_ref": ref, "customer_id": customer_id or None, "kind": kind}],
            key="customer_ref",
        )
        key = await session.scalar(lookup)
    assert key is not None
    return int(key)


# ---- orders and payments ---------------------------------------------------------------


async def apply_order(session: AsyncSession, ingest: Ingest, event: CloudEvent) -> None:
    data = OrderEvent.model_validate(event.data)
    verb, at = _verb(event), data.occurred_at
    key = await customer_key(session, ingest, customer_id=data.customer_id)
    await insert_missing(
        session,
        fact_order,
        [
            {
                "order_id": data.order_id,
                "customer_key": key,
                "currency": data.total.currency,
                "status": verb,
                "status_at": at,
            }
        ],
    )
    order = (
        await session.execute(
            select(fact_order).where(fact_order.c.order_id == data.order_id).with_for_update()
        )
    ).one()
    placed_at, confirmed_at, cancelled_at = order.placed_at, order.confirmed_at, order.cancelled_at
    if verb == "placed":
        placed_at = _earliest(placed_at, at)
    elif verb in CONFIRMING:
        confirmed_at = _earliest(confirmed_at, at)
    elif verb in ENDING:
        cancelled_at = _earliest(cancelled_at, at)
    counted = confirmed_at is not None and cancelled_at is None
    day = day_of(confirmed_at) if counted and confirmed_at is not None else None
    latest = at >= order.status_at
    await session.execute(
        update(fact_order)
        .where(fact_order.c.order_id == data.order_id)
        .values(
            placed_at=placed_at,
            confirmed_at=confirmed_at,
            cancelled_at=cancelled_at,
            status=verb if latest else order.status,
            status_at=at if latest else order.status_at,
            day=day,
        )
    )
    await _record_lines(session, data, key)
    await session.execute(
        update(fact_order_line).where(fact_order_line.c.order_id == data.order_id).values(day=day)
    )
    touched = {d for d in (order.day, day) if d is not None}
    if not touched:
        return
    await ensure_days(session, touched)
    await rollups.refresh_sales(session, touched)
    await rollups.refresh_products(session, touched)
    credited = await reattribute(session, ingest.attribution_window, order_id=data.order_id)
    await rollups.refresh_attribution(session, credited)
    await rollups.refresh_customers(session, [key])


async def _record_lines(session: AsyncSession, data: OrderEvent, key: int) -> None:
    """Lines are the same in every event of an order; the first one seen writes them.
    The same SKU twice in one order is one line."""
    lines: dict[str, dict[str, Any]] = {}
    for line in data.lines:
        row = lines.setdefault(
            line.sku,
            {
                "order_id": data.order_id,
                "sku": line.sku,
                "customer_key": key,
                "category": line.category,
                "quantity": 0,
                "unit_price_minor": line.unit_price.amount,
                "revenue_minor": 0,
                "currency": line.unit_price.currency,
            },
        )
        row["quantity"] += line.quantity
        row["revenue_minor"] += line.quantity * line.unit_price.amount
    await insert_missing(session, fact_order_line, list(lines.values()))
    await meet_products(
        session,
        {
            line.sku: {
                "name": line.name,
                "category": line.category,
                "price_minor": line.unit_price.amount,
                "currency": line.unit_price.currency,
            }
            for line in data.lines
        },
    )


async def apply_payment(session: AsyncSession, ingest: Ingest, event: CloudEvent) -> None:
    data = PaymentEvent.model_validate(event.data)
    verb, at = _verb(event), data.occurred_at
    key = (
        await customer_key(session, ingest, customer_id=data.customer_id)
        if data.customer_id
        else None
    )
    await insert_missing(
        session,
        fact_payment,
        [
            {
                "payment_id": data.payment_id,
                "order_id": data.reference,
                "customer_key": key,
                "amount_minor": data.amount.amount,
                "currency": data.amount.currency,
                "refunded_minor": 0,
                "provider": data.provider[:32],
            }
        ],
    )
    payment = (
        await session.execute(
            select(fact_payment)
            .where(fact_payment.c.payment_id == data.payment_id)
            .with_for_update()
        )
    ).one()
    values: dict[str, Any] = {}
    if verb == "succeeded":
        values["succeeded_at"] = _earliest(payment.succeeded_at, at)
    elif verb == "failed":
        values["failed_at"] = _earliest(payment.failed_at, at)
    elif verb == "refunded":
        refunded = data.refunded.amount if data.refunded is not None else data.amount.amount
        values["refunded_minor"] = max(payment.refunded_minor, refunded)
    if values:
        await session.execute(
            update(fact_payment).where(fact_payment.c.payment_id == data.payment_id).values(values)
        )
    day = await session.scalar(
        select(fact_order.c.day).where(fact_order.c.order_id == data.reference)
    )
    if day is not None:
        await rollups.refresh_sales(session, {day})


# ---- behaviour -------------------------------------------------------------------------


async def apply_interaction(session: AsyncSession, ingest: Ingest, event: CloudEvent) -> None:
    data = InteractionRecorded.model_validate(event.data)
    # A visitor without either id is still a visitor: one per event.
    key = await customer_key(
        session,
        ingest,
        customer_id=data.customer_id,
        anonymous_id=data.anonymous_id or event.id,
    )
    category = (await categories(session, [data.sku])).get(data.sku, UNKNOWN)
    day = day_of(data.occurred_at)
    await insert_missing(
        session,
        fact_interaction,
        [
            {
                "event_id": event.id,
                "visitor_key": key,
                "is_customer": bool(data.customer_id),
                "sku": data.sku,
                "category": category,
                "kind": data.kind,
                "recommendation_id": data.recommendation_id,
                "model_version": data.model_version,
                "occurred_at": data.occurred_at,
                "day": day,
            }
        ],
    )
    await ensure_days(session, [day])
    await rollups.refresh_funnel(session, {day})
    if data.kind == "click" and data.recommendation_id:
        await rollups.refresh_curation(session, {day})


async def apply_recommendations(session: AsyncSession, ingest: Ingest, event: CloudEvent) -> None:
    data = RecommendationsUpdated.model_validate(event.data)
    key = await customer_key(session, ingest, customer_id=data.customer_id)
    day = day_of(data.generated_at)
    skus = list(dict.fromkeys(data.skus))
    known = await categories(session, skus)
    await insert_missing(
        session,
        fact_impression,
        [
            {
                "recommendation_id": data.recommendation_id,
                "sku": sku,
                "customer_key": key,
                "model_version": data.model_version,
                "category": known.get(sku, UNKNOWN),
                "shown_at": data.generated_at,
                "day": day,
            }
            for sku in skus
        ],
    )
    await ensure_days(session, [day])
    await rollups.refresh_curation(session, {day})
    if skus:
        credited = await reattribute(
            session, ingest.attribution_window, customer_key=key, skus=skus
        )
        await rollups.refresh_attribution(session, credited)


async def apply_questionnaire(session: AsyncSession, ingest: Ingest, event: CloudEvent) -> None:
    data = QuestionnaireCompleted.model_validate(event.data)
    key = await customer_key(session, ingest, customer_id=data.customer_id)
    day = day_of(data.completed_at)
    await insert_missing(
        session,
        fact_questionnaire,
        [
            {
                "response_id": data.response_id,
                "customer_key": key,
                "questionnaire_key": data.questionnaire_key[:32],
                "completed_at": data.completed_at,
                "day": day,
            }
        ],
    )
    await ensure_days(session, [day])
    await rollups.refresh_funnel(session, {day})


# ---- customers -------------------------------------------------------------------------


async def apply_customer_registered(
    session: AsyncSession, ingest: Ingest, event: CloudEvent
) -> None:
    customer_id = str(event.data["customer_id"])  # the rest is personal data we do not keep
    key = await customer_key(session, ingest, customer_id=customer_id)
    current = await session.scalar(
        select(dim_customer.c.registered_at).where(dim_customer.c.customer_key == key)
    )
    registered = _earliest(current, event.time)
    await session.execute(
        update(dim_customer)
        .where(dim_customer.c.customer_key == key)
        .values(registered_at=registered, registered_month=month_of(day_of(registered)))
    )


async def apply_customer_erased(session: AsyncSession, ingest: Ingest, event: CloudEvent) -> None:
    """Keep the facts, drop the link to the person: the row keeps only its keyed hash."""
    key = await customer_key(session, ingest, customer_id=str(event.data["customer_id"]))
    await session.execute(
        update(dim_customer)
        .where(dim_customer.c.customer_key == key)
        .values(customer_id=None, erased_at=event.time)
    )


HANDLERS = {
    orders.ORDER_PLACED: apply_order,
    orders.ORDER_CONFIRMED: apply_order,
    orders.ORDER_SHIPPED: apply_order,
    orders.ORDER_DELIVERED: apply_order,
    orders.ORDER_CANCELLED: apply_order,
    orders.ORDER_FAILED: apply_order,
    payments.PAYMENT_SUCCEEDED: apply_payment,
    payments.PAYMENT_FAILED: apply_payment,
    payments.PAYMENT_REFUNDED: apply_payment,
    INTERACTION_RECORDED: apply_interaction,
    RECOMMENDATIONS_UPDATED: apply_recommendations,
    QUESTIONNAIRE_COMPLETED: apply_questionnaire,
    customers.CUSTOMER_REGISTERED: apply_customer_registered,
    customers.CUSTOMER_ERASED: apply_customer_erased,
    catalog_events.PRODUCT_CREATED: apply_product_changed,
    catalog_events.PRODUCT_UPDATED: apply_product_changed,
    catalog_events.PRODUCT_DELETED: apply_product_deleted,
    catalog_events.INVENTORY_LOW_STOCK: apply_low_stock,
}
