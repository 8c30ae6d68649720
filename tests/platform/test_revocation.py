"""The deny-list of ended sign-ins (`platform.revocation`) on both cache adapters: two
replicas of a service share it through Redis; an entry outlives the memory cache's LRU
eviction; a cache outage refuses no request; the guarded verifier answers 401."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bookbrew.platform.auth import JwksSource, Principal, TokenVerifier
from bookbrew.platform.cache import Cache, MemoryCache, RedisCache
from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.platform.problems import Problem
from bookbrew.platform.revocation import Revocations


@pytest.fixture(params=["memory", "redis"])
async def cache(request: pytest.FixtureRequest) -> AsyncIterator[Cache]:
    if request.param == "memory":
        adapter: Cache = MemoryCache()
    else:
        adapter = RedisCache(request.getfixturevalue("redis_url"), f"test-{uuid.uuid4().hex[:8]}")
    yield adapter
    await adapter.close()


def principal(subject: str, sid: str | None = None) -> Principal:
    return Principal(subject=subject, claims={"sid": sid} if sid else {})


async def test_a_revoked_subject_or_sign_in_is_refused_and_others_are_not(cache: Cache) -> None:
    revocations = Revocations(sessions=True)
    await revocations.use_cache(cache)
    await revocations.revoke_subject("erased")
    await revocations.revoke_session("family-1")

    assert await revocations.is_revoked(principal("erased"))
    assert await revocations.is_revoked(principal("ana", sid="family-1"))
    assert not await revocations.is_revoked(principal("ana", sid="family-2"))
    assert not await revocations.is_revoked(principal("bea"))


async def test_sign_ins_are_checked_only_where_asked(cache: Cache) -> None:
    revocations = Revocations()
    await revocations.use_cache(cache)
    await revocations.revoke_session("family-1")
    assert not await revocations.is_revoked(principal("ana", sid="family-1"))


async def test_replicas_share_the_list_through_redis(redis_url: str) -> None:
    namespace = f"test-{uuid.uuid4().hex[:8]}"
    first, second = RedisCache(redis_url, namespace), RedisCache(redis_url, namespace)
    try:
        consumer, other = Revocations(), Revocations()
        await consumer.use_cache(first)
        await other.use_cache(second)
        await consumer.revoke_subject("erased")  # the replica that got the event
        assert await other.is_revoked(principal("erased"))
    finally:
        await first.close()
        await second.close()


async def test_entries_made_before_the_cache_is_attached_reach_it(redis_url: str) -> None:
    namespace = f"test-{uuid.uuid4().hex[:8]}"
    first, second = RedisCache(redis_url, namespace), RedisCache(redis_url, namespace)
    try:
        early = Revocations()
        await early.revoke_subject("erased")  # an event consumed during start-up
        await early.use_cache(first)
        other = Revocations()
        await other.use_cache(second)
        assert await other.is_revoked(principal("erased"))
    finally:
        await first.close()
        await second.close()


async def test_an_entry_outlives_the_memory_caches_eviction() -> None:
    small = MemoryCache(max_entries=3)
    revocations = Revocations()
    await revocations.use_cache(small)
    await revocations.revoke_subject("erased")
    for n in range(10):  # carts and the like push it out of the LRU
        await small.set(f"cart:{n}", b"{}", 60)
    assert await small.get("revoked:sub:erased") is None
    assert await revocations.is_revoked(principal("erased"))


async def test_entries_expire() -> None:
    revocations = Revocations(ttl_seconds=0.0)
    await revocations.use_cache(MemoryCache())
    await revocations.revoke_subject("erased")
    assert not await revocations.is_revoked(principal("erased"))


async def test_a_cache_outage_refuses_no_request_and_keeps_what_this_process_knows() -> None:
    down = RedisCache("redis://127.0.0.1:9/0", "test-down")  # nothing listens on port 9
    revocations = Revocations()
    await revocations.use_cache(MemoryCache())
    await revocations.revoke_subject("erased")
    await revocations.use_cache(down)
    try:
        assert not await revocations.is_revoked(principal("ana"))
        assert await revocations.is_revoked(principal("erased"))
        # Adding fails loudly (the event is retried), yet holds here at once.
        with pytest.raises(Exception):  # noqa: B017 - whatever the client raises
            await revocations.revoke_subject("erased-too")
        assert await revocations.is_revoked(principal("erased-too"))
    finally:
        await down.close()


async def test_the_guarded_verifier_refuses_a_revoked_tokens_with_401(tmp_path: Path) -> None:
    key = DevSigningKey.generate()
    verifier = TokenVerifier(
        JwksSource.from_file(str(key.write_jwks(tmp_path / "jwks.json"))),
        issuer="bookbrew-identity",
        audience="bookbrew",
    )
    revocations = Revocations()
    guarded = revocations.guard(verifier)
    token = key.mint("ana", roles=["customer"])
    assert (await guarded.verify(token)).subject == "ana"
    assert guarded.issuer == "bookbrew-identity"  # the rest is the wrapped verifier's

    await revocations.revoke_subject("ana")
    with pytest.raises(Problem) as refused:
        await guarded.verify(token)
    assert refused.value.status == 401 and "WWW-Authenticate" in (refused.value.headers or {})
    assert (await guarded.verify(key.mint("bea", roles=["customer"]))).subject == "bea"
