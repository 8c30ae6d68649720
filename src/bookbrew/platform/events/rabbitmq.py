"""RabbitMQ adapter on aio-pika: a durable topic exchange, one durable queue per
consumer, publisher confirms, and a dead-letter exchange with a `.dead` queue each."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aio_pika
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractRobustConnection,
)

from bookbrew.platform.events.bus import (
    BrokerUnavailable,
    Subscription,
    handle_with_retries,
)
from bookbrew.platform.events.envelope import CONTENT_TYPE, CloudEvent
from bookbrew.platform.observability import EVENTS_DEAD_LETTERED

log = logging.getLogger(__name__)

EXCHANGE = "bookbrew.events"
DEAD_LETTER_EXCHANGE = "bookbrew.dead-letter"


class RabbitMQBus:
    def __init__(
        self,
        url: str,
        *,
        service: str,
        exchange: str = EXCHANGE,
        prefetch: int = 16,
        publish_timeout: float = 5.0,
    ) -> None:
        self._url = url
        self._service = service
        self._exchange_name = exchange
        self._dead_exchange_name = (
            f"{exchange}.dead-letter" if exchange != EXCHANGE else DEAD_LETTER_EXCHANGE
        )
        self._prefetch = prefetch
        self._publish_timeout = publish_timeout
        self._subscriptions: list[Subscription] = []
        self._connection: AbstractRobustConnection | None = None
        self._publish_channel: AbstractChannel | None = None
        self._exchange: AbstractExchange | None = None
        self._connector: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()

    def subscribe(self, subscription: Subscription) -> None:
        self._subscriptions.append(subscription)

    async def start(self) -> None:
        """Connect in the background: a service starts even while the broker is down,
        and its outbox simply waits."""
        if self._connector is None:
            self._connector = asyncio.create_task(self._connect_forever())

    async def wait_connected(self, timeout: float) -> None:
        await asyncio.wait_for(self._connected.wait(), timeout)

    async def _connect_forever(self) -> None:
        delay = 0.5
        while True:
            try:
                await self._connect()
                self._connected.set()
                return
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("broker unreachable, retrying in %.1fs: %s", delay, exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)

    async def _connect(self) -> None:
        connection = await aio_pika.connect_robust(self._url, timeout=5)
        try:
            channel = await connection.channel(publisher_confirms=True)
            exchange = await channel.declare_exchange(
                self._exchange_name, aio_pika.ExchangeType.TOPIC, durable=True
            )
            dead_exchange = await channel.declare_exchange(
                self._dead_exchange_name, aio_pika.ExchangeType.DIRECT, durable=True
            )
            for subscription in self._subscriptions:
                await self._declare_consumer(connection, subscription, exchange, dead_exchange)
        except BaseException:
            await connection.close()
            raise
        self._connection = connection
        self._publish_channel = channel
        self._exchange = exchange

    async def _declare_consumer(
        self,
        connection: AbstractRobustConnection,
        subscription: Subscription,
        exchange: AbstractExchange,
        dead_exchange: AbstractExchange,
    ) -> None:
        setup = await connection.channel()
        dead_queue = await setup.declare_queue(f"{subscription.queue}.dead", durable=True)
        await dead_queue.bind(dead_exchange, routing_key=subscription.queue)
        await setup.close()

        channel = await connection.channel()
        await channel.set_qos(prefetch_count=self._prefetch)
        queue = await channel.declare_queue(
            subscription.queue,
            durable=True,
            arguments={
                "x-dead-letter-exchange": self._dead_exchange_name,
                "x-dead-letter-routing-key": subscription.queue,
            },
        )
        for pattern in subscription.patterns:
            await queue.bind(exchange, routing_key=pattern)

        async def on_message(message: AbstractIncomingMessage) -> None:
            await self._deliver(subscription, message)

        await queue.consume(on_message)

    async def _deliver(self, subscription: Subscription, message: AbstractIncomingMessage) -> None:
        try:
            event = CloudEvent.from_json(message.body)
        except ValueError:
            log.error("unparseable message parked", extra={"queue": subscription.queue})
            EVENTS_DEAD_LETTERED.labels(self._service, "unparseable").inc()
            await message.reject(requeue=False)
            return
        if event.traceparent is None and message.headers and "traceparent" in message.headers:
            event = event.model_copy(update={"traceparent": str(message.headers["traceparent"])})
        handled = await handle_with_retries(
            subscription,
            event,
            on_dead=lambda t: EVENTS_DEAD_LETTERED.labels(self._service, t).inc(),
        )
        if handled:
            await message.ack()
        else:
            await message.reject(requeue=False)

    async def publish(self, event: CloudEvent) -> None:
        if self._exchange is None or self._connection is None or self._connection.is_closed:
            raise BrokerUnavailable("not connected to RabbitMQ")
        headers: dict[str, Any] = {"ce-type": event.type, "ce-source": event.source}
        if event.traceparent:
            headers["traceparent"] = event.traceparent
        message = aio_pika.Message(
            body=event.to_json(),
            content_type=CONTENT_TYPE,
            message_id=event.id,
            type=event.type,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            headers=headers,
        )
        try:
            # With publisher confirms this returns once the broker has taken the message.
            await asyncio.wait_for(
                self._exchange.publish(message, routing_key=event.type),
                self._publish_timeout,
            )
        except (aio_pika.exceptions.AMQPError, ConnectionError, TimeoutError, RuntimeError) as exc:
            raise BrokerUnavailable(str(exc)) from exc

    async def dead_letters(self, queue: str) -> list[CloudEvent]:
        """Read (and requeue) what is parked in `<queue>.dead`, for operators and tests."""
        if self._connection is None:
            raise BrokerUnavailable("not connected to RabbitMQ")
        channel = await self._connection.channel()
        try:
            dead = await channel.declare_queue(f"{queue}.dead", durable=True)
            events: list[CloudEvent] = []
            messages = []
            while (message := await dead.get(fail=False, no_ack=False)) is not None:
                messages.append(message)
                events.append(CloudEvent.from_json(message.body))
            for message in messages:
                await message.nack(requeue=True)
            return events
        finally:
            await channel.close()

    async def ping(self) -> None:
        if self._connection is None or self._connection.is_closed:
            raise BrokerUnavailable("not connected to RabbitMQ")

    async def close(self) -> None:
        if self._connector is not None:
            self._connector.cancel()
            await asyncio.gather(self._connector, return_exceptions=True)
            self._connector = None
        if self._connection is not None:
            await self._connection.close()
            self._connection = None
        self._exchange = None
        self._connected.clear()
