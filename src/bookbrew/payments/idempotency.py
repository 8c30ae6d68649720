"""`Idempotency-Key` handling: one key, one outcome.

The key is claimed by inserting its row and committing *before* the provider is called,
so the primary key settles races: of concurrent duplicates one inserts, the others find
the row, wait for its stored answer and return that same answer. The same key with a
different body is refused. A claim left behind by a crashed request is taken over once
its lease has run out; the provider key derived from the client's key is the same on
the retry, so the provider does not charge twice either.

Keys are stored as their SHA-256 digest: whatever a client puts in a key (even a card
number), the table never holds it."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.payments.models import IdempotencyKeyRow
from bookbrew.platform.crypto import KeyRing
from bookbrew.platform.db import Database
from bookbrew.platform.problems import Problem


@dataclass(frozen=True)
class StoredResponse:
    status: int
    body: dict[str, Any]


@dataclass(frozen=True)
class Claim:
    scope: str
    key: str
    token: str
    replay: StoredResponse | None = None

    @property
    def provider_key(self) -> str:
        """What we give the provider as its idempotency key: stable for the client key."""
        digest = hashlib.sha256(f"{self.scope}\n{self.key}".encode()).hexdigest()
        return f"bookbrew-{digest[:40]}"


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def fingerprint(payload: Any) -> str:
    return hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _aad(scope: str, key: str) -> str:
    return f"payments:idempotency:{scope}:{key}"


async def claim(
    db: Database,
    ring: KeyRing,
    *,
    scope: str,
    key: str,
    request_fingerprint: str,
    wait_seconds: float,
    lease_seconds: float,
) -> Claim:
    key = key_digest(key)
    token = uuid.uuid4().hex
    deadline = time.monotonic() + wait_seconds
    while True:
        now = datetime.now(UTC)
        try:
            async with db.unit_of_work() as session:
                session.add(
                    IdempotencyKeyRow(
                        scope=scope,
                        key=key,
                        fingerprint=request_fingerprint,
                        claim=token,
                        status="in_progress",
                        locked_at=now,
                        created_at=now,
                    )
                )
                await session.flush()
            return Claim(scope, key, token)
        except IntegrityError:
            pass  # someone holds or held the key: see what they did
        async with db.sessions() as session:
            row = await session.get(IdempotencyKeyRow, (scope, key))
        if row is None:
            continue  # released in between: try to claim it again
        if row.fingerprint != request_fingerprint:
            raise Problem(
                422,
                "idempotency-key-reused",
                "This Idempotency-Key was used with a different request body.",
            )
        if row.status == "done" and row.response_body is not None:
            body = json.loads(ring.decrypt_text(row.response_body, aad=_aad(scope, key)))
            return Claim(scope, key, row.claim, StoredResponse(row.response_status or 200, body))
        if now - row.locked_at > timedelta(seconds=lease_seconds):
            async with db.unit_of_work() as session:
                taken = await session.execute(
                    update(IdempotencyKeyRow)
                    .where(
                        IdempotencyKeyRow.scope == scope,
                        IdempotencyKeyRow.key == key,
                        IdempotencyKeyRow.claim == row.claim,
                        IdempotencyKeyRow.status == "in_progress",
                    )
                    .values(claim=token, locked_at=now)
                )
            if taken.rowcount:  # type: ignore[attr-defined]
                return Claim(scope, key, token)
            continue
        if time.monotonic() >= deadline:
            raise Problem(
                409,
                "idempotency-key-in-progress",
                "A request with this Idempotency-Key is still being processed; retry shortly.",
                headers={"Retry-After": "1"},
            )
        await asyncio.sleep(0.05)


async def complete(
    session: AsyncSession,
    ring: KeyRing,
    held: Claim,
    *,
    status: int,
    body: dict[str, Any],
    resource_id: str | None,
) -> None:
    """Store the answer in the caller's transaction, so it commits with the state."""
    result = await session.execute(
        update(IdempotencyKeyRow)
        .where(
            IdempotencyKeyRow.scope == held.scope,
            IdempotencyKeyRow.key == held.key,
            IdempotencyKeyRow.claim == held.token,
        )
        .values(
            status="done",
            response_status=status,
            response_body=ring.encrypt_text(
                orjson.dumps(body).decode(), aad=_aad(held.scope, held.key)
            ),
            resource_id=resource_id,
        )
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise Problem(
            409, "idempotency-key-in-progress", "The Idempotency-Key was taken over; retry."
        )


async def release(db: Database, held: Claim) -> None:
    """Give the key back after a failure that changed nothing, so a retry can run."""
    async with db.unit_of_work() as session:
        await session.execute(
            delete(IdempotencyKeyRow).where(
                IdempotencyKeyRow.scope == held.scope,
                IdempotencyKeyRow.key == held.key,
                IdempotencyKeyRow.claim == held.token,
                IdempotencyKeyRow.status == "in_progress",
            )
        )


async def prune(db: Database, *, older_than: timedelta) -> int:
    async with db.unit_of_work() as session:
        result = await session.execute(
            delete(IdempotencyKeyRow).where(
                IdempotencyKeyRow.created_at < datetime.now(UTC) - older_than,
                IdempotencyKeyRow.status == "done",
            )
        )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
