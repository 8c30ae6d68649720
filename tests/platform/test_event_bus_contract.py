"""The same assertions against every event-bus adapter: in-process and RabbitMQ."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import aio_pika
import pytest

from bookbrew.platform.events.bus import (
    EventBus,
    InProcessBus,
    RetryPolicy,
    Subscription,
    topic_matches,
)
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.platform.events.rabbitmq import RabbitMQBus
from tests.support import eventually

FAST_RETRY = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05)


@dataclass
class Setup:
    make: object  # () -> EventBus
    queue_prefix: str
    buses: list[EventBus] = field(default_factory=list)


@pytest.fixture(params=["in-process", "rabbitmq"])
async def bus_factory(request: pytest.FixtureRequest) -> AsyncIterator[Setup]:
    tag = uuid.uuid4().hex[:8]
    if request.param == "in-process":
        shared = InProcessBus()
        setup = Setup(make=lambda: shared, queue_prefix=f"test-{tag}")
    else:
        url = request.getfixturevalue("amqp_url")
        setup = Setup(
            make=lambda: RabbitMQBus(url, service="test", exchange=f"test.{tag}"),
            queue_prefix=f"test-{tag}",
        )
    yield setup
    for bus in setup.buses:
        await bus.close()
    if request.param == "rabbitmq":
        connection = await aio_pika.connect(url)
        channel = await connection.channel()
        for suffix in (
            "a",
            "b",
            "flaky",
            "poison",
            "poison.dead",
            "a.dead",
            "b.dead",
            "flaky.dead",
        ):
            await channel.queue_delete(f"{setup.queue_prefix}.{suffix}")
        await channel.exchange_delete(f"test.{tag}")
        await channel.exchange_delete(f"test.{tag}.dead-letter")
        await connection.close()


async def started(setup: Setup, subscriptions: list[Subscription]) -> EventBus:
    bus: EventBus = setup.make()  # type: ignore[operator]
    for subscription in subscriptions:
        bus.subscribe(subscription)
    await bus.start()
    setup.buses.append(bus)
    if isinstance(bus, RabbitMQBus):
        await bus.wait_connected(10)
    return bus


def event(type_: str, **data: object) -> CloudEvent:
    return CloudEvent(source="/test", type=type_, data=data)


async def test_topic_routing_and_fan_out(bus_factory: Setup) -> None:
    got_a: list[str] = []
    got_b: list[str] = []

    async def on_a(e: CloudEvent) -> None:
        got_a.append(e.type)

    async def on_b(e: CloudEvent) -> None:
        got_b.append(e.type)

    p = bus_factory.queue_prefix
    bus = await started(
        bus_factory,
        [
            Subscription(f"{p}.a", ("bookbrew.order.*",), on_a),
            Subscription(f"{p}.b", ("bookbrew.#",), on_b),
        ],
    )
    await bus.publish(event("bookbrew.order.placed", order="o1"))
    await bus.publish(event("bookbrew.product.created", sku="s1"))
    await bus.publish(event("other.thing"))
    await eventually(lambda: len(got_b) == 2)
    await eventually(lambda: len(got_a) == 1)
    await asyncio.sleep(0.2)
    assert got_a == ["bookbrew.order.placed"]
    assert sorted(got_b) == ["bookbrew.order.placed", "bookbrew.product.created"]


async def test_envelope_survives_the_trip(bus_factory: Setup) -> None:
    received: list[CloudEvent] = []

    async def on(e: CloudEvent) -> None:
        received.append(e)

    bus = await started(bus_factory, [Subscription(f"{bus_factory.queue_prefix}.a", ("x.#",), on)])
    sent = CloudEvent(
        source="/bookbrew/test",
        type="x.y",
        subject="s",
        data={"n": 1, "nested": {"k": ["v"]}},
        traceparent="00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    )
    await bus.publish(sent)
    await eventually(lambda: received)
    assert received[0] == sent


async def test_failing_handler_is_retried_with_back_off(bus_factory: Setup) -> None:
    attempts: list[int] = []

    async def flaky(e: CloudEvent) -> None:
        attempts.append(1)
        if len(attempts) < 3:
            raise RuntimeError("transient")

    q = f"{bus_factory.queue_prefix}.flaky"
    bus = await started(bus_factory, [Subscription(q, ("x.#",), flaky, FAST_RETRY)])
    await bus.publish(event("x.retry"))
    await eventually(lambda: len(attempts) == 3)
    await asyncio.sleep(0.2)
    assert len(attempts) == 3
    assert await bus.dead_letters(q) == []


async def test_poison_message_is_dead_lettered(bus_factory: Setup) -> None:
    async def always_fails(e: CloudEvent) -> None:
        raise ValueError("cannot handle")

    q = f"{bus_factory.queue_prefix}.poison"
    bus = await started(bus_factory, [Subscription(q, ("x.#",), always_fails, FAST_RETRY)])
    poison = event("x.poison", bad=True)
    await bus.publish(poison)
    dead = await eventually(lambda: bus.dead_letters(q))
    assert [e.id for e in dead] == [poison.id]


@pytest.mark.parametrize(
    ("pattern", "key", "matches"),
    [
        ("a.*", "a.b", True),
        ("a.*", "a.b.c", False),
        ("a.#", "a", True),
        ("a.#", "a.b.c", True),
        ("#", "anything.at.all", True),
        ("*.b", "a.b", True),
        ("a.b", "a.c", False),
    ],
)
def test_topic_matching_follows_rabbitmq(pattern: str, key: str, matches: bool) -> None:
    assert topic_matches(pattern, key) is matches
