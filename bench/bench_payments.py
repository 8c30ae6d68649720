"""Payments created per second through the API (sandbox provider), in process over
httpx's ASGI transport: the whole request path (JWT check, idempotency claim, provider,
one unit of work with the outbox and the stored answer) without sockets.

    .venv/bin/python bench/bench_payments.py [--payments 500] [--concurrency 8]
        [--database sqlite|mariadb]

MariaDB uses a throwaway database on 127.0.0.1:3306 (root, no password)."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bookbrew.payments.app import create_app
from bookbrew.payments.settings import PaymentsSettings
from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.platform.hub import Hub

MYSQL = "mysql+asyncmy://root@127.0.0.1:3306"


async def run(count: int, concurrency: int, database: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        key = DevSigningKey.generate()
        jwks = key.write_jwks(Path(tmp) / "jwks.json")
        url, db_name = "", ""
        if database == "mariadb":
            db_name = f"bookbrew_bench_{uuid.uuid4().hex[:8]}"
            engine = create_async_engine(MYSQL)
            async with engine.connect() as conn:
                await conn.execute(text(f"CREATE DATABASE `{db_name}`"))
            await engine.dispose()
            url = f"{MYSQL}/{db_name}"
        settings = PaymentsSettings(
            data_dir=Path(tmp), jwks_file=str(jwks), environment="test", database_url=url
        )
        hub = Hub()
        app = create_app(settings, hub)
        hub.register("payments", app)
        headers = {"Authorization": f"Bearer {key.mint('customer-1', roles=['customer'])}"}
        try:
            async with (
                hub.running([("payments", app)]),
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app), base_url="http://payments"
                ) as client,
            ):
                card = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2034}
                token = (
                    await client.post(
                        "/payment-methods", json={**card, "cvc": "123"}, headers=headers
                    )
                ).json()["token"]
                latencies: list[float] = []
                queue = iter(range(count))

                async def worker() -> None:
                    for index in queue:
                        started = time.perf_counter()
                        response = await client.post(
                            "/payments",
                            json={
                                "amount": 1500,
                                "currency": "EUR",
                                "reference": f"order-{index}",
                                "payment_method": token,
                            },
                            headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
                        )
                        assert response.status_code == 201, response.text
                        latencies.append(time.perf_counter() - started)

                started = time.perf_counter()
                await asyncio.gather(*(worker() for _ in range(concurrency)))
                elapsed = time.perf_counter() - started
        finally:
            if db_name:
                engine = create_async_engine(MYSQL)
                async with engine.connect() as conn:
                    await conn.execute(text(f"DROP DATABASE IF EXISTS `{db_name}`"))
                await engine.dispose()
    latencies.sort()
    print(
        f"{database}: {count} payments, concurrency {concurrency}: "
        f"{count / elapsed:.0f} payments/s, "
        f"p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99) - 1] * 1000:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--payments", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--database", choices=["sqlite", "mariadb"], default="sqlite")
    args = parser.parse_args()
    asyncio.run(run(args.payments, args.concurrency, args.database))


if __name__ == "__main__":
    main()
