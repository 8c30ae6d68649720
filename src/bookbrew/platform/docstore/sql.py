"""Document store on a SQL JSON column: SQLite (json_extract) and MariaDB (JSON_VALUE)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import Column, MetaData, String, Table, Text, delete, select
from sqlalchemy import func as sql_func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from bookbrew.platform.db import Database, UtcDateTime, new_metadata
from bookbrew.platform.docstore import OPERATORS, Document, DuplicateDocument, Filter, Sort

_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


def documents_table(metadata: MetaData) -> Table:
    return Table(
        "documents",
        metadata,
        Column("collection", String(100), primary_key=True),
        Column("id", String(191), primary_key=True),
        Column("body", Text().with_variant(Text(length=4_294_967_295), "mysql"), nullable=False),
        Column("updated_at", UtcDateTime(), nullable=False),
    )


class SqlDocumentStore:
    def __init__(
        self,
        url: str,
        *,
        _bound: AsyncConnection | None = None,
        _parent: SqlDocumentStore | None = None,
    ) -> None:
        self.db: Database
        self.metadata: MetaData
        self.table: Table
        if _parent is not None:
            self.db, self.metadata, self.table = _parent.db, _parent.metadata, _parent.table
            self._ready = True
        else:
            self.db = Database(url)
            self.metadata = new_metadata()
            self.table = documents_table(self.metadata)
            self._ready = False
        self._bound = _bound
        self._ensure_lock = asyncio.Lock()

    async def _ensure(self) -> None:
        if self._ready:
            return
        async with self._ensure_lock:  # first writers race to create the table
            if not self._ready:
                async with self.db.engine.begin() as conn:
                    await conn.run_sync(self.metadata.create_all)
                self._ready = True

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[AsyncConnection]:
        """The transaction's connection inside `transaction()`, else a short one."""
        if self._bound is not None:
            yield self._bound
            return
        await self._ensure()
        async with self.db.engine.begin() as conn:
            yield conn

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqlDocumentStore]:
        """Every operation on the yielded store commits together, or none does."""
        if self._bound is not None:
            yield self
            return
        await self._ensure()
        async with self.db.engine.begin() as conn:
            yield SqlDocumentStore("", _bound=conn, _parent=self)

    def _path(self, field: str) -> ColumnElement[Any]:
        if not _FIELD.match(field):
            raise ValueError(f"invalid field name: {field!r}")
        path = "$." + field
        if self.db.is_sqlite:
            return sql_func.json_extract(self.table.c.body, path)
        return sql_func.json_value(self.table.c.body, path)

    def _scalar(self, value: Any) -> Any:
        # Both SQLite's json_extract and MariaDB's JSON_VALUE yield booleans as 1/0.
        return int(value) if isinstance(value, bool) else value

    def _conditions(self, collection: str, where: Filter | None) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [self.table.c.collection == collection]
        for field, condition in (where or {}).items():
            if field == "_id" and not isinstance(condition, dict):
                conditions.append(self.table.c.id == str(condition))
                continue
            column = self.table.c.id if field == "_id" else self._path(field)
            if isinstance(condition, dict):
                unknown = set(condition) - OPERATORS
                if unknown:
                    raise ValueError(f"unsupported operators: {sorted(unknown)}")
                for op, value in condition.items():
                    if op == "$in":
                        conditions.append(column.in_([self._scalar(v) for v in value]))
                    elif op == "$gt":
                        conditions.append(column > self._scalar(value))
                    elif op == "$gte":
                        conditions.append(column >= self._scalar(value))
                    elif op == "$lt":
                        conditions.append(column < self._scalar(value))
                    elif op == "$lte":
                        conditions.append(column <= self._scalar(value))
            elif condition is None:
                conditions.append(column.is_(None))
            else:
                conditions.append(column == self._scalar(condition))
        return conditions

    def _order(self, field: str, direction: int) -> list[ColumnElement[Any]]:
        if field == "_id":
            keys: list[ColumnElement[Any]] = [self.table.c.id]
        elif self.db.is_sqlite:
            keys = [self._path(field)]
        else:
            # JSON_VALUE is text on MariaDB: order numbers numerically, then text.
            raw = sql_func.json_extract(self.table.c.body, "$." + field)
            numeric = sql_func.json_type(raw).in_(["INTEGER", "DOUBLE"])
            as_number = sql_func.json_value(self.table.c.body, "$." + field) + 0
            keys = [sql_func.if_(numeric, as_number, None), self._path(field)]
        return [key.desc() if direction < 0 else key.asc() for key in keys]

    async def insert(self, collection: str, document: Document) -> None:
        row = self._row(collection, document)
        async with self._connection() as conn:
            if await conn.scalar(select(self.table.c.id).where(*self._key(collection, row["id"]))):
                raise DuplicateDocument(f"{collection}/{row['id']} exists")
            try:
                await conn.execute(self.table.insert().values(**row))
            except IntegrityError as exc:
                raise DuplicateDocument(f"{collection}/{row['id']} exists") from exc

    def _key(self, collection: str, document_id: str) -> tuple[ColumnElement[bool], ...]:
        return (self.table.c.collection == collection, self.table.c.id == document_id)

    def _row(self, collection: str, document: Document) -> dict[str, Any]:
        if "_id" not in document:
            raise ValueError("document needs an _id")
        return {
            "collection": collection,
            "id": str(document["_id"]),
            "body": orjson.dumps(document).decode(),
            "updated_at": datetime.now(UTC),
        }

    async def get(self, collection: str, document_id: str) -> Document | None:
        async with self._connection() as conn:
            body = await conn.scalar(
                select(self.table.c.body).where(*self._key(collection, str(document_id)))
            )
        return None if body is None else dict(orjson.loads(body))

    async def replace(self, collection: str, document: Document, *, upsert: bool = True) -> bool:
        row = self._row(collection, document)
        update = (
            self.table.update()
            .where(*self._key(collection, row["id"]))
            .values(body=row["body"], updated_at=row["updated_at"])
        )
        async with self._connection() as conn:
            if (await conn.execute(update)).rowcount:
                return True
            if not upsert:
                return False
            try:
                await conn.execute(self.table.insert().values(**row))
            except IntegrityError:
                # A concurrent upsert inserted first; last writer wins as in MongoDB.
                await conn.execute(update)
            return True

    async def delete(self, collection: str, document_id: str) -> bool:
        async with self._connection() as conn:
            result = await conn.execute(
                delete(self.table).where(*self._key(collection, str(document_id)))
            )
        return bool(result.rowcount)

    async def find(
        self,
        collection: str,
        where: Filter | None = None,
        *,
        sort: Sort | None = None,
        limit: int | None = None,
    ) -> list[Document]:
        query = select(self.table.c.body).where(*self._conditions(collection, where))
        for field, direction in sort or [("_id", 1)]:
            query = query.order_by(*self._order(field, direction))
        if limit is not None:
            query = query.limit(limit)
        async with self._connection() as conn:
            bodies = (await conn.scalars(query)).all()
        return [dict(orjson.loads(body)) for body in bodies]

    async def count(self, collection: str, where: Filter | None = None) -> int:
        await self._ensure()
        query = (
            select(sql_func.count())
            .select_from(self.table)
            .where(*self._conditions(collection, where))
        )
        async with self._connection() as conn:
            return int(await conn.scalar(query) or 0)

    async def ping(self) -> None:
        await self.db.ping()

    async def close(self) -> None:
        if self._bound is None:
            await self.db.dispose()
