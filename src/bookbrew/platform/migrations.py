"""Alembic migrations per service, run programmatically on async engines.

Each service has `migrations/` with `env.py` calling `run_env(metadata)` and its
`versions/`. The database URL travels in the Alembic config's attributes.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine


def alembic_config(script_location: Path, database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.attributes["database_url"] = database_url
    return config


def upgrade(script_location: Path, database_url: str, revision: str = "head") -> None:
    """Blocking; call with `asyncio.to_thread` from async code."""
    command.upgrade(alembic_config(script_location, database_url), revision)


def _run_sync(connection: Connection, metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async(url: str, metadata: MetaData) -> None:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(_run_sync, metadata)
        await connection.commit()
    await engine.dispose()


def run_env(metadata: MetaData) -> None:
    """Body of every service's `migrations/env.py`."""
    url = context.config.attributes.get("database_url") or context.config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise RuntimeError("no database URL given to the migration")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_async(url, metadata))


async def ensure_database(database_url: str) -> None:
    """Create the service's MySQL/MariaDB database if it does not exist yet."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if not url.drivername.startswith("mysql") or not url.database:
        return
    server = create_async_engine(url.set(database=""), poolclass=pool.NullPool)
    async with server.connect() as connection:
        await connection.execute(
            text(
                f"CREATE DATABASE IF NOT EXISTS `{url.database}` "
                "CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
            )
        )
    await server.dispose()
