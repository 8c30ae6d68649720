"""Provider webhooks: verify, store (deduplicated by the provider's event id), answer
at once; a background processor applies stored events one by one, each in its own
unit of work. A replayed event hits the primary key and changes nothing; a forged one
never gets past verification; an out-of-order one cannot move a payment backwards."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError

from bookbrew.payments import idempotency, repository, service
from bookbrew.payments.models import WebhookEventRow
from bookbrew.payments.providers.base import PaymentProvider, WebhookNotice, WebhookRejected
from bookbrew.platform.crypto import KeyRing
from bookbrew.platform.db import Database
from bookbrew.platform.problems import Problem

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024


async def receive(
    db: Database, provider: PaymentProvider, body: bytes, headers: Mapping[str, str]
) -> bool:
    """Verify and store one webhook. Returns False for a duplicate."""
    if len(body) > MAX_BODY_BYTES:
        raise Problem(413, "payload-too-large", "The webhook body is too large.")
    try:
        notice = await provider.parse_webhook(body, headers)
    except WebhookRejected as exc:
        log.warning("webhook rejected", extra={"provider": provider.name, "reason": str(exc)})
        raise Problem(400, "webhook-signature-invalid", "The webhook did not verify.") from exc
    try:
        async with db.unit_of_work() as session:
            session.add(
                WebhookEventRow(
                    provider=provider.name,
                    event_id=notice.event_id[:255],
                    type=notice.type[:100],
                    notice=json.dumps(dataclasses.asdict(notice)),
                    received_at=datetime.now(UTC),
                )
            )
            await session.flush()
    except IntegrityError:
        log.info(
            "duplicate webhook ignored",
            extra={"provider": provider.name, "event_id": notice.event_id},
        )
        return False
    return True


class WebhookProcessor:
    """Applies stored webhooks; woken after each one stored, polling as a safety net.
    Also prunes old idempotency keys now and then."""

    def __init__(
        self,
        db: Database,
        ring: KeyRing,
        provider: str,
        *,
        poll_seconds: float,
        batch_size: int = 50,
        keep_keys: timedelta = timedelta(days=1),
    ) -> None:
        self.db = db
        self.ring = ring
        self.provider = provider
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self.keep_keys = keep_keys
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._last_prune = datetime.min.replace(tzinfo=UTC)

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="payments-webhooks")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None

    async def process_pending(self) -> int:
        """Apply one batch of stored webhooks; returns how many were applied."""
        async with self.db.sessions() as session:
            rows = await repository.pending_webhooks(
                session, limit=self.batch_size, skip_locked=False
            )
            keys = [(row.provider, row.event_id) for row in rows]
        done = 0
        for key in keys:
            try:
                done += await self._process_one(key)
            except Exception:
                # Left unprocessed for the next round; the others go on meanwhile.
                log.exception("webhook could not be applied", extra={"event_id": key[1]})
        return done

    async def _process_one(self, key: tuple[str, str]) -> int:
        async with self.db.unit_of_work() as session:
            row = await session.get(WebhookEventRow, key, with_for_update=True)
            if row is None or row.processed_at is not None:
                return 0  # another replica took it
            notice = WebhookNotice(**json.loads(row.notice))
            row.outcome = await service.apply_notice(session, self.ring, row.provider, notice)
            row.processed_at = datetime.now(UTC)
            log.info(
                "webhook processed",
                extra={"event_id": row.event_id, "type": row.type, "outcome": row.outcome},
            )
        return 1

    async def _run(self) -> None:
        while True:
            try:
                processed = await self.process_pending()
                await self._prune()
                if processed == self.batch_size:
                    continue
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("webhook processing failed; will try again")
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_seconds)
            except TimeoutError:
                pass
            self._wake.clear()

    async def _prune(self) -> None:
        now = datetime.now(UTC)
        if now - self._last_prune >= timedelta(hours=1):
            self._last_prune = now
            await idempotency.prune(self.db, older_than=self.keep_keys)
