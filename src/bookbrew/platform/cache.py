"""Cache port with three adapters: in-memory with TTL (one process, tests), SQLite with
TTL behind the same memory (the embedded shop: carts and sign-ins survive a restart) and
Redis (distributed)."""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

import aiosqlite
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


class SqliteCache:
    """Entries in a SQLite file with wall-clock expiry, read through a MemoryCache.

    For the embedded shop, where one process owns the file: reads are answered from
    memory when they can (the hot path stays in memory), misses and every write go to
    the file, so a guest's cart, a shopper's cart and a BFF session outlive a restart.
    Several services share the file, each under its namespace; WAL lets them write
    side by side."""

    PURGE_EVERY = 1_000  # writes between sweeps of expired rows

    def __init__(self, path: Path, namespace: str) -> None:
        self._path = path
        self._prefix = f"{namespace}:"
        self._memory = MemoryCache()
        self._db: aiosqlite.Connection | None = None
        self._opening = asyncio.Lock()
        self._counting = asyncio.Lock()  # one read-modify-write of a counter at a time
        self._writes = 0

    async def _conn(self) -> aiosqlite.Connection:
        if self._db is None:
            async with self._opening:
                if self._db is None:
                    self._path.parent.mkdir(parents=True, exist_ok=True)
                    db = await aiosqlite.connect(self._path, timeout=30)
                    await db.execute("PRAGMA journal_mode=WAL")
                    await db.execute("PRAGMA synchronous=NORMAL")
                    await db.execute(
                        "CREATE TABLE IF NOT EXISTS cache_entries (key TEXT PRIMARY KEY,"
                        " value BLOB NOT NULL, expires_at REAL NOT NULL)"
                    )
                    await db.commit()
                    self._db = db
        return self._db

    async def _load(self, key: str) -> bytes | None:
        """From memory, else from the file (then kept in memory for what is left of it)."""
        value = await self._memory.get(key)
        if value is not None:
            return value
        db = await self._conn()
        async with db.execute(
            "SELECT value, expires_at FROM cache_entries WHERE key = ? AND expires_at > ?",
            (self._prefix + key, time.time()),
        ) as rows:
            row = await rows.fetchone()
        if row is None:
            return None
        stored, expires_at = bytes(row[0]), float(row[1])
        await self._memory.set(key, stored, expires_at - time.time())
        return stored

    async def _store(self, key: str, value: bytes, expires_at: float) -> None:
        db = await self._conn()
        await db.execute(
            "INSERT OR REPLACE INTO cache_entries (key, value, expires_at) VALUES (?, ?, ?)",
            (self._prefix + key, value, expires_at),
        )
        self._writes += 1
        if self._writes % self.PURGE_EVERY == 0:
            await db.execute("DELETE FROM cache_entries WHERE expires_at <= ?", (time.time(),))
        await db.commit()

    async def get(self, key: str) -> bytes | None:
        return await self._load(key)

    async def set(self, key: str, value: bytes, ttl_seconds: float) -> None:
        await self._memory.set(key, value, ttl_seconds)
        await self._store(key, value, time.time() + ttl_seconds)

    async def delete(self, *keys: str) -> None:
        if not keys:
            return
        await self._memory.delete(*keys)
        db = await self._conn()
        await db.executemany(
            "DELETE FROM cache_entries WHERE key = ?", [(self._prefix + k,) for k in keys]
        )
        await db.commit()

    async def incr(self, key: str, ttl_seconds: float) -> int:
        async with self._counting:
            return await self._incr(key, ttl_seconds)

    async def _incr(self, key: str, ttl_seconds: float) -> int:
        db = await self._conn()
        async with db.execute(
            "SELECT value, expires_at FROM cache_entries WHERE key = ? AND expires_at > ?",
            (self._prefix + key, time.time()),
        ) as rows:
            row = await rows.fetchone()
        if row is None:
            value, expires_at = 1, time.time() + ttl_seconds
        else:
            value, expires_at = int(bytes(row[0])) + 1, float(row[1])
        encoded = str(value).encode()
        await self._memory.set(key, encoded, expires_at - time.time())
        await self._store(key, encoded, expires_at)
        return value

    async def ping(self) -> None:
        db = await self._conn()
        await db.execute("SELECT 1")

    async def close(self) -> None:
        await self._memory.close()
        if self._db is not None:
            await self._db.close()
            self._db = None


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
    if url.startswith("sqlite:///"):
        return SqliteCache(Path(url.removeprefix("sqlite:///")), namespace)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisCache(url, namespace)
    raise ValueError(f"unsupported cache URL: {url!r}")
