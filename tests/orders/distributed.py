"""The distributed profile's backends for orders tests: a MariaDB database per service,
Redis for carts, and RabbitMQ as the event bus, isolated per test (its own exchange and
queue names, deleted afterwards)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import aio_pika

from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.platform.events.bus import Subscription
from bookbrew.platform.events.rabbitmq import RabbitMQBus
from bookbrew.platform.hub import Hub
from tests.conftest import AMQP_URL, REDIS_URL, require_backend, temporary_mariadb
from tests.orders.shop import Shop, running_shop


class IsolatedRabbitMQBus(RabbitMQBus):
    """RabbitMQ with this test's own exchange and queue names."""

    def __init__(self, url: str, tag: str) -> None:
        super().__init__(url, service="shop", exchange=f"test.orders.{tag}")
        self.tag = tag
        self.queues: list[str] = []

    def subscribe(self, subscription: Subscription) -> None:
        queue = f"{self.tag}.{subscription.queue}"
        self.queues.append(queue)
        super().subscribe(replace(subscription, queue=queue))


async def delete_broker_objects(url: str, bus: IsolatedRabbitMQBus) -> None:
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel()
        for queue in bus.queues:
            await channel.queue_delete(queue)
            await channel.queue_delete(f"{queue}.dead")
        await channel.exchange_delete(f"test.orders.{bus.tag}")
        await channel.exchange_delete(f"test.orders.{bus.tag}.dead-letter")
    finally:
        await connection.close()


def require_distributed_backends() -> None:
    require_backend(AMQP_URL.replace("amqp://", "amqp://"), 5672, "RabbitMQ")
    require_backend(REDIS_URL, 6379, "Redis")


@asynccontextmanager
async def distributed_shop(
    tmp_path: Path,
    jwks_file: Path,
    key: DevSigningKey,
    *,
    broker_url: str | None = AMQP_URL,
    orders: dict[str, Any] | None = None,
    observers: list[Subscription] | None = None,
) -> AsyncIterator[Shop]:
    """Catalog, payments and orders on their own MariaDB databases, carts in Redis, the
    bus on RabbitMQ (through `broker_url`, e.g. a proxy); identity on SQLite."""
    require_distributed_backends()
    tag = uuid.uuid4().hex[:10]
    async with AsyncExitStack() as stack:
        urls = {
            name: await stack.enter_async_context(temporary_mariadb())
            for name in ("catalog", "payments", "orders")
        }
        hub = Hub()
        bus: IsolatedRabbitMQBus | None = None
        if broker_url is not None:
            bus = IsolatedRabbitMQBus(broker_url, tag)
            hub.bus = bus  # type: ignore[assignment]
            for observer in observers or []:
                bus.subscribe(observer)
        try:
            async with running_shop(
                tmp_path,
                jwks_file,
                key,
                urls=urls,
                cache_url=REDIS_URL,
                hub=hub,
                orders={"http_timeout_seconds": 60.0, **(orders or {})},
            ) as shop:
                if bus is not None:
                    await bus.wait_connected(15)
                yield shop
        finally:
            if bus is not None:
                await delete_broker_objects(AMQP_URL, bus)
