"""Payments use cases on a session: they flush, never commit, and move a payment only
along the allowed transitions (`states`)."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts.catalog import Money
from bookbrew.payments import events, repository
from bookbrew.payments.models import PaymentRow, RefundRow
from bookbrew.payments.providers.base import (
    RETRYABLE,
    ChargeRequest,
    ProviderOutcome,
    RefundOutcome,
    WebhookNotice,
)
from bookbrew.payments.schemas import CardSummary, Failure, Payment, Refund
from bookbrew.payments.states import CAPTURED, can_move
from bookbrew.platform.crypto import KeyRing
from bookbrew.platform.problems import PROBLEM_BASE, NotFound

log = logging.getLogger(__name__)


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}"


def _aad(payment_id: str, field: str) -> str:
    return f"payments:{payment_id}:{field}"


def _seal(ring: KeyRing, payment_id: str, field: str, value: Any) -> str | None:
    if not value:
        return None
    return ring.encrypt_text(json.dumps(value), aad=_aad(payment_id, field))


def _open(ring: KeyRing, payment_id: str, field: str, token: str | None) -> Any:
    if not token:
        return None
    return json.loads(ring.decrypt_text(token, aad=_aad(payment_id, field)))


def to_payment(row: PaymentRow, ring: KeyRing) -> Payment:
    return Payment(
        id=row.id,
        reference=row.reference,
        customer_id=row.customer_id,
        requested_by=row.requested_by,
        amount=Money(amount=row.amount, currency=row.currency),
        refunded=Money(amount=row.refunded_amount, currency=row.currency),
        status=row.status,  # type: ignore[arg-type]
        provider=row.provider,
        card=CardSummary(brand=row.card_brand, last4=row.card_last4)
        if row.card_brand and row.card_last4
        else None,
        next_action=_open(ring, row.id, "next_action", row.next_action_encrypted),
        failure=Failure(code=row.failure_code, message=row.failure_message)
        if row.failure_code
        else None,
        metadata=_open(ring, row.id, "metadata", row.metadata_encrypted) or {},
        refunds=[
            Refund(
                id=refund.id,
                amount=Money(amount=refund.amount, currency=refund.currency),
                status=refund.status,
                reason=refund.reason,
                created_at=refund.created_at,
            )
            for refund in row.refunds
        ],
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def decline_problem(row: PaymentRow, instance: str) -> dict[str, Any]:
    """The 402 problem document of a failed payment: `card-declined/<code>`."""
    code = row.failure_code or "generic"
    return {
        "type": f"{PROBLEM_BASE}card-declined/{code}",
        "title": "Payment declined",
        "status": 402,
        "detail": row.failure_message or "The payment was declined.",
        "instance": instance,
        "payment_id": row.id,
        "decline_code": code,
        "retryable": code in RETRYABLE,
    }


async def require_payment(session: AsyncSession, payment_id: str) -> PaymentRow:
    payment = await repository.get_payment(session, payment_id)
    if payment is None:
        raise NotFound(f"No payment {payment_id}.")
    return payment


async def require_locked_payment(session: AsyncSession, payment_id: str) -> PaymentRow:
    payment = await repository.lock_payment(session, payment_id)
    if payment is None:
        raise NotFound(f"No payment {payment_id}.")
    return payment


async def record_charge(
    session: AsyncSession,
    ring: KeyRing,
    request: ChargeRequest,
    outcome: ProviderOutcome,
    *,
    provider: str,
    metadata: dict[str, str],
    requested_by: str,
) -> PaymentRow:
    now = datetime.now(UTC)
    payment = PaymentRow(
        id=request.payment_id,
        reference=request.reference,
        customer_id=request.customer_id,
        requested_by=requested_by[:64],
        amount=request.amount,
        currency=request.currency,
        refunded_amount=0,
        status="created",
        provider=provider,
        provider_ref=outcome.provider_ref,
        payment_method=request.payment_method,
        metadata_encrypted=_seal(ring, request.payment_id, "metadata", metadata),
        created_at=now,
        updated_at=now,
        version=1,
        refunds=[],
    )
    session.add(payment)
    await apply_outcome(session, ring, payment, outcome)
    await session.flush()
    return payment


async def apply_outcome(
    session: AsyncSession, ring: KeyRing, payment: PaymentRow, outcome: ProviderOutcome
) -> bool:
    """Move the payment where the provider says it is, if that move is allowed.
    Returns whether the status changed; a stale or out-of-order outcome changes nothing."""
    if outcome.card is not None and payment.card_brand is None:
        payment.card_brand, payment.card_last4 = outcome.card.brand[:16], outcome.card.last4[:4]
    if outcome.charge_ref and not payment.provider_charge_ref:
        payment.provider_charge_ref = outcome.charge_ref
    if outcome.status == payment.status:
        payment.next_action_encrypted = _seal(ring, payment.id, "next_action", outcome.next_action)
        await session.flush()
        return False
    if not can_move(payment.status, outcome.status):
        log.info(
            "provider outcome ignored: not an allowed transition",
            extra={"payment_id": payment.id, "from": payment.status, "to": outcome.status},
        )
        return False
    payment.status = outcome.status
    payment.next_action_encrypted = _seal(ring, payment.id, "next_action", outcome.next_action)
    if outcome.status == "failed":
        payment.failure_code = (outcome.failure_code or "generic")[:64]
        payment.failure_message = (outcome.failure_message or "The payment was declined.")[:300]
    payment.updated_at = datetime.now(UTC)
    payment.version += 1
    await session.flush()
    await events.status_changed(session, payment)
    return True


def refundable(payment: PaymentRow) -> int:
    return payment.amount - payment.refunded_amount if payment.status in CAPTURED else 0


async def record_refund(
    session: AsyncSession,
    payment: PaymentRow,
    outcome: RefundOutcome,
    *,
    refund_id: str,
    amount: int,
    reason: str | None,
) -> RefundRow:
    refund = RefundRow(
        id=refund_id,
        payment_id=payment.id,
        amount=amount,
        currency=payment.currency,
        status=outcome.status,
        reason=reason,
        provider_ref=outcome.provider_ref,
        created_at=datetime.now(UTC),
    )
    payment.refunds.append(refund)
    if outcome.status != "failed":
        await _set_refunded(session, payment, payment.refunded_amount + amount)
    await session.flush()
    return refund


async def _set_refunded(session: AsyncSession, payment: PaymentRow, total: int) -> None:
    payment.refunded_amount = total
    payment.status = "refunded" if total >= payment.amount else "partially_refunded"
    payment.updated_at = datetime.now(UTC)
    payment.version += 1
    await session.flush()
    await events.refunded(session, payment)


async def apply_notice(
    session: AsyncSession, ring: KeyRing, provider: str, notice: WebhookNotice
) -> str:
    """Apply a verified webhook; returns what happened (stored with the event)."""
    if not notice.provider_ref:
        return "ignored"
    payment = await repository.get_by_provider_ref(session, provider, notice.provider_ref)
    if payment is None:
        return "unknown-payment"
    payment = await require_locked_payment(session, payment.id)
    outcome = "no-change"
    if notice.status and notice.status != payment.status:
        changed = await apply_outcome(
            session,
            ring,
            payment,
            ProviderOutcome(
                provider_ref=notice.provider_ref,
                status=notice.status,
                failure_code=notice.failure_code,
                failure_message=notice.failure_message,
            ),
        )
        outcome = "applied" if changed else "ignored-stale"
    if (
        notice.amount_refunded is not None
        and payment.status in CAPTURED
        and payment.refunded_amount < notice.amount_refunded <= payment.amount
    ):
        await _set_refunded(session, payment, notice.amount_refunded)
        outcome = "refund-recorded"
    return outcome
