"""Twilio (official SDK), Expo push and Web Push against a local HTTP server that answers
as their documentation shows and records what it was sent."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from bookbrew.contracts import orders
from bookbrew.notifications.settings import NotificationsSettings
from tests.notifications.conftest import order_event, registered, running
from tests.notifications.providers import ACCOUNT_SID, EXPO_PATH, GONE_TOKEN, Providers, serving
from tests.support import TcpProxy, eventually


@pytest.fixture
def providers() -> Iterator[Providers]:
    with serving() as server:
        yield server


def browser_subscription(endpoint: str) -> tuple[dict[str, Any], ec.EllipticCurvePrivateKey, bytes]:
    """What a browser's PushSubscription.toJSON() holds, with the keys to read it."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    auth = os.urandom(16)

    def b64(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    body = {
        "kind": "webpush",
        "endpoint": endpoint,
        "keys": {"p256dh": b64(public), "auth": b64(auth)},
    }
    return body, private, auth


@pytest.fixture
def provider_settings(
    settings_factory: Callable[..., NotificationsSettings],
    providers: Providers,
    smtp_proxy: TcpProxy,
) -> NotificationsSettings:
    return settings_factory(
        smtp_port=smtp_proxy.port,
        sms_provider="twilio",
        twilio_account_sid=ACCOUNT_SID,
        twilio_auth_token="twilio-test-token",
        twilio_from="+15017122661",
        twilio_api_base=providers.url,
        expo_enabled=True,
        expo_push_url=providers.url + EXPO_PATH,
        webpush_enabled=True,
    )


async def test_order_news_goes_by_sms_and_to_every_registered_device(
    provider_settings: NotificationsSettings,
    providers: Providers,
    customer_headers: dict[str, str],
) -> None:
    async with running(provider_settings) as app:
        await app.publish(registered("customer-1"))
        changed = await app.client.patch(
            "/me/preferences",
            json={"phone": "+5511987654321", "sms": {"transactional": True}},
            headers=customer_headers,
        )
        assert changed.status_code == 200, changed.text
        assert changed.json()["sms"] == {"transactional": True, "marketing": False}

        expo = await app.client.post(
            "/me/push-subscriptions",
            json={
                "kind": "expo",
                "token": "ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx]",
                "label": "Ana's phone",
            },
            headers=customer_headers,
        )
        browser, private_key, auth = browser_subscription(f"{providers.url}/wpush/abc")
        web = await app.client.post(
            "/me/push-subscriptions", json=browser, headers=customer_headers
        )
        assert (expo.status_code, web.status_code) == (201, 201), web.text
        vapid = await app.client.get("/push/vapid-public-key")
        assert vapid.status_code == 200 and len(vapid.json()["public_key"]) == 87

        shipped = order_event("customer-1", orders.ORDER_SHIPPED)
        await app.publish(shipped)
        rows = await app.settled(event_id=shipped.id)

    assert sorted((r.channel, r.status) for r in rows) == [
        ("email", "sent"),
        ("push", "sent"),
        ("push", "sent"),
        ("sms", "sent"),
    ], [r.last_error for r in rows]
    number = shipped.data["order_id"].replace("-", "")[:8].upper()

    [sms] = providers.to("/2010-04-01/")
    form = {k: v[0] for k, v in parse_qs(sms.body.decode()).items()}
    assert form == {
        "To": "+5511987654321",
        "From": "+15017122661",
        "Body": f"BookBrew: order {number} has shipped.",
    }
    assert sms.headers["authorization"].startswith("Basic ")
    assert next(r for r in rows if r.channel == "sms").provider_message_id.startswith("SM")  # type: ignore[union-attr]

    [expo_request] = providers.to(EXPO_PATH)
    sent = json.loads(expo_request.body)
    assert sent["to"] == "ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx]"
    assert (sent["title"], sent["body"]) == ("Order shipped", f"Order {number} is on its way.")
    assert sent["data"]["url"].endswith(shipped.data["order_id"])

    [push] = providers.to("/wpush/")
    assert push.headers["content-encoding"] == "aes128gcm"
    assert push.headers["authorization"].startswith("vapid t=")
    plain = http_ece.decrypt(
        push.body, private_key=private_key, auth_secret=auth, version="aes128gcm"
    )
    assert json.loads(plain)["title"] == "Order shipped"


async def test_a_device_the_push_service_forgot_is_dropped(
    provider_settings: NotificationsSettings,
    providers: Providers,
    customer_headers: dict[str, str],
) -> None:
    async with running(provider_settings) as app:
        await app.publish(registered("customer-1"))
        for body in (
            {"kind": "expo", "token": GONE_TOKEN},
            browser_subscription(f"{providers.url}/wpush/gone")[0],
        ):
            created = await app.client.post(
                "/me/push-subscriptions", json=body, headers=customer_headers
            )
            assert created.status_code == 201
        delivered = order_event("customer-1", orders.ORDER_DELIVERED)
        await app.publish(delivered)
        rows = await app.settled(event_id=delivered.id, channel="push")
        assert [(r.status, r.attempts) for r in rows] == [("dead", 1), ("dead", 1)]
        assert any("DeviceNotRegistered" in (r.last_error or "") for r in rows)
        assert any("410" in (r.last_error or "") for r in rows)
        left = await app.client.get("/me/push-subscriptions", headers=customer_headers)
        assert left.json() == []
        # No SMS went out: the customer never asked for it.
        assert await app.deliveries(event_id=delivered.id, channel="sms") == []
    assert await eventually(lambda: len(providers.to("/wpush/")) == 1)
