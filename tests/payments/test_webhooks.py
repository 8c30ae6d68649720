"""Sandbox webhooks: verified, stored once per provider event id, processed in the
background; replays and forgeries change nothing, stale events cannot move a payment
backwards, and refunds made at the provider are recorded."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from sqlalchemy import func, select

from bookbrew.payments.models import WebhookEventRow
from tests.payments.conftest import SCA, PaymentsUnderTest
from tests.support import eventually

PROBLEMS = "https://bookbrew.dev/problems/"


def event(payment_ref: str, type_: str, **data: Any) -> bytes:
    body = {"id": f"evt_{uuid.uuid4().hex}", "type": type_, "data": {"payment_ref": payment_ref}}
    body["data"].update(data)
    return json.dumps(body).encode()


async def send(payments: PaymentsUnderTest, body: bytes, headers: dict[str, str]) -> Any:
    return await payments.client.post(
        "/webhooks/sandbox", content=body, headers={"content-type": "application/json", **headers}
    )


async def provider_ref(payments: PaymentsUnderTest, payment_id: str) -> str:
    async with payments.db.sessions() as session:
        from bookbrew.payments.models import PaymentRow

        row = await session.get(PaymentRow, payment_id)
        assert row is not None and row.provider_ref
        return row.provider_ref


async def processed(payments: PaymentsUnderTest) -> list[tuple[str, str | None]]:
    async with payments.db.sessions() as session:
        rows = (await session.scalars(select(WebhookEventRow))).all()
    return [(row.event_id, row.outcome) for row in rows if row.processed_at is not None]


async def status_of(payments: PaymentsUnderTest, payment_id: str, headers: dict[str, str]) -> str:
    return str(
        (await payments.client.get(f"/payments/{payment_id}", headers=headers)).json()["status"]
    )


async def test_a_webhook_is_processed_once_however_often_it_is_replayed(
    payments: PaymentsUnderTest, customer_headers: dict[str, str]
) -> None:
    payment = (await payments.pay(customer_headers, number=SCA)).json()
    ref = await provider_ref(payments, payment["id"])
    body = event(ref, "payment.succeeded", status="succeeded")
    signed = payments.provider.sign_webhook(body)
    first = await send(payments, body, signed)
    assert first.status_code == 200
    assert first.json() == {"received": True, "duplicate": False}
    for _ in range(3):
        replay = await send(payments, body, signed)
        assert replay.json() == {"received": True, "duplicate": True}
    await eventually(lambda: processed(payments))
    assert await status_of(payments, payment["id"], customer_headers) == "succeeded"
    assert await payments.events("succeeded") == 1
    async with payments.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(WebhookEventRow)) == 1


async def test_a_forged_or_stale_signature_is_rejected_and_changes_nothing(
    payments: PaymentsUnderTest, customer_headers: dict[str, str]
) -> None:
    payment = (await payments.pay(customer_headers, number=SCA)).json()
    ref = await provider_ref(payments, payment["id"])
    body = event(ref, "payment.succeeded", status="succeeded")
    forged = {"sandbox-signature": f"t={int(time.time())},v1={'0' * 64}"}
    old = payments.provider.sign_webhook(body, timestamp=int(time.time()) - 3600)
    tampered = payments.provider.sign_webhook(body)
    for headers, content in (
        (forged, body),
        ({}, body),
        (old, body),
        (tampered, body.replace(b"succeeded", b"cancelled")),
    ):
        response = await send(payments, content, headers)
        assert response.status_code == 400
        assert response.json()["type"] == f"{PROBLEMS}webhook-signature-invalid"
    async with payments.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(WebhookEventRow)) == 0
    assert await status_of(payments, payment["id"], customer_headers) == "requires_action"


async def test_a_stale_event_cannot_move_a_payment_backwards(
    payments: PaymentsUnderTest, customer_headers: dict[str, str]
) -> None:
    payment = (await payments.pay(customer_headers)).json()
    ref = await provider_ref(payments, payment["id"])
    body = event(ref, "payment.failed", status="failed", failure_code="generic")
    await send(payments, body, payments.provider.sign_webhook(body))
    outcomes = await eventually(lambda: processed(payments))
    assert outcomes[0][1] == "ignored-stale"
    assert await status_of(payments, payment["id"], customer_headers) == "succeeded"
    assert await payments.events("failed") == 0


async def test_a_refund_made_at_the_provider_is_recorded(
    payments: PaymentsUnderTest, customer_headers: dict[str, str]
) -> None:
    payment = (await payments.pay(customer_headers, amount=5000)).json()
    ref = await provider_ref(payments, payment["id"])
    body = event(ref, "charge.refunded", amount_refunded=2000)
    await send(payments, body, payments.provider.sign_webhook(body))
    await eventually(lambda: processed(payments))
    fetched = await payments.client.get(f"/payments/{payment['id']}", headers=customer_headers)
    assert fetched.json()["status"] == "partially_refunded"
    assert fetched.json()["refunded"]["amount"] == 2000
    assert await payments.events("refunded") == 1


async def test_webhooks_for_another_provider_are_not_taken(payments: PaymentsUnderTest) -> None:
    response = await payments.client.post("/webhooks/stripe", content=b"{}")
    assert response.status_code == 404
