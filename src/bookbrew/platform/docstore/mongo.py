"""Document store on MongoDB through the official async driver (`pymongo.AsyncMongoClient`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from bookbrew.platform.docstore import OPERATORS, Document, DuplicateDocument, Filter, Sort


def _check(where: Filter | None) -> Filter:
    for condition in (where or {}).values():
        if isinstance(condition, dict) and set(condition) - OPERATORS:
            raise ValueError(f"unsupported operators: {sorted(set(condition) - OPERATORS)}")
    return dict(where or {})


class MongoDocumentStore:
    """`transaction()` needs a replica set (a single-node one is enough), as MongoDB
    multi-document transactions do; deployments run MongoDB that way."""

    def __init__(
        self,
        url: str,
        *,
        database: str,
        _parent: MongoDocumentStore | None = None,
        _session: AsyncClientSession | None = None,
    ) -> None:
        self._client: AsyncMongoClient[dict[str, Any]]
        self._db: AsyncDatabase[dict[str, Any]]
        if _parent is not None:
            self._client, self._db = _parent._client, _parent._db
        else:
            self._client = AsyncMongoClient(url, serverSelectionTimeoutMS=3000, tz_aware=True)
            self._db = self._client.get_default_database(default=database)
        self._session = _session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[MongoDocumentStore]:
        if self._session is not None:
            yield self
            return
        async with self._client.start_session() as session:
            async with await session.start_transaction():
                yield MongoDocumentStore("", database="", _parent=self, _session=session)

    async def insert(self, collection: str, document: Document) -> None:
        if "_id" not in document:
            raise ValueError("document needs an _id")
        try:
            await self._db[collection].insert_one(
                {**document, "_id": str(document["_id"])}, session=self._session
            )
        except DuplicateKeyError as exc:
            raise DuplicateDocument(f"{collection}/{document['_id']} exists") from exc

    async def get(self, collection: str, document_id: str) -> Document | None:
        found: Document | None = await self._db[collection].find_one(
            {"_id": str(document_id)}, session=self._session
        )
        return found

    async def replace(self, collection: str, document: Document, *, upsert: bool = True) -> bool:
        result = await self._db[collection].replace_one(
            {"_id": str(document["_id"])},
            {**document, "_id": str(document["_id"])},
            upsert=upsert,
            session=self._session,
        )
        return bool(result.matched_count or result.upserted_id is not None)

    async def delete(self, collection: str, document_id: str) -> bool:
        result = await self._db[collection].delete_one(
            {"_id": str(document_id)}, session=self._session
        )
        return result.deleted_count == 1

    async def find(
        self,
        collection: str,
        where: Filter | None = None,
        *,
        sort: Sort | None = None,
        limit: int | None = None,
    ) -> list[Document]:
        cursor = self._db[collection].find(_check(where), session=self._session)
        cursor = cursor.sort(sort or [("_id", 1)])
        if limit is not None:
            cursor = cursor.limit(limit)
        return [document async for document in cursor]

    async def count(self, collection: str, where: Filter | None = None) -> int:
        return int(await self._db[collection].count_documents(_check(where), session=self._session))

    async def ping(self) -> None:
        await self._client.admin.command("ping")

    async def close(self) -> None:
        if self._session is None:
            await self._client.close()
