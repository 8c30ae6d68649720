"""Browser and device push subscriptions, registered through the BFFs."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.notifications import repository
from bookbrew.notifications.models import PushSubscriptionRow
from bookbrew.notifications.service import Notifier
from bookbrew.platform.problems import NotFound


def _aad(subscription_id: str) -> str:
    return f"notifications:push:{subscription_id}"


async def register(
    session: AsyncSession,
    notifier: Notifier,
    customer_id: str,
    kind: str,
    target: dict[str, Any],
    label: str | None,
) -> tuple[PushSubscriptionRow, bool]:
    """One row per device: registering it again (even by another customer signing in on
    it) moves it to the caller. True when newly created."""
    address = target["endpoint"] if kind == "webpush" else target["token"]
    target_hash = notifier.target_index(f"{kind}:{address}")
    row = await repository.push_subscription_by_hash(session, target_hash)
    created = row is None
    if row is None:
        row = PushSubscriptionRow(
            id=str(uuid.uuid4()), target_hash=target_hash, created_at=datetime.now(UTC)
        )
        session.add(row)
    row.customer_id = customer_id
    row.kind = kind
    row.label = label
    row.target_enc = notifier.seal_json(target, _aad(row.id))
    await session.flush()
    return row, created


async def list_own(session: AsyncSession, customer_id: str) -> Sequence[PushSubscriptionRow]:
    return await repository.push_subscriptions(session, customer_id)


async def remove(session: AsyncSession, customer_id: str, subscription_id: str) -> None:
    row = await session.get(PushSubscriptionRow, subscription_id)
    if row is None or row.customer_id != customer_id:
        raise NotFound(f"No push subscription {subscription_id}.")
    await session.delete(row)
    await session.flush()


def open_target(notifier: Notifier, row: PushSubscriptionRow) -> dict[str, Any]:
    target: dict[str, Any] = notifier.open_json(row.target_enc, _aad(row.id))
    return target
