"""The state machine's allowed moves, and reconciliation on the sandbox."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from bookbrew.payments.models import IdempotencyKeyRow
from bookbrew.payments.reconcile import reconcile
from bookbrew.payments.states import ALLOWED, can_move, check_transition
from bookbrew.platform.problems import Problem
from tests.payments.conftest import PaymentsUnderTest

ILLEGAL = [
    ("succeeded", "failed"),
    ("succeeded", "cancelled"),
    ("failed", "succeeded"),
    ("cancelled", "succeeded"),
    ("refunded", "succeeded"),
    ("refunded", "partially_refunded"),
    ("created", "refunded"),
    ("requires_action", "partially_refunded"),
    ("processing", "cancelled"),
]


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_illegal_transitions_are_refused(current: str, target: str) -> None:
    assert not can_move(current, target)
    with pytest.raises(Problem) as refused:
        check_transition(current, target)
    assert refused.value.status == 409
    assert refused.value.kind == "illegal-payment-transition"


def test_the_lifecycle_moves_forward_only() -> None:
    path = ["created", "requires_action", "succeeded", "partially_refunded", "refunded"]
    for current, target in itertools.pairwise(path):
        assert can_move(current, target)
    assert all(not ALLOWED[end] for end in ("failed", "cancelled", "refunded"))


async def test_reconciliation_reports_what_differs_from_the_provider(
    payments: PaymentsUnderTest, customer_headers: dict[str, str]
) -> None:
    paid = (await payments.pay(customer_headers, amount=4000)).json()
    await payments.pay(customer_headers, number="4000000000009995")
    report = await reconcile(payments.db, payments.provider)
    assert report.checked == 2
    assert report.clean, report.to_text()

    async with payments.db.sessions() as session:
        from bookbrew.payments.models import PaymentRow

        row = await session.get(PaymentRow, paid["id"])
        assert row is not None and row.provider_ref
        payments.provider.record_refund(row.provider_ref, 1500)  # refunded at the provider
        session.add(
            IdempotencyKeyRow(
                scope="customer-1:create",
                key="0" * 64,
                fingerprint="x",
                claim="c",
                status="in_progress",
                locked_at=datetime.now(UTC) - timedelta(hours=1),
                created_at=datetime.now(UTC) - timedelta(hours=1),
            )
        )
        await session.commit()
    report = await reconcile(payments.db, payments.provider)
    assert [(m.payment_id, m.field, m.local, m.provider) for m in report.mismatches] == [
        (paid["id"], "refunded", 0, 1500)
    ]
    assert report.orphaned_claims == ["customer-1:create " + "0" * 64]
    assert "MISMATCH" in report.to_text() and not report.clean
    assert report.to_dict()["clean"] is False
