"""The distributed profile on real backends: orders, catalog and payments on MariaDB,
carts in Redis, events through RabbitMQ. The apps run in this process and call each
other through the hub's in-process HTTP transport (the same clients and code paths as
over sockets); the crash test runs orders as a real process (test_crash.py)."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import text

from bookbrew.orders.service import cart
from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.platform.events.bus import Subscription
from bookbrew.platform.events.envelope import CloudEvent
from tests.conftest import AMQP_URL
from tests.orders.distributed import distributed_shop
from tests.orders.shop import DECLINE, Shop
from tests.support import TcpProxy, eventually

pytestmark = pytest.mark.distributed


async def scalar(shop: Shop, service: str, sql: str) -> int:
    db = shop.apps[service].state.runtime.db
    async with db.engine.connect() as conn:
        return int((await conn.execute(text(sql))).scalar() or 0)


async def bounded(limit: int, jobs: list) -> list:  # type: ignore[type-arg]
    gate = asyncio.Semaphore(limit)

    async def run(job):  # type: ignore[no-untyped-def]
        async with gate:
            return await job

    return await asyncio.gather(*(run(job) for job in jobs))


async def test_1000_concurrent_checkouts_for_10_units_confirm_exactly_10(
    tmp_path: Path, jwks_file: Path, signing_key: DevSigningKey
) -> None:
    async with distributed_shop(tmp_path, jwks_file, signing_key) as shop:
        await shop.product("CF-900", stock=10, price=1299)
        shoppers = [shop.customer() for _ in range(1000)]
        # Carts filled straight through the cache port (the cart API is tested elsewhere).
        for me in shoppers:
            owner = cart.Owner(customer_id=shop.subject(me))
            await cart.save(shop.context, owner, cart.StoredCart(lines={"CF-900": 1}))
        token = await shop.card(shoppers[0])

        lowest = 10
        done = asyncio.Event()

        async def watch_stock() -> None:
            nonlocal lowest
            while not done.is_set():
                stock = "SELECT stock FROM products WHERE sku = 'CF-900'"
                lowest = min(lowest, await scalar(shop, "catalog", stock))
                await asyncio.sleep(0.02)

        watcher = asyncio.create_task(watch_stock())
        answers = await asyncio.gather(*(shop.checkout(me, token=token) for me in shoppers))
        done.set()
        await watcher

        assert {a.status_code for a in answers} == {201}, {a.text for a in answers}
        statuses = Counter(a.json()["status"] for a in answers)
        assert statuses == {"confirmed": 10, "failed": 990}
        reasons = {a.json()["reason"] for a in answers if a.json()["status"] == "failed"}
        assert reasons == {"Out of stock: Ethiopia Yirgacheffe CF-900 (CF-900)."}
        assert lowest >= 0 and await shop.stock("CF-900") == 0
        assert await scalar(shop, "payments", "SELECT COUNT(*) FROM payments") == 10
        assert (
            await scalar(shop, "payments", "SELECT COUNT(*) FROM payments WHERE status='succeeded'")
            == 10
        )
        assert await scalar(shop, "catalog", "SELECT COUNT(*) FROM reservations") == 10
        assert (
            await scalar(
                shop, "catalog", "SELECT COUNT(*) FROM reservations WHERE status='committed'"
            )
            == 10
        )
        # One event per transition, all published.
        events = Counter(t for t, _ in await shop.events())
        assert events["bookbrew.order.placed"] == 1000
        assert events["bookbrew.order.confirmed"] == 10
        assert events["bookbrew.order.failed"] == 990

        async def all_published() -> bool:
            return (
                await scalar(
                    shop, "orders", "SELECT COUNT(*) FROM outbox WHERE published_at IS NULL"
                )
                == 0
            )

        await eventually(all_published, timeout=30)


async def test_the_same_key_20_times_concurrently_is_one_order_and_one_payment(
    tmp_path: Path, jwks_file: Path, signing_key: DevSigningKey
) -> None:
    async with distributed_shop(tmp_path, jwks_file, signing_key) as shop:
        await shop.product("CF-901", stock=10)
        me = shop.customer()
        assert (await shop.add(me, "CF-901", 3)).status_code == 200
        token = await shop.card(me)
        key = uuid.uuid4().hex
        answers = await asyncio.gather(
            *(shop.checkout(me, key=key, token=token) for _ in range(20))
        )
        assert sorted(a.status_code for a in answers) == [200] * 19 + [201]
        assert len({a.json()["id"] for a in answers}) == 1
        assert {a.json()["status"] for a in answers} == {"confirmed"}
        assert await scalar(shop, "orders", "SELECT COUNT(*) FROM orders") == 1
        assert await scalar(shop, "payments", "SELECT COUNT(*) FROM payments") == 1
        assert await shop.stock("CF-901") == 7


async def test_a_broker_outage_during_checkouts_loses_no_event(
    tmp_path: Path, jwks_file: Path, signing_key: DevSigningKey
) -> None:
    port = int(AMQP_URL.rsplit(":", 1)[1].split("/")[0])
    proxy = TcpProxy("127.0.0.1", port)
    proxied = AMQP_URL.replace(f":{port}", f":{await proxy.reserve_port()}")
    await proxy.up()
    seen: list[CloudEvent] = []

    async def observe(event: CloudEvent) -> None:
        seen.append(event)

    observer = Subscription("observer", ("bookbrew.order.#",), observe)
    try:
        async with distributed_shop(
            tmp_path, jwks_file, signing_key, broker_url=proxied, observers=[observer]
        ) as shop:
            await shop.product("CF-902", stock=16)
            await proxy.down()
            shoppers = [shop.customer() for _ in range(16)]
            for me in shoppers:
                assert (await shop.add(me, "CF-902")).status_code == 200
            token = await shop.card(shoppers[0])
            declined = await shop.card(shoppers[0], DECLINE)
            answers = await asyncio.gather(
                *(
                    shop.checkout(me, token=declined if i % 4 == 3 else token)
                    for i, me in enumerate(shoppers)
                )
            )
            statuses = Counter(a.json()["status"] for a in answers)
            assert statuses == {"confirmed": 12, "failed": 4}, statuses
            await asyncio.sleep(1.0)
            staged = await shop.events()
            assert len(staged) == 16 + 16 + 16  # interactions, placed, confirmed or failed
            unpublished = await scalar(
                shop, "orders", "SELECT COUNT(*) FROM outbox WHERE published_at IS NULL"
            )
            assert unpublished == len(staged) and not seen

            await proxy.up()

            async def every_order_event_arrived() -> bool:
                return len({e.id for e in seen}) == 32

            await eventually(every_order_event_arrived, timeout=60)
            await asyncio.sleep(1.0)
            by_order = Counter((e.subject, e.type) for e in seen)
            assert all(count == 1 for count in by_order.values()), by_order
            for answer in answers:
                order = answer.json()
                assert by_order[(order["id"], "bookbrew.order.placed")] == 1
                assert by_order[(order["id"], f"bookbrew.order.{order['status']}")] == 1
            # The payment events reached orders too, each handled once (the inbox).
            handled = await scalar(shop, "orders", "SELECT COUNT(*) FROM inbox")
            payment_events = await scalar(
                shop, "payments", "SELECT COUNT(*) FROM outbox WHERE published_at IS NOT NULL"
            )
            assert handled == payment_events == 16
    finally:
        await proxy.down()
