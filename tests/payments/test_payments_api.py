"""The sandbox end to end through the API: success, each decline, step-up, SCA and
confirm, cancel, refunds, and the state machine refusing illegal moves."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from bookbrew.platform.devkeys import DevSigningKey
from tests.payments.conftest import DECLINES, SCA, PaymentsUnderTest

PROBLEMS = "https://bookbrew.dev/problems/"


async def test_a_payment_succeeds_end_to_end(
    payments: PaymentsUnderTest, customer_headers: dict[str, str]
) -> None:
    created = await payments.pay(customer_headers, amount=2500, metadata={"gift": "yes"})
    assert created.status_code == 201, created.text
    payment = created.json()
    assert payment["status"] == "succeeded"
    assert payment["customer_id"] == "customer-1"
    assert payment["amount"] == {"amount": 2500, "currency": "EUR"}
    assert payment["card"] == {"brand": "visa", "last4": "4242"}
    assert payment["metadata"] == {"gift": "yes"}
    fetched = await payments.client.get(f"/payments/{payment['id']}", headers=customer_headers)
    assert fetched.json() == payment
    assert await payments.events("succeeded") == 1


async def test_another_customer_cannot_see_a_payment(
    payments: PaymentsUnderTest, customer_headers: dict[str, str], signing_key: DevSigningKey
) -> None:
    payment = (await payments.pay(customer_headers)).json()
    other = {"Authorization": f"Bearer {signing_key.mint('customer-2', roles=['customer'])}"}
    response = await payments.client.get(f"/payments/{payment['id']}", headers=other)
    assert response.status_code == 404


@pytest.mark.parametrize(("number", "code"), sorted(DECLINES.items()))
async def test_each_decline_is_a_402_problem_with_a_stable_type(
    payments: PaymentsUnderTest, customer_headers: dict[str, str], number: str, code: str
) -> None:
    response = await payments.pay(customer_headers, number=number)
    assert response.status_code == 402, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"] == f"{PROBLEMS}card-declined/{code}"
    assert problem["decline_code"] == code
    assert problem["retryable"] is (code == "processing-error")
    stored = await payments.client.get(
        f"/payments/{problem['payment_id']}", headers=customer_headers
    )
    assert stored.json()["status"] == "failed"
    assert stored.json()["failure"]["code"] == code
    assert await payments.events("failed") == 1


async def test_step_up_is_required_above_the_threshold(
    payments: PaymentsUnderTest, customer_headers: dict[str, str], mfa_headers: dict[str, str]
) -> None:
    refused = await payments.pay(customer_headers, amount=10_000)
    assert refused.status_code == 403
    assert refused.json()["type"] == f"{PROBLEMS}step-up-required"
    assert "insufficient_user_authentication" in refused.headers["www-authenticate"]
    allowed = await payments.pay(mfa_headers, amount=10_000)
    assert allowed.status_code == 201, allowed.text


async def test_a_stale_second_factor_is_not_enough(
    payments: PaymentsUnderTest, signing_key: DevSigningKey
) -> None:
    stale = signing_key.mint(
        "customer-1", roles=["customer"], amr=["pwd", "mfa"], auth_time=int(time.time()) - 3600
    )
    response = await payments.pay({"Authorization": f"Bearer {stale}"}, amount=50_000)
    assert response.json()["type"] == f"{PROBLEMS}step-up-required"


async def test_step_up_for_every_payment_by_setting(
    make_payments: Callable[..., Any], customer_headers: dict[str, str]
) -> None:
    async with make_payments(step_up_min_amount=0) as payments:
        response = await payments.pay(customer_headers, amount=100)
        assert response.json()["type"] == f"{PROBLEMS}step-up-required"


async def test_a_service_pays_for_a_customer_with_forwarded_step_up(
    payments: PaymentsUnderTest,
    service_headers: dict[str, str],
    mfa_headers: dict[str, str],
    customer_headers: dict[str, str],
    signing_key: DevSigningKey,
) -> None:
    no_evidence = await payments.pay(service_headers, amount=20_000, customer_id="customer-1")
    assert no_evidence.json()["type"] == f"{PROBLEMS}step-up-required"
    assert "X-Customer-Authorization" in no_evidence.json()["detail"]

    token = await payments.tokenize(service_headers)
    body = {
        "amount": 20_000,
        "currency": "EUR",
        "reference": "order-77",
        "customer_id": "customer-1",
        "payment_method": token,
    }
    forwarded = {"X-Customer-Authorization": mfa_headers["Authorization"]}
    ok = await payments.client.post(
        "/payments", json=body, headers={**service_headers, **forwarded, "Idempotency-Key": "k1"}
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["customer_id"] == "customer-1"

    someone_else = signing_key.mint(
        "customer-2", roles=["customer"], amr=["mfa"], auth_time=int(time.time())
    )
    mismatch = await payments.client.post(
        "/payments",
        json=body,
        headers={
            **service_headers,
            "X-Customer-Authorization": f"Bearer {someone_else}",
            "Idempotency-Key": "k2",
        },
    )
    assert mismatch.json()["type"] == f"{PROBLEMS}customer-token-mismatch"
    missing_customer = await payments.pay(service_headers, amount=100)
    assert missing_customer.json()["type"] == f"{PROBLEMS}customer-required"
    # A customer cannot pay in someone else's name.
    spoof = await payments.pay(customer_headers, amount=100, customer_id="customer-2")
    assert spoof.status_code == 403


async def test_sca_card_needs_action_then_confirms_after_step_up(
    payments: PaymentsUnderTest, customer_headers: dict[str, str], mfa_headers: dict[str, str]
) -> None:
    created = await payments.pay(customer_headers, number=SCA, amount=1500)
    assert created.status_code == 201, created.text
    payment = created.json()
    assert payment["status"] == "requires_action"
    assert payment["next_action"]["type"] == "step_up"
    confirm = f"/payments/{payment['id']}/confirm"
    refused = await payments.client.post(confirm, headers=customer_headers)
    assert refused.status_code == 403
    assert refused.json()["type"] == f"{PROBLEMS}step-up-required"
    confirmed = await payments.client.post(confirm, headers=mfa_headers)
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "succeeded"
    assert confirmed.json()["next_action"] is None
    again = await payments.client.post(confirm, headers=mfa_headers)
    assert again.json()["status"] == "succeeded"
    assert await payments.events("succeeded") == 1


async def test_a_payment_created_unconfirmed_is_charged_on_confirm(
    payments: PaymentsUnderTest, customer_headers: dict[str, str]
) -> None:
    created = (await payments.pay(customer_headers, confirm=False)).json()
    assert created["status"] == "created"
    confirmed = await payments.client.post(
        f"/payments/{created['id']}/confirm", headers=customer_headers
    )
    assert confirmed.json()["status"] == "succeeded"


async def test_cancel_and_the_moves_it_forbids(
    payments: PaymentsUnderTest, customer_headers: dict[str, str], mfa_headers: dict[str, str]
) -> None:
    pending = (await payments.pay(customer_headers, number=SCA)).json()
    cancelled = await payments.client.post(
        f"/payments/{pending['id']}/cancel", headers=customer_headers
    )
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "cancelled"
    confirm = await payments.client.post(f"/payments/{pending['id']}/confirm", headers=mfa_headers)
    assert confirm.status_code == 409
    assert confirm.json()["type"] == f"{PROBLEMS}illegal-payment-transition"

    paid = (await payments.pay(customer_headers)).json()
    refused = await payments.client.post(f"/payments/{paid['id']}/cancel", headers=customer_headers)
    assert refused.status_code == 409
    assert refused.json()["type"] == f"{PROBLEMS}illegal-payment-transition"


async def test_refunds_partial_then_full_and_never_more_than_captured(
    payments: PaymentsUnderTest, customer_headers: dict[str, str], service_headers: dict[str, str]
) -> None:
    paid = (await payments.pay(customer_headers, amount=3000)).json()
    refunds = f"/payments/{paid['id']}/refunds"

    async def refund(amount: int | None, key: str) -> Any:
        body = {} if amount is None else {"amount": amount}
        return await payments.client.post(
            refunds, json=body, headers={**service_headers, "Idempotency-Key": key}
        )

    too_much = await refund(3001, "r0")
    assert too_much.status_code == 422
    assert too_much.json()["type"] == f"{PROBLEMS}refund-exceeds-captured"
    partial = await refund(1000, "r1")
    assert partial.status_code == 201, partial.text
    assert partial.json()["status"] == "partially_refunded"
    assert partial.json()["refunded"]["amount"] == 1000
    replay = await refund(1000, "r1")
    assert replay.json() == partial.json()
    assert replay.headers["idempotent-replayed"] == "true"
    over = await refund(2001, "r2")
    assert over.json()["type"] == f"{PROBLEMS}refund-exceeds-captured"
    rest = await refund(None, "r3")
    assert rest.json()["status"] == "refunded"
    assert rest.json()["refunded"]["amount"] == 3000
    assert len(rest.json()["refunds"]) == 2
    after = await refund(1, "r4")
    assert after.status_code == 409
    assert await payments.events("refunded") == 2
    # Customers do not refund themselves.
    forbidden = await payments.client.post(
        refunds, json={}, headers={**customer_headers, "Idempotency-Key": "r5"}
    )
    assert forbidden.status_code == 403


async def test_a_failed_payment_cannot_be_refunded(
    payments: PaymentsUnderTest, customer_headers: dict[str, str], service_headers: dict[str, str]
) -> None:
    failed = (await payments.pay(customer_headers, number="4000000000009995")).json()
    response = await payments.client.post(
        f"/payments/{failed['payment_id']}/refunds",
        json={},
        headers={**service_headers, "Idempotency-Key": "x"},
    )
    assert response.status_code == 409
    assert response.json()["type"] == f"{PROBLEMS}illegal-payment-transition"


async def test_bad_requests_are_problems_and_card_numbers_are_refused(
    payments: PaymentsUnderTest, customer_headers: dict[str, str]
) -> None:
    base = {"amount": 100, "currency": "EUR", "reference": "o-1"}
    no_key = await payments.client.post("/payments", json=base, headers=customer_headers)
    assert no_key.status_code == 422
    keyed = {**customer_headers, "Idempotency-Key": "k"}
    for body in (
        {**base, "payment_method": "4242424242424242"},
        {**base, "card_number": "4242424242424242"},
        {**base, "metadata": {"note": "card 4242 4242 4242 4242"}},
        {**base, "amount": -5},
        {**base, "currency": "euro"},
    ):
        response = await payments.client.post("/payments", json=body, headers=keyed)
        assert response.status_code == 422, body
        assert "4242424242424242" not in response.text
    bad_card = await payments.client.post(
        "/payment-methods",
        headers=customer_headers,
        json={"number": "4242424242424241", "exp_month": 1, "exp_year": 2034, "cvc": "123"},
    )
    assert bad_card.json()["type"] == f"{PROBLEMS}invalid-card"
    forged_token = await payments.client.post(
        "/payments", json={**base, "payment_method": "tok_sbx_abc.def"}, headers=keyed
    )
    assert forged_token.json()["type"] == f"{PROBLEMS}unknown-payment-method"
