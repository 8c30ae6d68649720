"""The Stripe adapter through the official SDK against a local server answering as
Stripe's API reference shows; the requests it sends are asserted. Live credentials
were not exercised."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from bookbrew.payments.providers.base import ChargeRequest
from bookbrew.payments.providers.stripe import StripeProvider
from tests.payments.conftest import PaymentsUnderTest
from tests.payments.fakes import RecordingServer, fake_stripe
from tests.support import eventually

API_KEY = "sk_test_bookbrew"
WEBHOOK_SECRET = "whsec_test_bookbrew"
PROBLEMS = "https://bookbrew.dev/problems/"
# The SDK hands httpx its form body as bytes; httpx prefers `content=`. Not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:Use .content=:DeprecationWarning")


@pytest.fixture
def stripe_api() -> Iterator[tuple[RecordingServer, dict[str, dict[str, Any]]]]:
    server, intents = fake_stripe()
    with server:
        yield server, intents


@pytest.fixture
async def on_stripe(
    make_payments: Callable[..., Any], stripe_api: tuple[RecordingServer, Any]
) -> AsyncIterator[PaymentsUnderTest]:
    async with make_payments(
        provider="stripe",
        stripe_api_key=API_KEY,
        stripe_webhook_secret=WEBHOOK_SECRET,
        stripe_api_base=stripe_api[0].url,
        stripe_max_network_retries=0,
    ) as payments:
        yield payments


def signed(payload: bytes, *, secret: str = WEBHOOK_SECRET) -> dict[str, str]:
    """Stripe's documented scheme: v1 = HMAC-SHA256(secret, "{t}.{payload}")."""
    stamp = int(time.time())
    mac = hmac.new(secret.encode(), f"{stamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return {"Stripe-Signature": f"t={stamp},v1={mac}", "content-type": "application/json"}


async def create(
    payments: PaymentsUnderTest, headers: dict[str, str], method: str, key: str, amount: int = 2500
) -> Any:
    return await payments.client.post(
        "/payments",
        json={
            "amount": amount,
            "currency": "EUR",
            "reference": "order-s1",
            "payment_method": method,
        },
        headers={**headers, "Idempotency-Key": key},
    )


async def test_a_payment_intent_is_created_and_confirmed_with_an_idempotency_key(
    on_stripe: PaymentsUnderTest,
    stripe_api: tuple[RecordingServer, Any],
    customer_headers: dict[str, str],
) -> None:
    server, _ = stripe_api
    first = await create(on_stripe, customer_headers, "pm_card_visa", "key-1")
    again = await create(on_stripe, customer_headers, "pm_card_visa", "key-1")
    assert first.status_code == 201, first.text
    assert first.json()["status"] == "succeeded"
    assert again.json() == first.json()
    [call] = server.calls("POST", "/v1/payment_intents")
    assert call.headers["authorization"] == f"Bearer {API_KEY}"
    assert call.headers["idempotency-key"].startswith("bookbrew-")
    assert "stripe-version" in call.headers
    form = call.form
    assert form["amount"] == "2500"
    assert form["currency"] == "eur"
    assert form["confirm"] == "true"
    assert form["payment_method"] == "pm_card_visa"
    assert form["payment_method_types[0]"] == "card"
    assert form["metadata[payment_id]"] == first.json()["id"]
    assert form["metadata[reference]"] == "order-s1"
    assert await on_stripe.events("succeeded") == 1


async def test_the_sdk_sends_the_same_idempotency_key_on_a_retry(
    stripe_api: tuple[RecordingServer, Any],
) -> None:
    server, intents = stripe_api
    provider = StripeProvider(api_key=API_KEY, webhook_secret="", api_base=server.url)
    request = ChargeRequest(
        payment_id="pay_1",
        amount=999,
        currency="USD",
        reference="order-r",
        customer_id="c",
        payment_method="pm_card_visa",
        confirm=True,
        idempotency_key="bookbrew-retry",
        return_url="http://localhost/return",
        strong_auth=False,
    )
    try:
        one = await provider.charge(request)
        two = await provider.charge(request)
    finally:
        await provider.close()
    assert one.provider_ref == two.provider_ref
    assert len(intents) == 1
    keys = {c.headers["idempotency-key"] for c in server.calls("POST", "/v1/payment_intents")}
    assert keys == {"bookbrew-retry"}


@pytest.mark.parametrize(
    ("method", "code"),
    [
        ("pm_card_visa_chargeDeclinedInsufficientFunds", "insufficient-funds"),
        ("pm_card_visa_chargeDeclinedStolenCard", "stolen-card"),
        ("pm_card_chargeDeclinedExpiredCard", "expired-card"),
        ("pm_card_chargeDeclinedProcessingError", "processing-error"),
    ],
)
async def test_stripe_declines_are_402_problems(
    on_stripe: PaymentsUnderTest, customer_headers: dict[str, str], method: str, code: str
) -> None:
    response = await create(on_stripe, customer_headers, method, uuid.uuid4().hex)
    assert response.status_code == 402, response.text
    assert response.json()["type"] == f"{PROBLEMS}card-declined/{code}"


async def test_3ds_then_refund_cancel_and_reconciliation(
    on_stripe: PaymentsUnderTest,
    stripe_api: tuple[RecordingServer, Any],
    customer_headers: dict[str, str],
    service_headers: dict[str, str],
) -> None:
    server, intents = stripe_api
    pending = await create(on_stripe, customer_headers, "pm_card_authenticationRequired", "a")
    assert pending.json()["status"] == "requires_action"
    assert pending.json()["next_action"]["type"] == "three_d_secure"
    assert pending.json()["next_action"]["client_secret"].endswith(
        next(iter(intents.values()))["client_secret"][-12:]
    )
    cancelled = await on_stripe.client.post(
        f"/payments/{pending.json()['id']}/cancel", headers=customer_headers
    )
    assert cancelled.json()["status"] == "cancelled"
    assert server.calls("POST", "/v1/payment_intents/pi_")[0].path.endswith("/cancel")

    paid = (await create(on_stripe, customer_headers, "pm_card_visa", "b")).json()
    refund = await on_stripe.client.post(
        f"/payments/{paid['id']}/refunds",
        json={"amount": 500},
        headers={**service_headers, "Idempotency-Key": "refund-1"},
    )
    assert refund.status_code == 201, refund.text
    [call] = server.calls("POST", "/v1/refunds")
    assert call.form["amount"] == "500"
    assert call.form["payment_intent"] in intents
    assert call.headers["idempotency-key"].startswith("bookbrew-")

    from bookbrew.payments.reconcile import reconcile

    report = await reconcile(on_stripe.db, on_stripe.provider)
    assert report.checked == 2
    assert report.clean, report.to_text()
    fetch = server.calls("GET", "/v1/payment_intents/")[-1]
    assert fetch.query.get("expand[0]") == "latest_charge"
    intents[call.form["payment_intent"]]["_refunded"] = 900  # refunded in the dashboard
    report = await reconcile(on_stripe.db, on_stripe.provider)
    assert [(m.field, m.local, m.provider) for m in report.mismatches] == [("refunded", 500, 900)]


async def test_stripe_webhooks_are_verified_by_the_sdk_and_processed_once(
    on_stripe: PaymentsUnderTest,
    stripe_api: tuple[RecordingServer, Any],
    customer_headers: dict[str, str],
) -> None:
    _, intents = stripe_api
    pending = await create(on_stripe, customer_headers, "pm_card_authenticationRequired", "w")
    intent = next(iter(intents.values()))
    intent.update(status="succeeded", latest_charge="ch_123", next_action=None)
    body = json.dumps(
        {
            "id": "evt_1NG8Du2eZvKYlo2CUI79vXWy",
            "object": "event",
            "api_version": "2024-06-20",
            "created": int(time.time()),
            "type": "payment_intent.succeeded",
            "data": {"object": {k: v for k, v in intent.items() if not k.startswith("_")}},
        }
    ).encode()
    forged = await on_stripe.client.post(
        "/webhooks/stripe", content=body, headers=signed(body, secret="whsec_wrong")
    )
    assert forged.status_code == 400
    unsigned = await on_stripe.client.post("/webhooks/stripe", content=body)
    assert unsigned.status_code == 400
    first = await on_stripe.client.post("/webhooks/stripe", content=body, headers=signed(body))
    replay = await on_stripe.client.post("/webhooks/stripe", content=body, headers=signed(body))
    assert first.json() == {"received": True, "duplicate": False}
    assert replay.json() == {"received": True, "duplicate": True}

    async def succeeded() -> bool:
        got = await on_stripe.client.get(
            f"/payments/{pending.json()['id']}", headers=customer_headers
        )
        return bool(got.json()["status"] == "succeeded")

    await eventually(succeeded)
    assert await on_stripe.events("succeeded") == 1
