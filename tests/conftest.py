"""Shared fixtures: real backends for the distributed profile (MariaDB, Redis, RabbitMQ),
skipped when unreachable unless BOOKBREW_REQUIRE_BACKENDS=1 (CI sets it, so a missing
backend fails CI instead of quietly skipping)."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bookbrew.platform.devkeys import DevSigningKey

MYSQL_URL = os.environ.get("BOOKBREW_TEST_MYSQL_URL", "mysql+asyncmy://root@127.0.0.1:3306")
REDIS_URL = os.environ.get("BOOKBREW_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
AMQP_URL = os.environ.get("BOOKBREW_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
MONGODB_URL = os.environ.get("BOOKBREW_TEST_MONGODB_URL", "")


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url.replace("+asyncmy", ""))
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 1
        ):
            return True
    except OSError:
        return False


def require_backend(url: str, port: int, what: str) -> None:
    if _reachable(url, port):
        return
    if os.environ.get("BOOKBREW_REQUIRE_BACKENDS") == "1":
        pytest.fail(f"{what} is required (BOOKBREW_REQUIRE_BACKENDS=1) but unreachable at {url}")
    pytest.skip(f"{what} unreachable at {url}")


@pytest.fixture(scope="session")
def signing_key() -> DevSigningKey:
    return DevSigningKey.generate()


@pytest.fixture(scope="session")
def jwks_file(signing_key: DevSigningKey, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return signing_key.write_jwks(tmp_path_factory.mktemp("keys") / "jwks.json")


@pytest.fixture
def admin_headers(signing_key: DevSigningKey) -> dict[str, str]:
    return {"Authorization": f"Bearer {signing_key.mint('admin-1', roles=['admin'])}"}


@pytest.fixture
def service_headers(signing_key: DevSigningKey) -> dict[str, str]:
    return {"Authorization": f"Bearer {signing_key.mint('orders', roles=['service'])}"}


@pytest.fixture
def customer_headers(signing_key: DevSigningKey) -> dict[str, str]:
    return {"Authorization": f"Bearer {signing_key.mint('customer-1', roles=['customer'])}"}


async def _create_database(name: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(MYSQL_URL)
    async with engine.connect() as conn:
        await conn.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    await engine.dispose()


async def _drop_database(name: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(MYSQL_URL)
    async with engine.connect() as conn:
        await conn.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
    await engine.dispose()


@asynccontextmanager
async def temporary_mariadb() -> AsyncIterator[str]:
    """A fresh, empty MariaDB database, dropped afterwards."""
    require_backend(MYSQL_URL, 3306, "MariaDB")
    name = f"bookbrew_test_{uuid.uuid4().hex[:10]}"
    await _create_database(name)
    try:
        yield f"{MYSQL_URL}/{name}"
    finally:
        await _drop_database(name)


@pytest.fixture
async def mariadb_url() -> AsyncIterator[str]:
    async with temporary_mariadb() as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture(params=["sqlite", "mariadb"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """Both SQL adapters: the same assertions run against SQLite and MariaDB."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"
        return
    async with temporary_mariadb() as url:
        yield url


@pytest.fixture
def redis_url() -> str:
    require_backend(REDIS_URL, 6379, "Redis")
    return REDIS_URL


@pytest.fixture
def amqp_url() -> str:
    require_backend(AMQP_URL, 5672, "RabbitMQ")
    return AMQP_URL


@pytest.fixture
def unique() -> Iterator[str]:
    yield uuid.uuid4().hex[:10]
