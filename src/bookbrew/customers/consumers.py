"""What the customers service consumes: confirmed and cancelled orders, into each
customer's purchase history."""

from __future__ import annotations

from bookbrew.customers.events import SERVICE
from bookbrew.customers.models import inbox
from bookbrew.customers.service.purchases import PURCHASE_EVENTS, apply_order_event
from bookbrew.platform.events.bus import Subscription
from bookbrew.platform.events.consumer import idempotent
from bookbrew.platform.runtime import Runtime


def subscriptions(runtime: Runtime) -> list[Subscription]:
    assert runtime.db is not None
    return [
        Subscription(
            "customers.purchases",
            PURCHASE_EVENTS,
            idempotent(
                runtime.db, inbox, service=SERVICE, consumer="purchases", handler=apply_order_event
            ),
        )
    ]
