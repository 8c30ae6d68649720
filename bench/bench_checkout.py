"""Checkouts end to end in the distributed profile: identity, catalog, payments and
orders each in its own process (uvicorn), on MariaDB, Redis and RabbitMQ, driven over
real HTTP by concurrent shoppers. Each shopper adds a product to the cart and checks
out with the sandbox card; printed: confirmed orders per second (the whole shopper
loop) and p50/p99 latency of the checkout call.

The shoppers call the orders service's API directly: what BFF Web forwards a checkout
to (BFF Web adds its session and CSRF checks and one local hop, not measured here).

    .venv/bin/python bench/bench_checkout.py [--checkouts 600] [--concurrency 16 64]
        [--products 20] [--workers 1]

Uses throwaway MariaDB databases on 127.0.0.1:3306 (root, no password), Redis
database 15 and RabbitMQ (guest) on their default local ports."""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bookbrew.platform.devkeys import DevSigningKey

MYSQL = os.environ.get("BOOKBREW_MYSQL_URL", "mysql+asyncmy://root@127.0.0.1:3306")
REDIS = os.environ.get("BOOKBREW_REDIS_URL", "redis://127.0.0.1:6379/15")
AMQP = os.environ.get("BOOKBREW_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
SERVICES = ("customers", "catalog", "payments", "orders")
WITH_MARIADB = ("catalog", "payments", "orders")
ADDRESS = {
    "recipient": "Ana Lima",
    "line1": "Rua das Flores 12",
    "city": "Lisboa",
    "postal_code": "1200-195",
    "country": "PT",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def databases(names: list[str], *, drop: bool) -> None:
    engine = create_async_engine(MYSQL)
    async with engine.connect() as conn:
        for name in names:
            statement = "DROP DATABASE IF EXISTS" if drop else "CREATE DATABASE"
            await conn.execute(text(f"{statement} `{name}`"))
    await engine.dispose()


def service_env(
    name: str, data_dir: Path, jwks: Path, ports: dict[str, int], dbs: dict[str, str]
) -> dict[str, str]:
    prefix = f"BOOKBREW_{name.upper()}_"
    env = {
        **os.environ,
        prefix + "ENVIRONMENT": "development",
        prefix + "DATA_DIR": str(data_dir / name),
        prefix + "LOG_LEVEL": "WARNING",
        prefix + "CACHE_URL": REDIS,
        prefix + "BROKER_URL": AMQP,
        prefix + "JWKS_FILE": str(jwks),
        prefix + "JWKS_URL": f"http://127.0.0.1:{ports['customers']}/.well-known/jwks.json",
    }
    if name in dbs:
        env[prefix + "DATABASE_URL"] = f"{MYSQL}/{dbs[name]}"
    for other, port in ports.items():
        env[f"{prefix}{other.upper()}_URL"] = f"http://127.0.0.1:{port}"
    return env


async def start(
    name: str, port: int, env: dict[str, str], workers: int
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        f"bookbrew.{name}.app:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers if name in ("orders", "catalog") else 1),
        "--no-access-log",
        "--log-level",
        "warning",
        env=env,
    )


async def wait_ready(client: httpx.AsyncClient, url: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if (await client.get(f"{url}/health/ready")).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.3)
    raise RuntimeError(f"not ready: {url}")


async def round_of(
    client: httpx.AsyncClient,
    orders: str,
    key: DevSigningKey,
    skus: list[str],
    card: str,
    *,
    checkouts: int,
    concurrency: int,
) -> None:
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    left = iter(range(checkouts))

    async def shopper() -> None:
        me = {"Authorization": f"Bearer {key.mint(uuid.uuid4().hex, roles=['customer'])}"}
        for _ in left:
            added = await client.post(
                f"{orders}/cart/lines", json={"sku": random.choice(skus)}, headers=me
            )
            assert added.status_code == 200, added.text
            started = time.perf_counter()
            answer = await client.post(
                f"{orders}/checkout",
                json={"payment_method": card, "shipping_address": ADDRESS},
                headers={**me, "Idempotency-Key": uuid.uuid4().hex},
            )
            latencies.append(time.perf_counter() - started)
            assert answer.status_code == 201, answer.text
            statuses[answer.json()["status"]] += 1
            if answer.json()["reason"]:
                reasons[answer.json()["reason"]] += 1

    started = time.perf_counter()
    await asyncio.gather(*(shopper() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    print(
        f"{concurrency:>3} shoppers: {checkouts} checkouts in {elapsed:.1f} s, "
        f"{statuses['confirmed'] / elapsed:.0f} confirmed orders/s, "
        f"checkout p50 {statistics.median(latencies) * 1000:.0f} ms, "
        f"p99 {p99 * 1000:.0f} ms  {dict(statuses)}"
    )
    for reason, count in reasons.items():
        print(f"      {count} failed: {reason}")


async def run(checkouts: int, concurrencies: list[int], products: int, workers: int) -> None:
    tag = uuid.uuid4().hex[:8]
    dbs = {name: f"bookbrew_bench_{tag}_{name}" for name in WITH_MARIADB}
    await databases(list(dbs.values()), drop=False)
    processes: list[asyncio.subprocess.Process] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            data_dir = Path(tmp)
            key = DevSigningKey.generate()
            jwks = key.write_jwks(data_dir / "jwks.json")
            ports = {name: free_port() for name in SERVICES}
            for name in SERVICES:
                env = service_env(name, data_dir, jwks, ports, dbs)
                processes.append(await start(name, ports[name], env, workers))
            limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
            async with httpx.AsyncClient(timeout=30, limits=limits) as client:
                urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
                for url in urls.values():
                    await wait_ready(client, url)
                admin = {"Authorization": f"Bearer {key.mint('bench', roles=['admin'])}"}
                skus = [f"CF-{index:04d}" for index in range(products)]
                for sku in skus:
                    created = await client.post(
                        f"{urls['catalog']}/admin/products",
                        headers=admin,
                        json={
                            "sku": sku,
                            "name": f"Bench coffee {sku}",
                            "category": "coffee",
                            "price": {"amount": 1450, "currency": "EUR"},
                            "stock": 1_000_000,
                            "attributes": {
                                "origin": "Kenya",
                                "process": "washed",
                                "roast": "light",
                            },
                        },
                    )
                    assert created.status_code == 201, created.text
                shopper = {"Authorization": f"Bearer {key.mint('bench', roles=['customer'])}"}
                card = (
                    await client.post(
                        f"{urls['payments']}/payment-methods",
                        headers=shopper,
                        json={
                            "number": "4242424242424242",
                            "exp_month": 12,
                            "exp_year": 2034,
                            "cvc": "123",
                        },
                    )
                ).json()["token"]
                print(
                    f"distributed profile, {os.cpu_count()} cores, {products} products, "
                    f"uvicorn workers for orders and catalog: {workers}"
                )
                await round_of(
                    client, urls["orders"], key, skus, card, checkouts=50, concurrency=8
                )  # warm-up
                for concurrency in concurrencies:
                    await round_of(
                        client,
                        urls["orders"],
                        key,
                        skus,
                        card,
                        checkouts=checkouts,
                        concurrency=concurrency,
                    )
    finally:
        for process in processes:
            if process.returncode is None:
                process.terminate()
        for process in processes:
            try:
                await asyncio.wait_for(process.wait(), 15)
            except TimeoutError:
                process.kill()
        await databases(list(dbs.values()), drop=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--checkouts", type=int, default=600)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16, 64])
    parser.add_argument("--products", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(run(args.checkouts, args.concurrency, args.products, args.workers))


if __name__ == "__main__":
    main()
