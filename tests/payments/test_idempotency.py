"""One Idempotency-Key, one charge: replays, a different body, and concurrent
duplicates (20 at once) on SQLite and on real MariaDB."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from bookbrew.payments.idempotency import key_digest
from bookbrew.payments.models import IdempotencyKeyRow, PaymentRow
from tests.conftest import temporary_mariadb
from tests.payments.conftest import PaymentsUnderTest

PROBLEMS = "https://bookbrew.dev/problems/"


async def count_payments(payments: PaymentsUnderTest) -> int:
    async with payments.db.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(PaymentRow)) or 0)


def charges(payments: PaymentsUnderTest) -> int:
    return len(payments.provider._intents)


async def test_double_submission_charges_once(
    payments: PaymentsUnderTest, customer_headers: dict[str, str]
) -> None:
    token = await payments.tokenize(customer_headers)
    body = {"amount": 1999, "currency": "EUR", "reference": "order-1", "payment_method": token}
    headers = {**customer_headers, "Idempotency-Key": "checkout-order-1"}
    first = await payments.client.post("/payments", json=body, headers=headers)
    second = await payments.client.post("/payments", json=body, headers=headers)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    assert second.headers["idempotent-replayed"] == "true"
    assert await count_payments(payments) == 1
    assert charges(payments) == 1
    assert await payments.events("succeeded") == 1

    different = await payments.client.post(
        "/payments", json={**body, "amount": 2000}, headers=headers
    )
    assert different.status_code == 422
    assert different.json()["type"] == f"{PROBLEMS}idempotency-key-reused"


async def test_a_decline_is_replayed_not_retried(
    payments: PaymentsUnderTest, customer_headers: dict[str, str]
) -> None:
    first = await payments.pay(customer_headers, number="4000000000009995", key="k-decline")
    token_body = {
        "amount": 2500,
        "currency": "EUR",
        "reference": "order-x",
        "payment_method": "tok_sbx_other.sig",
    }
    assert first.status_code == 402
    # The same key with a new card token is a different request.
    reuse = await payments.client.post(
        "/payments", json=token_body, headers={**customer_headers, "Idempotency-Key": "k-decline"}
    )
    assert reuse.json()["type"] == f"{PROBLEMS}idempotency-key-reused"


async def test_keys_are_scoped_to_the_caller(
    payments: PaymentsUnderTest, customer_headers: dict[str, str], service_headers: dict[str, str]
) -> None:
    mine = await payments.pay(customer_headers, key="same")
    theirs = await payments.pay(service_headers, key="same", customer_id="customer-9")
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["id"] != theirs.json()["id"]


async def _twenty_at_once(payments: PaymentsUnderTest, headers: dict[str, str]) -> list[Any]:
    token = await payments.tokenize(headers)
    body = {"amount": 4200, "currency": "EUR", "reference": "order-race", "payment_method": token}
    keyed = {**headers, "Idempotency-Key": "race-key"}
    return await asyncio.gather(
        *(payments.client.post("/payments", json=body, headers=keyed) for _ in range(20))
    )


async def test_twenty_concurrent_duplicates_charge_once_on_sqlite(
    payments: PaymentsUnderTest, customer_headers: dict[str, str]
) -> None:
    responses = await _twenty_at_once(payments, customer_headers)
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    assert await count_payments(payments) == 1
    assert charges(payments) == 1


async def test_twenty_concurrent_duplicates_charge_once_on_mariadb(
    make_payments: Callable[..., Any], customer_headers: dict[str, str]
) -> None:
    async with temporary_mariadb() as url, make_payments(database_url=url) as payments:
        responses = await _twenty_at_once(payments, customer_headers)
        assert {r.status_code for r in responses} == {201}, [r.text for r in responses]
        assert len({r.json()["id"] for r in responses}) == 1
        assert await count_payments(payments) == 1
        assert charges(payments) == 1
        assert await payments.events("succeeded") == 1
        async with payments.db.sessions() as session:
            keys = (await session.scalars(select(IdempotencyKeyRow))).all()
        assert [(k.key, k.status) for k in keys] == [(key_digest("race-key"), "done")]
