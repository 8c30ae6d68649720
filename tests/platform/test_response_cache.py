"""The BFFs' response cache: concurrent misses for one key render once."""

from __future__ import annotations

import asyncio

import pytest

from bookbrew.platform.cache import MemoryCache
from bookbrew.platform.responses import cached_body


class Render:
    def __init__(self, *, fail: bool = False) -> None:
        self.calls = 0
        self.fail = fail
        self.release = asyncio.Event()

    async def __call__(self) -> bytes:
        self.calls += 1
        await self.release.wait()
        if self.fail:
            raise RuntimeError("catalog down")
        return b'{"page": %d}' % self.calls


async def test_concurrent_misses_render_once_and_share_the_body() -> None:
    cache, render = MemoryCache(), Render()
    asking = [
        asyncio.create_task(cached_body(cache, "home", ttl_seconds=60, render=render))
        for _ in range(20)
    ]
    await asyncio.sleep(0.01)
    render.release.set()
    bodies = await asyncio.gather(*asking)

    assert render.calls == 1 and set(bodies) == {b'{"page": 1}'}
    assert await cache.get("home") == b'{"page": 1}'


async def test_a_failed_render_fails_its_waiters_and_stores_nothing() -> None:
    cache, render = MemoryCache(), Render(fail=True)
    asking = [
        asyncio.create_task(cached_body(cache, "home", ttl_seconds=60, render=render))
        for _ in range(5)
    ]
    await asyncio.sleep(0.01)
    render.release.set()
    results = await asyncio.gather(*asking, return_exceptions=True)

    assert render.calls == 1 and all(isinstance(r, RuntimeError) for r in results)
    assert await cache.get("home") is None
    render.fail = False
    assert await cached_body(cache, "home", ttl_seconds=60, render=render) == b'{"page": 2}'


async def test_waiters_render_themselves_when_the_first_asker_goes_away() -> None:
    cache, render = MemoryCache(), Render()
    first = asyncio.create_task(cached_body(cache, "home", ttl_seconds=60, render=render))
    await asyncio.sleep(0.01)
    second = asyncio.create_task(cached_body(cache, "home", ttl_seconds=60, render=render))
    await asyncio.sleep(0.01)
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    render.release.set()

    assert await second == b'{"page": 2}' and render.calls == 2
