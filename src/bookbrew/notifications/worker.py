"""Background loops started in the app's lifespan: the delivery worker (sends due
deliveries, woken at once when an event or an admin queues some, polling otherwise) and
the weekly digest schedule."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from bookbrew.notifications.service import Notifier
from bookbrew.notifications.service.deliveries import claim_due, deliver
from bookbrew.notifications.service.digest import digest_due, run_weekly_digest
from bookbrew.platform.db import Database
from bookbrew.platform.http import ServiceClient

log = logging.getLogger(__name__)


class DeliveryWorker:
    def __init__(self, db: Database, notifier: Notifier) -> None:
        self.db = db
        self.notifier = notifier
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wake.set()

    async def run_once(self) -> int:
        """Claim and attempt every due delivery of one batch; returns how many."""
        claimed = await claim_due(self.db, self.notifier)
        if claimed:
            results = await asyncio.gather(
                *(deliver(self.db, self.notifier, delivery_id) for delivery_id in claimed),
                return_exceptions=True,
            )
            for delivery_id, result in zip(claimed, results, strict=True):
                if isinstance(result, BaseException):
                    # Left leased: it comes back when the lease ends, attempt counted.
                    log.error(
                        "recording a delivery failed",
                        exc_info=result,
                        extra={"delivery_id": delivery_id},
                    )
        return len(claimed)

    async def _loop(self) -> None:
        poll = self.notifier.settings.worker_poll_seconds
        full = self.notifier.settings.worker_batch_size
        while True:
            self._wake.clear()
            try:
                if await self.run_once() >= full:
                    continue
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("delivery worker pass failed; will try again")
            try:
                await asyncio.wait_for(self._wake.wait(), poll)
            except TimeoutError:
                pass

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="notifications-delivery-worker")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None


async def digest_schedule(
    db: Database, notifier: Notifier, catalog: ServiceClient, worker: DeliveryWorker
) -> None:
    while True:
        await asyncio.sleep(notifier.settings.digest_check_seconds)
        try:
            if digest_due(notifier, datetime.now(UTC)):
                if await run_weekly_digest(db, notifier, catalog):
                    worker.wake()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("weekly digest failed; will try again")
