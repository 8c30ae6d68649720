"""Preferences per customer, channel and category, and the signed one-click unsubscribe."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.notifications import repository
from bookbrew.notifications.models import ContactRow, PreferenceRow
from bookbrew.platform.problems import Problem

Channel = Literal["email", "sms", "push"]
Category = Literal["transactional", "marketing"]
CHANNELS: tuple[Channel, ...] = ("email", "sms", "push")
CATEGORIES: tuple[Category, ...] = ("transactional", "marketing")

# Without an explicit choice: receipts and order news by e-mail (always) and on devices
# the customer registered; SMS only when asked for; marketing only with consent.
_DEFAULTS: dict[tuple[str, str], bool] = {
    ("email", "transactional"): True,
    ("sms", "transactional"): False,
    ("sms", "marketing"): False,
    ("push", "transactional"): True,
    ("push", "marketing"): False,
}


def effective(
    choices: dict[tuple[str, str], bool], contact: ContactRow | None, channel: str, category: str
) -> bool:
    if (channel, category) == ("email", "transactional"):
        return True  # receipts, verification and order status always go by e-mail
    if (channel, category) in choices:
        return choices[(channel, category)]
    if (channel, category) == ("email", "marketing"):
        return bool(contact and contact.marketing_consent)
    return _DEFAULTS[(channel, category)]


async def current(
    session: AsyncSession, customer_id: str, contact: ContactRow | None
) -> dict[str, dict[str, bool]]:
    choices = await repository.preferences(session, customer_id)
    return {
        channel: {
            category: effective(choices, contact, channel, category) for category in CATEGORIES
        }
        for channel in CHANNELS
    }


async def choose(
    session: AsyncSession, customer_id: str, channel: str, category: str, enabled: bool
) -> None:
    if (channel, category) == ("email", "transactional") and not enabled:
        raise Problem(
            422,
            "transactional-email-required",
            "Receipts, verification and order updates are always sent by e-mail.",
        )
    now = datetime.now(UTC)
    row = await repository.get_preference(session, customer_id, channel, category)
    if row is None:
        session.add(
            PreferenceRow(
                customer_id=customer_id,
                channel=channel,
                category=category,
                enabled=enabled,
                updated_at=now,
            )
        )
    else:
        row.enabled, row.updated_at = enabled, now
    await session.flush()


def _serializer(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt="bookbrew.notifications.unsubscribe")


def unsubscribe_token(secret: str, customer_id: str, channel: str = "email") -> str:
    """Signed, not expiring: an unsubscribe link in an old e-mail must keep working."""
    return _serializer(secret).dumps({"c": customer_id, "ch": channel, "k": "marketing"})


def read_unsubscribe_token(secret: str, token: str) -> tuple[str, str, str]:
    try:
        data = _serializer(secret).loads(token)
        return str(data["c"]), str(data["ch"]), str(data["k"])
    except (BadSignature, KeyError, TypeError) as exc:
        raise Problem(
            400, "invalid-unsubscribe-token", "This unsubscribe link is not valid."
        ) from exc


async def unsubscribe(session: AsyncSession, secret: str, token: str) -> str:
    customer_id, channel, category = read_unsubscribe_token(secret, token)
    if channel not in CHANNELS or category != "marketing":
        raise Problem(400, "invalid-unsubscribe-token", "This unsubscribe link is not valid.")
    await choose(session, customer_id, channel, category, False)
    return customer_id
