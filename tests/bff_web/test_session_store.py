"""The session store on the distributed profile's cache (real Redis): sealed entries,
one refresh for concurrent requests, and an ended sign-in ending the session."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest

from bookbrew.bff_web.sessions import Profile, SessionEnded, Sessions
from bookbrew.bff_web.settings import BffWebSettings
from bookbrew.clients.identity import GrantRefused, Identity, Tokens
from bookbrew.platform.cache import RedisCache

pytestmark = pytest.mark.distributed


class FakeIdentity(Identity):
    """The token endpoint, counting refreshes (a second use of one refresh token would
    revoke the whole sign-in at the real one)."""

    def __init__(self) -> None:
        self.refreshed: list[str] = []
        self.revoked: list[str] = []

    async def refresh(self, refresh_token: str) -> Tokens:
        self.refreshed.append(refresh_token)
        await asyncio.sleep(0.05)
        if refresh_token == "dead":
            raise GrantRefused("invalid_grant")
        n = len(self.refreshed)
        return Tokens(f"access-{n}", f"refresh-{n}", time.time() + 300, "profile")

    async def revoke(self, refresh_token: str) -> None:
        self.revoked.append(refresh_token)


PROFILE = Profile(
    id="c-1", display_name="Ana", email="ana@example.org", roles=[], mfa_enabled=False
)


async def test_sessions_on_redis(redis_url: str) -> None:
    cache = RedisCache(redis_url, f"test-{uuid.uuid4().hex[:8]}")
    identity = FakeIdentity()
    sessions = Sessions(cache, BffWebSettings(environment="test"), identity)
    try:
        session_id, session = await sessions.create(
            Tokens("access-0", "refresh-0", time.time() + 10, "profile"), PROFILE
        )
        stored = await cache.get(sessions._key("session", session_id))
        assert stored is not None and b"access-0" not in stored and b"ana@" not in stored

        tokens = await asyncio.gather(
            *(sessions.access_token(session_id, session) for _ in range(5))
        )

        assert identity.refreshed == ["refresh-0"]  # one refresh for five requests
        assert set(tokens) == {"access-1"}
        reread = await sessions.get(session_id)
        assert reread is not None and reread.refresh_token == "refresh-1"

        reread.refresh_token, reread.expires_at = "dead", time.time()
        await sessions.save(session_id, reread)
        with pytest.raises(SessionEnded):
            await sessions.access_token(session_id, reread)
        assert await sessions.get(session_id) is None

        other_id, other = await sessions.create(
            Tokens("a", "r", time.time() + 300, "profile"), PROFILE
        )
        await sessions.end(other_id, other)
        assert await sessions.get(other_id) is None and identity.revoked == ["r"]
    finally:
        await cache.close()
