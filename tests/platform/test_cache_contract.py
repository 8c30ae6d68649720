"""The same assertions against every cache adapter: in-memory and Redis."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest

from bookbrew.platform.cache import Cache, MemoryCache, RedisCache


@pytest.fixture(params=["memory", "redis"])
async def cache(request: pytest.FixtureRequest) -> AsyncIterator[Cache]:
    if request.param == "memory":
        adapter: Cache = MemoryCache()
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
