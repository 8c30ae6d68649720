"""Cache port with two adapters: in-memory with TTL (embedded) and Redis (distributed)."""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Protocol

import redis.asyncio as aioredis


class Cache(Protocol):
    async def get(self, key: str) -> bytes | None: ...
    async def set(self, key: str, value: bytes, ttl_seconds: float) -> None: ...
    async def delete(self, *keys: str) -> None: ...
    async def incr(self, key: str, ttl_seconds: float) -> int:
        """Add one and return the new value; the TTL starts at the first increment."""
        ...

    async def ping(self) -> None: ...
    async def close(self) -> None: ...


class MemoryCache:
    """A bounded LRU with per-entry expiry, for one process."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self._entries: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self._max_entries = max_entries

    def _live(self, key: str) -> bytes | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        expires_at, value = entry
        if expires_at <= time.monotonic():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    async def get(self, key: str) -> bytes | None:
        return self._live(key)

    async def set(self, key: str, value: bytes, ttl_seconds: float) -> None:
        self._entries[key] = (time.monotonic() + ttl_seconds, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    async def delete(self, *keys: str) -> None:
        for key in keys:
            self._entries.pop(key, None)

    async def incr(self, key: str, ttl_seconds: float) -> int:
        current = self._live(key)
        if current is None:
            await self.set(key, b"1", ttl_seconds)
            return 1
        expires_at, _ = self._entries[key]
        value = int(current) + 1
        self._entries[key] = (expires_at, str(value).encode())
        return value

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        self._entries.clear()


class RedisCache:
    def __init__(self, url: str, namespace: str) -> None:
        self._redis = aioredis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._prefix = f"bookbrew:{namespace}:"

    async def get(self, key: str) -> bytes | None:
        value = await self._redis.get(self._prefix + key)
        return value.encode() if isinstance(value, str) else value

    async def set(self, key: str, value: bytes, ttl_seconds: float) -> None:
        await self._redis.set(self._prefix + key, value, px=max(1, int(ttl_seconds * 1000)))

    async def delete(self, *keys: str) -> None:
        if keys:
            await self._redis.delete(*(self._prefix + key for key in keys))

    async def incr(self, key: str, ttl_seconds: float) -> int:
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(self._prefix + key)
            pipe.pexpire(self._prefix + key, max(1, int(ttl_seconds * 1000)), nx=True)
            value, _ = await pipe.execute()
        return int(value)

    async def ping(self) -> None:
        await self._redis.ping()

    async def close(self) -> None:
        await self._redis.aclose()


def build_cache(url: str, namespace: str) -> Cache:
    if url.startswith("memory://"):
        return MemoryCache()
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisCache(url, namespace)
    raise ValueError(f"unsupported cache URL: {url!r}")
