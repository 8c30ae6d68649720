"""The two statements SQLite and MariaDB spell differently."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def _dialect(session: AsyncSession) -> str:
    bind = session.bind
    assert bind is not None
    return bind.dialect.name


async def insert_missing(
    session: AsyncSession, table: Table, rows: Sequence[dict[str, Any]], *, key: str = ""
) -> None:
    """Insert rows whose primary (or unique) key is not there yet; leave the others."""
    if not rows:
        return
    if _dialect(session) == "sqlite":
        await session.execute(sqlite.insert(table).on_conflict_do_nothing(), list(rows))
        return
    # A no-op update instead of INSERT IGNORE, which would also hide real errors.
    key = key or next(iter(table.primary_key.columns)).name
    stmt = mysql.insert(table)
    await session.execute(stmt.on_duplicate_key_update({key: stmt.inserted[key]}), list(rows))
