"""Purchase history, built from the orders service's events (`order.confirmed` and the
states after it). Idempotent per event through the inbox; an event older than what a
purchase already shows changes nothing, so late and redelivered events are harmless."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts import orders as contract
from bookbrew.customers.models import PurchaseRow
from bookbrew.platform.events.envelope import CloudEvent

# The order events that make (or change) a purchase; placed/failed orders are not ones.
PURCHASE_EVENTS = (
    contract.ORDER_CONFIRMED,
    contract.ORDER_PROCESSING,
    contract.ORDER_SHIPPED,
    contract.ORDER_DELIVERED,
    contract.ORDER_CANCELLED,
)


async def apply_order_event(session: AsyncSession, event: CloudEvent) -> None:
    order = contract.OrderEvent.model_validate(event.data)
    row = await session.get(PurchaseRow, order.order_id, with_for_update=True)
    if row is None:
        if event.type == contract.ORDER_CANCELLED:
            return  # cancelled before it was ever confirmed: never a purchase
        session.add(
            PurchaseRow(
                order_id=order.order_id,
                customer_id=order.customer_id,
                status=order.status,
                total_minor=order.total.amount,
                currency=order.total.currency,
                lines=[line.model_dump(mode="json") for line in order.lines],
                placed_at=order.occurred_at,
                updated_at=order.occurred_at,
            )
        )
        return
    if order.occurred_at < row.updated_at:
        return  # a late event: the purchase already shows a newer state
    row.status = order.status
    row.updated_at = order.occurred_at


async def history(session: AsyncSession, customer_id: str, limit: int) -> list[PurchaseRow]:
    query = (
        select(PurchaseRow)
        .where(PurchaseRow.customer_id == customer_id)
        .order_by(PurchaseRow.placed_at.desc(), PurchaseRow.order_id)
        .limit(limit)
    )
    return list((await session.scalars(query)).all())


async def forget(session: AsyncSession, customer_id: str) -> None:
    await session.execute(delete(PurchaseRow).where(PurchaseRow.customer_id == customer_id))
