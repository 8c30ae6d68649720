"""The same assertions against every cache adapter: in-memory, SQLite and Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bookbrew.platform.cache import Cache, MemoryCache, RedisCache, SqliteCache, build_cache


@pytest.fixture(params=["memory", "sqlite", "redis"])
async def cache(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Cache]:
    if request.param == "memory":
        adapter: Cache = MemoryCache()
    elif request.param == "sqlite":
        adapter = build_cache(f"sqlite:///{tmp_path / 'cache.sqlite3'}", "test")
    else:
        adapter = RedisCache(request.getfixturevalue("redis_url"), f"test-{uuid.uuid4().hex[:8]}")
    yield adapter
    await adapter.close()


async def test_get_returns_what_was_set(cache: Cache) -> None:
    assert await cache.get("missing") is None
    await cache.set("k", b"value", 30)
    assert await cache.get("k") == b"value"


async def test_entries_expire(cache: Cache) -> None:
    await cache.set("short", b"x", 0.15)
    assert await cache.get("short") == b"x"
    await asyncio.sleep(0.3)
    assert await cache.get("short") is None


async def test_delete_removes_keys(cache: Cache) -> None:
    await cache.set("a", b"1", 30)
    await cache.set("b", b"2", 30)
    await cache.delete("a", "b", "never-set")
    assert await cache.get("a") is None and await cache.get("b") is None


async def test_incr_counts_within_a_window(cache: Cache) -> None:
    assert await cache.incr("hits", 0.3) == 1
    assert await cache.incr("hits", 0.3) == 2
    assert await cache.incr("hits", 0.3) == 3
    await asyncio.sleep(0.45)
    assert await cache.incr("hits", 0.3) == 1


async def test_ping(cache: Cache) -> None:
    await cache.ping()


def test_memory_cache_is_bounded() -> None:
    cache = MemoryCache(max_entries=3)

    async def fill() -> None:
        for i in range(5):
            await cache.set(f"k{i}", b"v", 30)
        assert await cache.get("k0") is None
        assert await cache.get("k4") == b"v"

    asyncio.run(fill())


async def test_incr_from_many_tasks_counts_every_one(cache: Cache) -> None:
    counts = await asyncio.gather(*(cache.incr("together", 30) for _ in range(50)))
    assert sorted(counts) == list(range(1, 51))


async def test_sqlite_entries_outlive_the_process_that_wrote_them(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    first = SqliteCache(path, "bff_web")
    await first.set("cart:guest-1", b'{"lines": 2}', 3600)
    await first.set("brief", b"x", 0.2)
    assert await first.incr("sign-in:ada", 3600) == 1
    await first.close()
    await asyncio.sleep(0.4)

    again = SqliteCache(path, "bff_web")
    assert await again.get("cart:guest-1") == b'{"lines": 2}'
    assert await again.get("brief") is None  # expired while the shop was down
    assert await again.incr("sign-in:ada", 3600) == 2  # a throttle keeps counting
    other = SqliteCache(path, "orders")  # another service's namespace in the same file
    assert await other.get("cart:guest-1") is None
    await again.close()
    await other.close()
