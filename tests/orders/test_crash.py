"""The orders service as a real process (`python -m bookbrew.orders`, what `bookbrew
serve orders` runs), killed with SIGKILL in the middle of checkouts and started again:
recovery drives every order to a terminal state and the stock adds up.

Identity, catalog and payments are real HTTP servers in this process (uvicorn), on
MariaDB; orders keeps its orders in MariaDB and its carts in Redis. Payments answers
slowly on purpose, so that the kill lands while sagas wait for it. There is no bus here:
recovery alone must decide, from what the catalog and payments hold."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bookbrew.catalog.app import create_app as create_catalog
from bookbrew.catalog.settings import CatalogSettings
from bookbrew.customers.app import create_app as create_customers
from bookbrew.customers.settings import CustomersSettings
from bookbrew.payments.app import create_app as create_payments
from bookbrew.payments.settings import PaymentsSettings
from bookbrew.platform.devkeys import DevSigningKey
from tests.conftest import REDIS_URL, temporary_mariadb
from tests.orders.distributed import require_distributed_backends
from tests.orders.shop import ADDRESS, coffee
from tests.support import eventually

pytestmark = pytest.mark.distributed
ROOT = Path(__file__).resolve().parents[2]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SlowPayments:
    """Answers payment creation late: the payment exists well before its caller hears."""

    def __init__(self, app: Any, delay: float) -> None:
        self.app = app
        self.delay = delay

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == "/payments":

            async def late(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    await asyncio.sleep(self.delay)
                await send(message)

            await self.app(scope, receive, late)
            return
        await self.app(scope, receive, send)


@asynccontextmanager
async def served(app: Any, port: int) -> AsyncIterator[None]:
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    )
    task = asyncio.create_task(server.serve())
    await eventually(lambda: server.started or task.done(), timeout=60)
    assert not task.done(), "server failed to start"
    try:
        yield
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 30)


class OrdersProcess:
    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env = env
        self.port = port
        self.process: asyncio.subprocess.Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bookbrew.orders",
            "--port",
            str(self.port),
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )

        async def ready() -> bool:
            assert self.process is not None and self.process.returncode is None, "exited"
            try:
                async with httpx.AsyncClient() as client:
                    answer = await client.get(f"{self.url}/health/ready", timeout=2)
                return answer.status_code == 200
            except httpx.HTTPError:
                return False

        await eventually(ready, timeout=60, interval=0.2)

    async def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        await asyncio.wait_for(self.process.wait(), 10)

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                await self.kill()


async def query(url: str, sql: str) -> list[Any]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return list((await conn.execute(text(sql))).all())
    finally:
        await engine.dispose()


async def test_orders_killed_mid_saga_and_restarted_finishes_every_order(
    tmp_path: Path, jwks_file: Path, signing_key: DevSigningKey
) -> None:
    require_distributed_backends()
    shoppers, units, run = 40, 30, uuid.uuid4().hex[:8]
    ports = {name: free_port() for name in ("customers", "catalog", "payments", "orders")}
    base = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    common: dict[str, Any] = {
        "data_dir": tmp_path,
        "jwks_file": str(jwks_file),
        "jwks_url": f"{base['customers']}/.well-known/jwks.json",
        "environment": "test",
        "broker_url": "memory://",
    }
    admin = {"Authorization": f"Bearer {signing_key.mint('staff', roles=['admin'])}"}
    async with AsyncExitStack() as stack:
        dbs = {
            name: await stack.enter_async_context(temporary_mariadb())
            for name in ("catalog", "payments", "orders")
        }
        customers = create_customers(CustomersSettings(**common))
        catalog = create_catalog(CatalogSettings(**common, database_url=dbs["catalog"]))
        payments = create_payments(PaymentsSettings(**common, database_url=dbs["payments"]))
        await stack.enter_async_context(served(customers, ports["customers"]))
        await stack.enter_async_context(served(catalog, ports["catalog"]))
        await stack.enter_async_context(served(SlowPayments(payments, 0.4), ports["payments"]))
        prefix = "BOOKBREW_ORDERS_"
        env = {
            **os.environ,
            "BOOKBREW_LOG_LEVEL": "WARNING",
            prefix + "ENVIRONMENT": "test",
            prefix + "DATA_DIR": str(tmp_path / "orders"),
            prefix + "DATABASE_URL": dbs["orders"],
            prefix + "CACHE_URL": REDIS_URL,
            prefix + "BROKER_URL": "memory://",
            prefix + "JWKS_FILE": str(jwks_file),
            prefix + "JWKS_URL": common["jwks_url"],
            prefix + "CATALOG_URL": base["catalog"],
            prefix + "PAYMENTS_URL": base["payments"],
            prefix + "CUSTOMERS_URL": base["customers"],
            prefix + "RECOVERY_GRACE_SECONDS": "1",
            prefix + "SWEEP_INTERVAL_SECONDS": "1",
        }
        orders = OrdersProcess(env, ports["orders"])
        stack.push_async_callback(orders.stop)
        await orders.start()

        async with httpx.AsyncClient(timeout=60) as http:
            created = await http.post(
                f"{base['catalog']}/admin/products",
                json=coffee("CF-990", stock=units),
                headers=admin,
            )
            assert created.status_code == 201, created.text
            headers = [
                {"Authorization": f"Bearer {signing_key.mint(f'c-{run}-{i}', roles=['customer'])}"}
                for i in range(shoppers)
            ]
            for me in headers:
                added = await http.post(
                    f"{orders.url}/cart/lines", json={"sku": "CF-990"}, headers=me
                )
                assert added.status_code == 200, added.text
            card = await http.post(
                f"{base['payments']}/payment-methods",
                json={
                    "number": "4242424242424242",
                    "exp_month": 12,
                    "exp_year": 2034,
                    "cvc": "123",
                },
                headers=headers[0],
            )
            token = card.json()["token"]

            async def checkout(me: dict[str, str], i: int) -> httpx.Response:
                return await http.post(
                    f"{orders.url}/checkout",
                    json={"payment_method": token, "shipping_address": ADDRESS},
                    headers={**me, "Idempotency-Key": f"key-{i}"},
                )

            answers = asyncio.gather(
                *(checkout(me, i) for i, me in enumerate(headers)), return_exceptions=True
            )

            async def enough_in_flight() -> bool:
                # Some sagas have paid and wait for payments' (late) answer.
                rows = await query(dbs["payments"], "SELECT COUNT(*) FROM payments")
                return rows[0][0] >= 5

            await eventually(enough_in_flight, timeout=30, interval=0.02)
            await orders.kill()
            await answers
            at_kill = Counter(
                row[0] for row in await query(dbs["orders"], "SELECT status FROM orders")
            )
            assert at_kill["pending"] > 0, at_kill  # the kill landed mid-saga

            await orders.start()

            async def all_terminal() -> bool:
                rows = await query(dbs["orders"], "SELECT status FROM orders")
                return all(row[0] in ("confirmed", "failed") for row in rows)

            await eventually(all_terminal, timeout=60, interval=0.2)

        statuses = dict(await query(dbs["orders"], "SELECT id, status FROM orders"))
        quantities = dict(
            await query(dbs["orders"], "SELECT order_id, SUM(quantity) FROM order_lines GROUP BY 1")
        )
        confirmed = [order_id for order_id, status in statuses.items() if status == "confirmed"]
        stock = (await query(dbs["catalog"], "SELECT stock FROM products"))[0][0]
        assert stock + sum(int(quantities[order_id]) for order_id in confirmed) == units
        reservations = Counter(
            row[0] for row in await query(dbs["catalog"], "SELECT status FROM reservations")
        )
        assert reservations["active"] == 0 and reservations["committed"] == len(confirmed)
        paid = Counter(
            row[0]
            for row in await query(
                dbs["payments"], "SELECT reference FROM payments WHERE status = 'succeeded'"
            )
        )
        reasons = await query(dbs["orders"], "SELECT reason, COUNT(*) FROM orders GROUP BY 1")
        assert set(paid) == set(confirmed) and set(paid.values()) <= {1}, reasons
        assert confirmed, reasons
        events = Counter(
            row[0]
            for row in await query(dbs["orders"], "SELECT type FROM outbox")
            if "order" in row[0]
        )
        assert events["bookbrew.order.placed"] == len(statuses)
        assert events["bookbrew.order.confirmed"] == len(confirmed)
        assert events["bookbrew.order.failed"] == len(statuses) - len(confirmed)
