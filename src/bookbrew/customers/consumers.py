"""What the customers service consumes: confirmed and cancelled orders, into each
customer's purchase history; a confirmed order's shipping address, into the address
book (checkout offers it next time)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts import orders as contract
from bookbrew.customers.events import SERVICE
from bookbrew.customers.models import inbox
from bookbrew.customers.service import addresses
from bookbrew.customers.service.purchases import PURCHASE_EVENTS, apply_order_event
from bookbrew.customers.settings import CustomersSettings
from bookbrew.platform.crypto import KeyRing
from bookbrew.platform.events.bus import Subscription
from bookbrew.platform.events.consumer import SessionHandler, idempotent
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.platform.runtime import Runtime


def remember_address(ring: KeyRing) -> SessionHandler:
    async def handle(session: AsyncSession, event: CloudEvent) -> None:
        order = contract.OrderEvent.model_validate(event.data)
        if order.shipping_address is not None:
            await addresses.remember(
                session, ring, order.customer_id, order.shipping_address, order.occurred_at
            )

    return handle


def subscriptions(runtime: Runtime) -> list[Subscription]:
    assert runtime.db is not None and isinstance(runtime.settings, CustomersSettings)
    return [
        Subscription(
            "customers.purchases",
            PURCHASE_EVENTS,
            idempotent(
                runtime.db, inbox, service=SERVICE, consumer="purchases", handler=apply_order_event
            ),
        ),
        Subscription(
            "customers.addresses",
            (contract.ORDER_CONFIRMED,),
            idempotent(
                runtime.db,
                inbox,
                service=SERVICE,
                consumer="addresses",
                handler=remember_address(runtime.settings.key_ring()),
            ),
        ),
    ]
