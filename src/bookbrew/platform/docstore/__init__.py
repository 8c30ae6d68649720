"""Document-store port: JSON documents in named collections, each with a string `_id`.

Filters are a small subset of MongoDB's: equality on (dotted) fields, plus `$in`,
`$gt`, `$gte`, `$lt`, `$lte`. Both adapters pass the same contract tests.
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any, Literal, Protocol

Document = dict[str, Any]
Filter = dict[str, Any]
Sort = list[tuple[str, Literal[1, -1]]]

OPERATORS = {"$in", "$gt", "$gte", "$lt", "$lte"}


class DuplicateDocument(Exception):
    """Raised by `insert` when a document with the same `_id` already exists."""


class DocumentStore(Protocol):
    async def insert(self, collection: str, document: Document) -> None: ...
    async def get(self, collection: str, document_id: str) -> Document | None: ...
    async def replace(
        self, collection: str, document: Document, *, upsert: bool = True
    ) -> bool: ...
    async def delete(self, collection: str, document_id: str) -> bool: ...
    async def find(
        self,
        collection: str,
        where: Filter | None = None,
        *,
        sort: Sort | None = None,
        limit: int | None = None,
    ) -> list[Document]: ...
    async def count(self, collection: str, where: Filter | None = None) -> int: ...
    def transaction(self) -> AbstractAsyncContextManager[DocumentStore]:
        """A view of the store whose operations commit together or not at all."""
        ...

    async def ping(self) -> None: ...
    async def close(self) -> None: ...
