"""The PayPal adapter (Orders v2 over httpx, OAuth client credentials, webhook
verification by PayPal's API) against a local server answering as PayPal's REST
reference shows; the requests it sends are asserted. Live credentials were not
exercised."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from bookbrew.payments.providers.paypal import to_decimal, to_minor
from tests.payments.conftest import PaymentsUnderTest
from tests.payments.fakes import GOOD_SIGNATURE, PAYPAL_TOKEN, RecordingServer, fake_paypal
from tests.support import eventually

CLIENT_ID, SECRET, WEBHOOK_ID = "bookbrew-client", "bookbrew-secret", "WH-7Y7254563A4550640"
PROBLEMS = "https://bookbrew.dev/problems/"


@pytest.fixture
def paypal_api() -> Iterator[tuple[RecordingServer, dict[str, Any]]]:
    server, orders = fake_paypal(CLIENT_ID, SECRET)
    with server:
        yield server, orders


@pytest.fixture
async def on_paypal(
    make_payments: Callable[..., Any], paypal_api: tuple[RecordingServer, Any]
) -> AsyncIterator[PaymentsUnderTest]:
    async with make_payments(
        provider="paypal",
        paypal_client_id=CLIENT_ID,
        paypal_client_secret=SECRET,
        paypal_webhook_id=WEBHOOK_ID,
        paypal_api_base=paypal_api[0].url,
    ) as payments:
        yield payments


def webhook_headers(signature: str) -> dict[str, str]:
    return {
        "PAYPAL-AUTH-ALGO": "SHA256withRSA",
        "PAYPAL-CERT-URL": "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42",
        "PAYPAL-TRANSMISSION-ID": "69cd13f0-d67a-11e5-baa3-778b53f4ae55",
        "PAYPAL-TRANSMISSION-SIG": signature,
        "PAYPAL-TRANSMISSION-TIME": "2016-02-18T20:01:35Z",
        "content-type": "application/json",
    }


def test_amounts_convert_between_minor_units_and_paypal_decimals() -> None:
    assert to_decimal(2505, "EUR") == "25.05"
    assert to_decimal(7, "USD") == "0.07"
    assert to_decimal(1200, "JPY") == "1200"
    assert to_minor("25.05", "EUR") == 2505
    assert to_minor("25.5", "EUR") == 2550
    assert to_minor("1200", "JPY") == 1200


async def test_an_order_is_approved_captured_refunded_and_reconciled(
    on_paypal: PaymentsUnderTest,
    paypal_api: tuple[RecordingServer, dict[str, Any]],
    customer_headers: dict[str, str],
    service_headers: dict[str, str],
) -> None:
    server, orders = paypal_api
    body = {"amount": 2505, "currency": "EUR", "reference": "order-p1"}
    created = await on_paypal.client.post(
        "/payments", json=body, headers={**customer_headers, "Idempotency-Key": "pp-1"}
    )
    assert created.status_code == 201, created.text
    payment = created.json()
    assert payment["status"] == "requires_action"
    assert payment["next_action"]["type"] == "redirect"
    assert "checkoutnow?token=" in payment["next_action"]["url"]

    [token_call] = server.calls("POST", "/v1/oauth2/token")
    assert token_call.form == {"grant_type": "client_credentials"}
    assert token_call.headers["authorization"].startswith("Basic ")
    [order_call] = server.calls("POST", "/v2/checkout/orders")
    assert order_call.headers["authorization"] == f"Bearer {PAYPAL_TOKEN}"
    assert order_call.headers["paypal-request-id"].startswith("bookbrew-")
    sent = order_call.json
    assert sent["intent"] == "CAPTURE"
    unit = sent["purchase_units"][0]
    assert unit["amount"] == {"currency_code": "EUR", "value": "25.05"}
    assert unit["reference_id"] == "order-p1"
    assert unit["custom_id"] == payment["id"]

    confirm = f"/payments/{payment['id']}/confirm"
    not_yet = await on_paypal.client.post(confirm, headers=customer_headers)
    assert not_yet.json()["status"] == "requires_action"  # the buyer has not approved
    [order] = orders.values()
    order["status"] = "APPROVED"  # the buyer approves on PayPal
    captured = await on_paypal.client.post(confirm, headers=customer_headers)
    assert captured.json()["status"] == "succeeded", captured.text
    capture_calls = server.calls("POST", f"/v2/checkout/orders/{order['id']}/capture")
    assert len(capture_calls) == 2
    assert all("paypal-request-id" in call.headers for call in capture_calls)

    refunded = await on_paypal.client.post(
        f"/payments/{payment['id']}/refunds",
        json={"amount": 505},
        headers={**service_headers, "Idempotency-Key": "pp-r1"},
    )
    assert refunded.status_code == 201, refunded.text
    capture_id = order["purchase_units"][0]["payments"]["captures"][0]["id"]
    [refund_call] = server.calls("POST", f"/v2/payments/captures/{capture_id}/refund")
    assert refund_call.json == {"amount": {"value": "5.05", "currency_code": "EUR"}}
    assert len(server.calls("POST", "/v1/oauth2/token")) == 1  # the token is reused

    from bookbrew.payments.reconcile import reconcile

    report = await reconcile(on_paypal.db, on_paypal.provider)
    assert report.clean, report.to_text()
    order["status"] = "VOIDED"
    report = await reconcile(on_paypal.db, on_paypal.provider)
    assert [m.field for m in report.mismatches] == ["status"]


async def test_paypal_webhooks_are_verified_by_paypal_and_processed_once(
    on_paypal: PaymentsUnderTest,
    paypal_api: tuple[RecordingServer, dict[str, Any]],
    customer_headers: dict[str, str],
) -> None:
    server, orders = paypal_api
    created = await on_paypal.client.post(
        "/payments",
        json={"amount": 1000, "currency": "EUR", "reference": "order-p2"},
        headers={**customer_headers, "Idempotency-Key": "pp-2"},
    )
    [order] = orders.values()
    event = json.dumps(
        {
            "id": "WH-58D329510W468432D-8HN650336L201105X",
            "event_type": "PAYMENT.CAPTURE.COMPLETED",
            "resource_type": "capture",
            "resource": {
                "id": "42311647XV020574X",
                "status": "COMPLETED",
                "supplementary_data": {"related_ids": {"order_id": order["id"]}},
            },
        }
    ).encode()
    forged = await on_paypal.client.post(
        "/webhooks/paypal", content=event, headers=webhook_headers("forged")
    )
    assert forged.status_code == 400
    missing = await on_paypal.client.post("/webhooks/paypal", content=event)
    assert missing.status_code == 400
    first = await on_paypal.client.post(
        "/webhooks/paypal", content=event, headers=webhook_headers(GOOD_SIGNATURE)
    )
    replay = await on_paypal.client.post(
        "/webhooks/paypal", content=event, headers=webhook_headers(GOOD_SIGNATURE)
    )
    assert first.json() == {"received": True, "duplicate": False}
    assert replay.json() == {"received": True, "duplicate": True}
    verify = server.calls("POST", "/v1/notifications/verify-webhook-signature")[-1].json
    assert verify["webhook_id"] == WEBHOOK_ID
    assert verify["transmission_sig"] == GOOD_SIGNATURE
    assert verify["auth_algo"] == "SHA256withRSA"
    assert verify["webhook_event"]["id"] == "WH-58D329510W468432D-8HN650336L201105X"

    async def succeeded() -> bool:
        got = await on_paypal.client.get(
            f"/payments/{created.json()['id']}", headers=customer_headers
        )
        return bool(got.json()["status"] == "succeeded")

    await eventually(succeeded)
    assert await on_paypal.events("succeeded") == 1
