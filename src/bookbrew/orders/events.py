"""What orders publishes (through its outbox); what it consumes is in `consumers`.

Published: one `bookbrew.order.<status>` event per transition (`OrderEvent`), with an
id derived from the order and the status, so a transition can never be staged twice;
and `interaction.recorded` for add-to-cart (curation owns interactions and has no
endpoint for them: it consumes the event)."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts import interactions
from bookbrew.contracts.catalog import Money
from bookbrew.contracts.orders import OrderEvent, OrderEventLine
from bookbrew.orders import addresses
from bookbrew.orders.models import OrderRow, outbox
from bookbrew.orders.states import EVENT_TYPES, OrderStatus
from bookbrew.platform.events.envelope import new_event
from bookbrew.platform.events.outbox import stage_event

if TYPE_CHECKING:
    from bookbrew.platform.crypto import KeyRing

SERVICE = "orders"
_EVENT_NAMESPACE = uuid.UUID("7f1d7a57-9d43-4a53-8f1f-3c4e2a0b6c11")

log = logging.getLogger(__name__)

# The transitions whose consumers need to know where the order ships (the confirmation
# and shipping messages); the others go without the address, as personal data travels
# only where it is used.
WITH_ADDRESS = frozenset({OrderStatus.CONFIRMED, OrderStatus.SHIPPED})


def order_event(order: OrderRow, ring: KeyRing | None = None) -> OrderEvent:
    """The order as published; with its shipping address (decrypted with `ring`) on the
    transitions in `WITH_ADDRESS`."""
    address = None
    if ring is not None and OrderStatus(order.status) in WITH_ADDRESS:
        address = addresses.unseal(ring, order)
    return OrderEvent(
        order_id=order.id,
        customer_id=order.customer_id,
        status=order.status,
        lines=[
            OrderEventLine(
                sku=line.sku,
                name=line.name,
                category=line.category,
                quantity=line.quantity,
                unit_price=Money(amount=line.unit_price_minor, currency=order.currency),
            )
            for line in order.lines
        ],
        total=Money(amount=order.total_minor, currency=order.currency),
        reason=order.reason,
        occurred_at=order.updated_at,
        shipping_address=address,
    )


async def order_moved(session: AsyncSession, order: OrderRow, ring: KeyRing) -> None:
    """Stage the one event of the transition the order just made. It may carry the
    shipping address: the outbox seals it (`app.py` gives it the ring), never plain."""
    status = OrderStatus(order.status)
    event_id = str(uuid.uuid5(_EVENT_NAMESPACE, f"{order.id}:{status.value}"))
    await stage_event(
        session,
        outbox,
        new_event(
            SERVICE,
            EVENT_TYPES[status],
            order_event(order, ring),
            subject=order.id,
            event_id=event_id,
        ),
        personal=True,
    )


async def added_to_cart(
    session: AsyncSession,
    *,
    customer_id: str | None,
    anonymous_id: str | None,
    sku: str,
    quantity: int,
    source: str | None,
) -> None:
    payload = interactions.InteractionRecorded(
        customer_id=customer_id,
        anonymous_id=None if customer_id else anonymous_id,
        sku=sku,
        kind="add_to_cart",
        value=float(quantity),
        source=source,
        occurred_at=datetime.now(UTC),
    )
    await stage_event(
        session,
        outbox,
        new_event(SERVICE, interactions.INTERACTION_RECORDED, payload, subject=sku),
    )
