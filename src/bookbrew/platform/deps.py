"""Typed FastAPI dependencies every service uses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.platform.auth import Principal, require
from bookbrew.platform.cache import Cache
from bookbrew.platform.runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    """The service's runtime (a plain function; `RuntimeDep` is the dependency)."""
    runtime: Runtime = request.app.state.runtime
    return runtime


# Dependencies are `async def` even when they do not await: FastAPI runs plain `def`
# dependencies in a thread pool, a hand-off that costs more than the work on a hot path.


async def runtime_dependency(request: Request) -> Runtime:
    return get_runtime(request)


async def db_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The one place an HTTP request's transaction commits (or rolls back).

    The commit runs before the response is sent, so a client never sees a success
    whose transaction then failed."""
    db = get_runtime(request).db
    assert db is not None, "this service has no database"
    async with db.sessions() as session:
        try:
            yield session
            await db.commit(session)
        except BaseException:
            await session.rollback()
            raise


async def get_cache(request: Request) -> Cache:
    cache = get_runtime(request).cache
    assert cache is not None, "this service has no cache"
    return cache


RuntimeDep = Annotated[Runtime, Depends(runtime_dependency)]
SessionDep = Annotated[AsyncSession, Depends(db_session)]
CacheDep = Annotated[Cache, Depends(get_cache)]
AdminDep = Annotated[Principal, Depends(require(roles={"admin"}))]
ServiceOrAdminDep = Annotated[Principal, Depends(require(roles={"service", "admin"}))]
