"""Which document store a URL names (kept apart from the port, so the adapters import
the port and nothing imports back)."""

from __future__ import annotations

from bookbrew.platform.docstore import DocumentStore
from bookbrew.platform.docstore.mongo import MongoDocumentStore
from bookbrew.platform.docstore.sql import SqlDocumentStore


def build_document_store(url: str, *, namespace: str) -> DocumentStore:
    """`mongodb://…` selects MongoDB; any SQLAlchemy async URL selects the SQL adapter."""
    if url.startswith(("mongodb://", "mongodb+srv://")):
        return MongoDocumentStore(url, database=namespace)
    return SqlDocumentStore(url)
