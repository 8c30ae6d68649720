"""Deliveries: plan which channels an event goes to, then send each one, with retries,
back-off and a dead state. A delivery's context is rendered only when it is sent, with
the contact as it then is (name, locale, address)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.notifications import repository
from bookbrew.notifications.channels import DeliveryFailed, OutgoingEmail, PushMessage
from bookbrew.notifications.models import DeliveryRow, PushSubscriptionRow
from bookbrew.notifications.rendering import Rendered
from bookbrew.notifications.service import Notifier, contacts, devices, preferences
from bookbrew.platform.db import Database
from bookbrew.platform.problems import Conflict, NotFound

log = logging.getLogger(__name__)


def _aad(delivery_id: str) -> str:
    return f"notifications:delivery:{delivery_id}"


@dataclass(frozen=True)
class Intent:
    """One thing to tell one customer, because of one event."""

    event_id: str
    event_type: str
    kind: str
    customer_id: str
    category: str  # transactional | marketing
    context: dict[str, Any]


async def plan(session: AsyncSession, notifier: Notifier, intent: Intent) -> list[DeliveryRow]:
    """Create the pending deliveries for an intent on every channel the customer's
    preferences allow; an (event, channel, recipient) that already has one is skipped."""
    contact = await repository.get_contact(session, intent.customer_id)
    choices = await repository.preferences(session, intent.customer_id)

    def allowed(channel: str) -> bool:
        return preferences.effective(choices, contact, channel, intent.category)

    recipients: list[tuple[str, str]] = []
    if allowed("email"):
        recipients.append(("email", intent.customer_id))
    if notifier.channels.sms and contact and contact.phone_enc and allowed("sms"):
        recipients.append(("sms", intent.customer_id))
    if allowed("push"):
        for device in await repository.push_subscriptions(session, intent.customer_id):
            if notifier.channels.push_for(device.kind) is not None:
                recipients.append(("push", device.id))

    now = datetime.now(UTC)
    created: list[DeliveryRow] = []
    for channel, recipient in recipients:
        if await repository.delivery_exists(session, intent.event_id, channel, recipient):
            continue
        delivery_id = str(uuid.uuid4())
        row = DeliveryRow(
            id=delivery_id,
            event_id=intent.event_id,
            event_type=intent.event_type,
            kind=intent.kind,
            channel=channel,
            recipient=recipient,
            customer_id=intent.customer_id,
            category=intent.category,
            context_enc=notifier.seal_json(intent.context, _aad(delivery_id)),
            status="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        created.append(row)
    await session.flush()
    return created


async def claim_due(db: Database, notifier: Notifier) -> list[str]:
    now = datetime.now(UTC)
    lease = now + timedelta(seconds=notifier.settings.claim_lease_seconds)
    claimed: list[str] = []
    async with db.unit_of_work() as session:
        for delivery_id, seen in await repository.due_deliveries(
            session, now, notifier.settings.worker_batch_size
        ):
            if await repository.claim_delivery(session, delivery_id, seen, lease):
                claimed.append(delivery_id)
    return claimed


def links(notifier: Notifier, customer_id: str) -> dict[str, str]:
    settings = notifier.settings
    token = preferences.unsubscribe_token(settings.secret_key.get_secret_value(), customer_id)
    return {
        "shop_url": settings.shop_url,
        "preferences_url": f"{settings.shop_url}/account/notifications",
        "unsubscribe_url": f"{settings.public_url}/unsubscribe?token={token}",
    }


async def _send(
    notifier: Notifier,
    delivery: DeliveryRow,
    contact: contacts.Contact,
    device: PushSubscriptionRow | None,
) -> str:
    context = notifier.open_json(delivery.context_enc, _aad(delivery.id))
    urls = links(notifier, contact.customer_id)
    try:
        rendered: Rendered = notifier.templates.render(
            delivery.kind, contact.locale, {**context, **urls, "name": contact.name}
        )
    except Exception as exc:  # a template bug never gets better by retrying
        raise DeliveryFailed(f"rendering {delivery.kind}: {exc!r}", permanent=True) from exc
    channels = notifier.channels
    if delivery.channel == "email":
        one_click = f"<{urls['unsubscribe_url']}>"
        return await channels.email.send(
            OutgoingEmail(
                to=contact.email,
                subject=rendered.subject,
                text=rendered.text,
                html=rendered.html,
                headers={
                    "List-Unsubscribe": one_click,
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
        )
    if delivery.channel == "sms":
        if channels.sms is None:
            raise DeliveryFailed("the SMS channel is not configured", permanent=True)
        if not contact.phone:
            raise DeliveryFailed("no phone number", permanent=True)
        return await channels.sms.send(contact.phone, rendered.sms)
    if device is None:
        raise DeliveryFailed("the push subscription was removed", permanent=True)
    sender = channels.push_for(device.kind)
    if sender is None:
        raise DeliveryFailed(f"the {device.kind} push channel is not configured", permanent=True)
    data = {"kind": delivery.kind, "url": context.get("order_url") or urls["shop_url"]}
    return await sender.send(
        devices.open_target(notifier, device),
        PushMessage(title=rendered.push_title, body=rendered.push_body, data=data),
    )


async def deliver(db: Database, notifier: Notifier, delivery_id: str) -> str:
    """One attempt at one claimed delivery; records the outcome and returns its status."""
    async with db.sessions() as session:
        delivery = await session.get(DeliveryRow, delivery_id)
        if delivery is None or delivery.status not in repository.RETRYABLE:
            return delivery.status if delivery else "missing"
        contact_row = await repository.get_contact(session, delivery.customer_id)
        device = (
            await session.get(PushSubscriptionRow, delivery.recipient)
            if delivery.channel == "push"
            else None
        )
    message_id: str | None = None
    error: DeliveryFailed | None = None
    try:
        if contact_row is None:
            # The order event may have overtaken the registration: try again later.
            raise DeliveryFailed("no contact for this customer yet")
        message_id = await _send(
            notifier, delivery, contacts.open_contact(notifier, contact_row), device
        )
    except DeliveryFailed as exc:
        error = exc
    except Exception as exc:  # recorded and retried like any failure, never lost
        log.exception("delivery attempt crashed", extra={"delivery_id": delivery_id})
        error = DeliveryFailed(f"unexpected: {exc!r}")
    return await _record(db, notifier, delivery_id, message_id, error)


async def _record(
    db: Database,
    notifier: Notifier,
    delivery_id: str,
    message_id: str | None,
    error: DeliveryFailed | None,
) -> str:
    now = datetime.now(UTC)
    async with db.unit_of_work() as session:
        delivery = await session.get(DeliveryRow, delivery_id)
        if delivery is None:
            return "missing"
        delivery.updated_at = now
        if error is None:
            delivery.status, delivery.sent_at = "sent", now
            delivery.provider_message_id = (message_id or "")[:200]
            delivery.last_error = None
        else:
            delivery.last_error = str(error)[:2000]
            if error.permanent or delivery.attempts >= notifier.settings.max_attempts:
                delivery.status = "dead"
                log.warning(
                    "delivery dead",
                    extra={"delivery_id": delivery_id, "attempts": delivery.attempts},
                )
                if error.permanent and delivery.channel == "push":
                    # The push service forgot the device; so do we.
                    device = await session.get(PushSubscriptionRow, delivery.recipient)
                    if device is not None:
                        await session.delete(device)
            else:
                delivery.status = "failed"
                delivery.next_attempt_at = now + timedelta(
                    seconds=notifier.settings.retry_delay(delivery.attempts)
                )
        return delivery.status


async def retry_dead(session: AsyncSession, delivery_id: str) -> DeliveryRow:
    """An admin gives a dead delivery a fresh set of attempts."""
    delivery = await session.get(DeliveryRow, delivery_id)
    if delivery is None:
        raise NotFound(f"No delivery {delivery_id}.")
    if delivery.status != "dead":
        raise Conflict(f"Delivery {delivery_id} is {delivery.status}, not dead.", "not-dead")
    if not delivery.context_enc:
        raise Conflict("The customer was erased; nothing to send.", "customer-erased")
    now = datetime.now(UTC)
    delivery.status, delivery.attempts = "pending", 0
    delivery.next_attempt_at, delivery.updated_at = now, now
    await session.flush()
    return delivery
