"""The same assertions against every document-store adapter: SQL JSON on SQLite and
MariaDB, and MongoDB (official async driver) when BOOKBREW_TEST_MONGODB_URL is set."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from bookbrew.platform.docstore import DocumentStore, DuplicateDocument
from bookbrew.platform.docstore.factory import build_document_store
from tests.conftest import MONGODB_URL, temporary_mariadb


@pytest.fixture(params=["sql-sqlite", "sql-mariadb", "mongodb"])
async def store(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[DocumentStore]:  # type: ignore[no-untyped-def]
    if request.param == "sql-sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'docs.sqlite3'}"
        adapter = build_document_store(url, namespace="test")
    elif request.param == "sql-mariadb":
        async with temporary_mariadb() as url:
            adapter = build_document_store(url, namespace="test")
            yield adapter
            await adapter.close()
        return
    else:
        if not MONGODB_URL:
            pytest.skip("BOOKBREW_TEST_MONGODB_URL not set: no MongoDB server to test against")
        adapter = build_document_store(
            MONGODB_URL, namespace=f"bookbrew_test_{uuid.uuid4().hex[:8]}"
        )
    yield adapter
    await adapter.close()


async def test_insert_then_get(store: DocumentStore) -> None:
    doc = {"_id": "r1", "user": "u1", "answers": {"roast": "dark", "notes": ["chocolate"]}, "n": 3}
    await store.insert("responses", doc)
    assert await store.get("responses", "r1") == doc
    assert await store.get("responses", "nope") is None
    assert await store.get("other", "r1") is None  # collections are separate


async def test_insert_refuses_a_duplicate_id(store: DocumentStore) -> None:
    await store.insert("c", {"_id": "same", "v": 1})
    with pytest.raises(DuplicateDocument):
        await store.insert("c", {"_id": "same", "v": 2})
    assert (await store.get("c", "same")) == {"_id": "same", "v": 1}


async def test_replace_and_upsert(store: DocumentStore) -> None:
    assert await store.replace("c", {"_id": "x", "v": 1}, upsert=False) is False
    assert await store.get("c", "x") is None
    assert await store.replace("c", {"_id": "x", "v": 1}) is True
    assert await store.replace("c", {"_id": "x", "v": 2}) is True
    assert await store.get("c", "x") == {"_id": "x", "v": 2}


async def test_delete(store: DocumentStore) -> None:
    await store.insert("c", {"_id": "d"})
    assert await store.delete("c", "d") is True
    assert await store.delete("c", "d") is False
    assert await store.get("c", "d") is None


async def _fill(store: DocumentStore) -> None:
    docs = [
        {
            "_id": "a",
            "user": "u1",
            "score": 10,
            "at": "2026-01-03",
            "meta": {"kind": "x"},
            "ok": True,
        },
        {
            "_id": "b",
            "user": "u1",
            "score": 2,
            "at": "2026-01-01",
            "meta": {"kind": "y"},
            "ok": False,
        },
        {
            "_id": "c",
            "user": "u2",
            "score": 7.5,
            "at": "2026-01-02",
            "meta": {"kind": "x"},
            "ok": True,
        },
        {
            "_id": "d",
            "user": "u3",
            "score": 100,
            "at": "2026-01-04",
            "meta": {"kind": "z"},
            "ok": True,
        },
    ]
    for doc in docs:
        await store.insert("events", doc)
    await store.insert("elsewhere", {"_id": "e", "user": "u1"})


async def test_find_by_equality_and_dotted_fields(store: DocumentStore) -> None:
    await _fill(store)
    assert [d["_id"] for d in await store.find("events", {"user": "u1"})] == ["a", "b"]
    assert [d["_id"] for d in await store.find("events", {"meta.kind": "x"})] == ["a", "c"]
    assert [d["_id"] for d in await store.find("events", {"ok": False})] == ["b"]
    assert await store.find("events", {"user": "nobody"}) == []


async def test_find_with_operators(store: DocumentStore) -> None:
    await _fill(store)
    assert [d["_id"] for d in await store.find("events", {"user": {"$in": ["u2", "u3"]}})] == [
        "c",
        "d",
    ]
    assert [d["_id"] for d in await store.find("events", {"score": {"$gte": 7.5, "$lt": 100}})] == [
        "a",
        "c",
    ]
    assert [d["_id"] for d in await store.find("events", {"at": {"$gt": "2026-01-02"}})] == [
        "a",
        "d",
    ]


async def test_find_sorts_numbers_numerically_and_limits(store: DocumentStore) -> None:
    await _fill(store)
    by_score = await store.find("events", sort=[("score", -1)])
    assert [d["_id"] for d in by_score] == ["d", "a", "c", "b"]
    newest = await store.find("events", {"ok": True}, sort=[("at", -1)], limit=2)
    assert [d["_id"] for d in newest] == ["d", "a"]


async def test_count(store: DocumentStore) -> None:
    await _fill(store)
    assert await store.count("events") == 4
    assert await store.count("events", {"user": "u1"}) == 2
    assert await store.count("missing") == 0


async def test_unknown_operator_is_refused(store: DocumentStore) -> None:
    with pytest.raises(ValueError):
        await store.find("events", {"score": {"$where": "1"}})


async def test_a_transaction_commits_everything_together(store: DocumentStore) -> None:
    async with store.transaction() as tx:
        await tx.insert("a", {"_id": "1", "v": 1})
        await tx.replace("b", {"_id": "2", "v": 2})
        assert await tx.get("a", "1") == {"_id": "1", "v": 1}  # reads its own writes
    assert await store.get("a", "1") == {"_id": "1", "v": 1}
    assert await store.get("b", "2") == {"_id": "2", "v": 2}


async def test_a_failed_transaction_leaves_nothing(store: DocumentStore) -> None:
    await store.insert("a", {"_id": "keep", "v": 0})
    with pytest.raises(RuntimeError):
        async with store.transaction() as tx:
            await tx.insert("a", {"_id": "1", "v": 1})
            await tx.replace("a", {"_id": "keep", "v": 99})
            await tx.delete("a", "keep")
            raise RuntimeError("use case failed")
    assert await store.get("a", "1") is None
    assert await store.get("a", "keep") == {"_id": "keep", "v": 0}
