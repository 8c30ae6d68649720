"""Async SQLAlchemy 2 on SQLite (embedded) or MySQL/MariaDB (distributed)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import DateTime, Dialect, MetaData, event, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.types import TypeDecorator

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

T = TypeVar("T")

# Set in `session.info` by the outbox when a transaction staged events, so that the
# commit can wake the relay at once instead of waiting for its next poll.
OUTBOX_STAGED = "bookbrew.outbox.staged"


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in Python, naive UTC in the database (SQLite and MariaDB
    DATETIME have no zone), so values compare and sort the same on both."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; BookBrew stores aware UTC times")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def new_metadata() -> MetaData:
    return MetaData(naming_convention=NAMING_CONVENTION)


class Database:
    """One engine and session factory per service; built in the app's lifespan."""

    def __init__(
        self, url: str, *, echo: bool = False, pool_size: int = 10, pool_timeout: float = 30.0
    ) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        options: dict[str, Any] = {"echo": echo}
        if self.is_sqlite:
            options["connect_args"] = {"timeout": 30}
        else:
            options.update(
                pool_size=pool_size,
                max_overflow=20,
                pool_timeout=pool_timeout,
                pool_recycle=1800,
                pool_pre_ping=True,
            )
        self.engine: AsyncEngine = create_async_engine(url, **options)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self.on_events_committed: Callable[[], None] | None = None

    async def commit(self, session: AsyncSession) -> None:
        """The one place a transaction commits: the request dependency and the consumer
        unit of work both end here."""
        await session.commit()
        if session.info.pop(OUTBOX_STAGED, False) and self.on_events_committed is not None:
            self.on_events_committed()

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[AsyncSession]:
        """Commit once at the end, or roll back everything."""
        async with self.sessions() as session:
            try:
                yield session
                await self.commit(session)
            except BaseException:
                await session.rollback()
                raise

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


# MariaDB deadlock (1213) and lock wait timeout (1205); SQLite "database is locked".
_TRANSIENT_MYSQL_CODES = {1205, 1213}


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        args = getattr(exc.orig, "args", ())
        if args and isinstance(args[0], int) and args[0] in _TRANSIENT_MYSQL_CODES:
            return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


async def retry_transient(
    work: Callable[[], Awaitable[T]], *, attempts: int = 5, base_delay: float = 0.02
) -> T:
    """Run a whole transaction again when the database reports a deadlock."""
    for attempt in range(1, attempts + 1):
        try:
            return await work()
        except DBAPIError as exc:
            if attempt == attempts or not is_transient(exc):
                raise
            log.info("transient database error, retrying", extra={"attempt": attempt})
            await asyncio.sleep(base_delay * 2**attempt)
    raise AssertionError("unreachable")
