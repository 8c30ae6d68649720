"""Event-bus port, the shared retry policy, and the in-process adapter (embedded profile).

Routing follows RabbitMQ topic semantics so both adapters route identically:
words split by '.', '*' matches one word, '#' matches zero or more.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from opentelemetry.trace import SpanKind

from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.platform.observability import EVENTS_DEAD_LETTERED, context_from, tracer

log = logging.getLogger(__name__)

Handler = Callable[[CloudEvent], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    base_delay: float = 0.2
    max_delay: float = 5.0

    def delay(self, attempt: int) -> float:
        return float(min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))


@dataclass(frozen=True)
class Subscription:
    queue: str
    patterns: tuple[str, ...]
    handler: Handler
    retry: RetryPolicy = field(default_factory=RetryPolicy)


class EventBus(Protocol):
    def subscribe(self, subscription: Subscription) -> None:
        """Register before `start`; the queue is durable where the adapter allows."""
        ...

    async def start(self) -> None: ...
    async def publish(self, event: CloudEvent) -> None:
        """Return only once the broker has the event; raise otherwise."""
        ...

    async def dead_letters(self, queue: str) -> list[CloudEvent]: ...
    async def ping(self) -> None: ...
    async def close(self) -> None: ...


class BrokerUnavailable(Exception):
    pass


def topic_matches(pattern: str, routing_key: str) -> bool:
    return _match(pattern.split("."), routing_key.split("."))


def _match(pattern: list[str], words: list[str]) -> bool:
    if not pattern:
        return not words
    head, rest = pattern[0], pattern[1:]
    if head == "#":
        return any(_match(rest, words[i:]) for i in range(len(words) + 1))
    if not words:
        return False
    return (head in ("*", words[0])) and _match(rest, words[1:])


async def handle_with_retries(
    subscription: Subscription, event: CloudEvent, on_dead: Callable[[str], None] | None = None
) -> bool:
    """Run the handler with back-off, in a consumer span that continues the producer's
    trace; False means it kept failing and must be parked."""
    parent = context_from({"traceparent": event.traceparent} if event.traceparent else {})
    with tracer("bookbrew.events").start_as_current_span(
        f"consume {event.type}", context=parent, kind=SpanKind.CONSUMER
    ) as span:
        span.set_attribute("messaging.destination.name", subscription.queue)
        span.set_attribute("cloudevents.event_id", event.id)
        handled = await _attempts(subscription, event)
    if not handled and on_dead:
        on_dead(event.type)
    return handled


async def _attempts(subscription: Subscription, event: CloudEvent) -> bool:
    for attempt in range(1, subscription.retry.attempts + 1):
        try:
            await subscription.handler(event)
            return True
        except asyncio.CancelledError:
            raise
        except Exception:
            log.warning(
                "handler failed",
                exc_info=True,
                extra={"queue": subscription.queue, "event_id": event.id, "attempt": attempt},
            )
            if attempt < subscription.retry.attempts:
                await asyncio.sleep(subscription.retry.delay(attempt))
    return False


class InProcessBus:
    """Queues in memory, one worker per subscription; nothing survives the process."""

    def __init__(self) -> None:
        self._subscriptions: list[Subscription] = []
        self._queues: dict[str, asyncio.Queue[CloudEvent]] = {}
        self._dead: dict[str, list[CloudEvent]] = {}
        self._workers: list[asyncio.Task[None]] = []
        self._started = False

    def subscribe(self, subscription: Subscription) -> None:
        self._subscriptions.append(subscription)
        self._queues[subscription.queue] = asyncio.Queue()
        self._dead.setdefault(subscription.queue, [])
        if self._started:
            self._workers.append(asyncio.create_task(self._work(subscription)))

    async def start(self) -> None:
        if self._started:
            return
        self._started = True
        self._workers = [asyncio.create_task(self._work(s)) for s in self._subscriptions]

    async def publish(self, event: CloudEvent) -> None:
        for subscription in self._subscriptions:
            if any(topic_matches(p, event.type) for p in subscription.patterns):
                self._queues[subscription.queue].put_nowait(event)

    async def _work(self, subscription: Subscription) -> None:
        queue = self._queues[subscription.queue]
        while True:
            event = await queue.get()
            try:
                if not await handle_with_retries(
                    subscription, event, on_dead=self._count_dead(subscription)
                ):
                    self._dead[subscription.queue].append(event)
            finally:
                queue.task_done()

    @staticmethod
    def _count_dead(subscription: Subscription) -> Callable[[str], None]:
        service = subscription.queue.split(".")[0]
        return lambda type_: EVENTS_DEAD_LETTERED.labels(service, type_).inc()

    async def drain(self) -> None:
        """Wait until every queued event has been handled (tests and shutdown)."""
        for queue in self._queues.values():
            await queue.join()

    async def dead_letters(self, queue: str) -> list[CloudEvent]:
        return list(self._dead.get(queue, []))

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        self._workers = []
        self._started = False
