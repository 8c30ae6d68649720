"""What the notifications service consumes. It publishes nothing.

Every handler runs inside `idempotent(...)`: the inbox row, the contact changes and the
planned deliveries commit together, once per event id. Sending happens afterwards, in
the delivery worker, so a slow or broken provider never holds up the event queue."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts import curation, customers, orders, payments
from bookbrew.notifications.service import Notifier, contacts, digest
from bookbrew.notifications.service.deliveries import Intent, plan
from bookbrew.platform.events.envelope import CloudEvent

log = logging.getLogger(__name__)

SERVICE = "notifications"

ORDER_KINDS = {
    orders.ORDER_CONFIRMED: "order_confirmed",
    orders.ORDER_SHIPPED: "order_shipped",
    orders.ORDER_DELIVERED: "order_delivered",
    orders.ORDER_CANCELLED: "order_cancelled",
}
PAYMENT_KINDS = {
    payments.PAYMENT_FAILED: "payment_failed",
    payments.PAYMENT_REFUNDED: "payment_refunded",
}
CONSUMED = (
    customers.CUSTOMER_REGISTERED,
    customers.CUSTOMER_VERIFICATION_REQUESTED,
    customers.CUSTOMER_ERASED,
    *ORDER_KINDS,
    *PAYMENT_KINDS,
    curation.RECOMMENDATIONS_UPDATED,
)


def order_number(order_id: str) -> str:
    return order_id.replace("-", "")[:8].upper()


def order_context(order: orders.OrderEvent, shop_url: str) -> dict[str, Any]:
    return {
        "order_id": order.order_id,
        "order_number": order_number(order.order_id),
        "order_url": f"{shop_url}/orders/{order.order_id}",
        "lines": [
            {
                "sku": line.sku,
                "name": line.name,
                "quantity": line.quantity,
                "unit_price": line.unit_price.model_dump(),
                "line_total": {
                    "amount": line.unit_price.amount * line.quantity,
                    "currency": line.unit_price.currency,
                },
            }
            for line in order.lines
        ],
        "total": order.total.model_dump(),
        "reason": order.reason,
        "occurred_at": order.occurred_at.isoformat(),
        # On the events that carry it (confirmed, shipped); None otherwise.
        "shipping_address": (
            order.shipping_address.model_dump() if order.shipping_address is not None else None
        ),
    }


def payment_context(payment: payments.PaymentEvent, shop_url: str) -> dict[str, Any]:
    return {
        "order_id": payment.reference,
        "order_number": order_number(payment.reference),
        "order_url": f"{shop_url}/orders/{payment.reference}",
        "amount": payment.amount.model_dump(),
        "refunded": (payment.refunded or payment.amount).model_dump(),
        "failure_message": payment.failure_message,
        "occurred_at": payment.occurred_at.isoformat(),
    }


async def handle(session: AsyncSession, event: CloudEvent, notifier: Notifier) -> None:
    shop = notifier.settings.shop_url
    intent: Intent | None = None
    if event.type == customers.CUSTOMER_REGISTERED:
        registered = customers.CustomerRegistered.model_validate(event.data)
        await contacts.record_registration(session, notifier, registered)
        intent = Intent(
            event.id,
            event.type,
            "welcome",
            registered.customer_id,
            "transactional",
            {"verification_url": registered.verification_url},
        )
    elif event.type == customers.CUSTOMER_VERIFICATION_REQUESTED:
        again = customers.CustomerVerificationRequested.model_validate(event.data)
        intent = Intent(
            event.id,
            event.type,
            "verify_email",
            again.customer_id,
            "transactional",
            {"verification_url": again.verification_url},
        )
    elif event.type == customers.CUSTOMER_ERASED:
        erased = customers.CustomerErased.model_validate(event.data)
        await contacts.erase(session, erased.customer_id)
    elif event.type in ORDER_KINDS:
        order = orders.OrderEvent.model_validate(event.data)
        intent = Intent(
            event.id,
            event.type,
            ORDER_KINDS[event.type],
            order.customer_id,
            "transactional",
            order_context(order, shop),
        )
    elif event.type in PAYMENT_KINDS:
        payment = payments.PaymentEvent.model_validate(event.data)
        if payment.customer_id is None:
            log.info("payment event without a customer; nobody to tell", extra={"id": event.id})
            return
        intent = Intent(
            event.id,
            event.type,
            PAYMENT_KINDS[event.type],
            payment.customer_id,
            "transactional",
            payment_context(payment, shop),
        )
    elif event.type == curation.RECOMMENDATIONS_UPDATED:
        picks = curation.RecommendationsUpdated.model_validate(event.data)
        await digest.collect_picks(session, picks, notifier.settings.digest_max_picks)
    if intent is not None:
        await plan(session, notifier, intent)


def handler_for(notifier: Notifier) -> Callable[[AsyncSession, CloudEvent], Awaitable[None]]:
    async def bound(session: AsyncSession, event: CloudEvent) -> None:
        await handle(session, event, notifier)

    return bound
