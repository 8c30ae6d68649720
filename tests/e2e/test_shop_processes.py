"""End to end: the shop started as real processes by its CLI, in both profiles, browsed
through both BFFs over real HTTP. The distributed profile runs on the real MariaDB,
Redis and RabbitMQ, one process per service."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import AMQP_URL, MYSQL_URL, REDIS_URL, require_backend

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Shop:
    web: str  # BFF Web base URL
    mobile: str  # BFF Mobile base URL
    catalog: str  # the catalog service's base URL
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ports_free(ports: list[int]) -> bool:
    for port in ports:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return False
    return True


def _wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the shop exited early with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"not ready: {url}")


def _stop(process: subprocess.Popen[bytes]) -> int:
    """SIGTERM; uvicorn shuts down gracefully and then re-raises the signal, so a clean
    exit is 0 or -SIGTERM (a hang or a crash is neither)."""
    process.send_signal(signal.SIGTERM)
    return process.wait(30)


CLEAN_EXIT = (0, -signal.SIGTERM)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shop]:
    port = _free_port()
    data_dir = tmp_path_factory.mktemp("embedded")
    process = subprocess.Popen(
        [sys.executable, "-m", "bookbrew", "up", "--port", str(port), "--data-dir", str(data_dir)],
        cwd=ROOT,
        env={**os.environ, "BOOKBREW_LOG_LEVEL": "WARNING"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(f"{base}/health/ready", process)
        yield Shop(
            web=base, mobile=f"{base}/mobile", catalog=f"{base}/svc/catalog", process=process
        )
    finally:
        if process.poll() is None:
            assert _stop(process) in CLEAN_EXIT, "graceful shutdown failed"


@pytest.fixture(scope="module")
def distributed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shop]:
    require_backend(MYSQL_URL, 3306, "MariaDB")
    require_backend(REDIS_URL, 6379, "Redis")
    require_backend(AMQP_URL, 5672, "RabbitMQ")
    for _ in range(20):
        offset = random.randrange(20000, 40000, 1000)
        if _ports_free([8000 + offset, 8001 + offset, 8101 + offset]):
            break
    prefix = f"bbe2e{uuid.uuid4().hex[:6]}_"
    env = {
        **os.environ,
        "BOOKBREW_LOG_LEVEL": "WARNING",
        "BOOKBREW_MYSQL_URL": MYSQL_URL,
        "BOOKBREW_REDIS_URL": REDIS_URL,
        "BOOKBREW_AMQP_URL": AMQP_URL,
        "BOOKBREW_DATABASE_PREFIX": prefix,
    }
    data_dir = tmp_path_factory.mktemp("distributed")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bookbrew",
            "up",
            "--distributed",
            "--port-offset",
            str(offset),
            "--data-dir",
            str(data_dir),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    shop = Shop(
        web=f"http://127.0.0.1:{8000 + offset}",
        mobile=f"http://127.0.0.1:{8001 + offset}",
        catalog=f"http://127.0.0.1:{8101 + offset}",
        process=process,
    )
    try:
        for url in (shop.catalog, shop.mobile, shop.web):
            _wait_ready(f"{url}/health/ready", process)
        yield shop
    finally:
        if process.poll() is None:
            _stop(process)
        _drop_databases(prefix)


def _drop_databases(prefix: str) -> None:
    import asyncio

    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    async def drop() -> None:
        engine = create_async_engine(MYSQL_URL)
        async with engine.connect() as conn:
            names = (await conn.execute(text("SHOW DATABASES"))).scalars().all()
            for name in names:
                if name.startswith(prefix):
                    await conn.execute(text(f"DROP DATABASE `{name}`"))
        await engine.dispose()

    asyncio.run(drop())


@pytest.fixture(params=["embedded", "distributed"])
def shop(request: pytest.FixtureRequest) -> Shop:
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


def test_browse_through_bff_web(shop: Shop) -> None:
    with httpx.Client(base_url=shop.web, timeout=10) as web:
        home = web.get("/api/home")
        assert home.status_code == 200, home.text
        body = home.json()
        assert body, "home is empty"
        text = home.text
        for category in ("book", "perfume", "coffee", "beverage"):
            assert category in text

        coffee = web.get("/api/categories/coffee").json()
        assert coffee["items"] and coffee["total"] >= 100
        assert all(item["category"] == "coffee" for item in coffee["items"])

        found = web.get("/api/search", params={"q": "ethiopia"}).json()
        assert found["items"]
        sku = found["items"][0]["sku"]
        detail = web.get(f"/api/products/{sku}")
        assert detail.status_code == 200 and sku in detail.text

        image = web.get(f"/media/{sku}.svg")
        assert image.status_code == 200 and image.headers["content-type"].startswith(
            "image/svg+xml"
        )

        assert web.get("/openapi.json").json()["info"]["title"]
        bad = web.get("/api/categories/toys")
        assert (
            400 <= bad.status_code < 500
            and bad.headers["content-type"] == "application/problem+json"
        )


def test_browse_through_bff_mobile_with_etags(shop: Shop) -> None:
    with httpx.Client(base_url=shop.mobile, timeout=10) as mobile:
        home = mobile.get("/api/home")
        assert home.status_code == 200, home.text
        etag = home.headers["etag"]
        again = mobile.get("/api/home", headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b""
        books = mobile.get("/api/categories/book")
        assert books.status_code == 200
        assert len(books.json()["items"]) <= 12


def test_the_catalog_answers_directly_with_its_own_spec(shop: Shop) -> None:
    with httpx.Client(base_url=shop.catalog, timeout=10) as catalog:
        assert catalog.get("/openapi.json").json()["info"]["title"] == "BookBrew Catalog"
        page = catalog.get("/products", params={"limit": 5}).json()
        assert page["total"] >= 1000
        assert catalog.get("/metrics").status_code == 200
