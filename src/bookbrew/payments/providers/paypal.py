"""PayPal Orders v2 over HTTP (httpx), with OAuth 2.0 client credentials, PayPal request
ids for idempotency, and webhooks verified by PayPal's verify-webhook-signature call.
Tested against a local server answering as PayPal's REST reference shows; live
credentials were not exercised.

A PayPal order needs the buyer's approval on PayPal: a new order is `requires_action`
with the approval link as its next action, and confirming it captures it. An order that
was never captured cannot be cancelled at PayPal; it expires there on its own."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Mapping
from typing import Any

import httpx

from bookbrew.payments.providers.base import (
    ChargeRequest,
    ProviderError,
    ProviderOutcome,
    RefundOutcome,
    WebhookNotice,
    WebhookRejected,
)

ZERO_DECIMAL = frozenset({"JPY", "HUF", "TWD", "KRW", "CLP", "ISK", "VND"})
_ORDER_STATUSES = {
    "CREATED": "requires_action",
    "SAVED": "requires_action",
    "PAYER_ACTION_REQUIRED": "requires_action",
    "APPROVED": "requires_action",
    "COMPLETED": "succeeded",
    "VOIDED": "cancelled",
}
_ISSUES = {
    "INSTRUMENT_DECLINED": "generic",
    "TRANSACTION_REFUSED": "generic",
    "PAYER_CANNOT_PAY": "insufficient-funds",
    "CARD_EXPIRED": "expired-card",
}


def to_decimal(amount: int, currency: str) -> str:
    if currency.upper() in ZERO_DECIMAL:
        return str(amount)
    return f"{amount // 100}.{amount % 100:02d}"


def to_minor(value: str, currency: str) -> int:
    if currency.upper() in ZERO_DECIMAL:
        return int(value)
    whole, _, cents = value.partition(".")
    return int(whole) * 100 + int((cents + "00")[:2])


class PayPalProvider:
    name = "paypal"

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        webhook_id: str,
        api_base: str = "https://api-m.sandbox.paypal.com",
        return_url: str = "http://localhost:8000/checkout/return",
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._client_id = client_id
        self._client_secret = client_secret
        self._webhook_id = webhook_id
        self._return_url = return_url
        self._http = httpx.AsyncClient(base_url=api_base, timeout=20, transport=transport)
        self._token: str | None = None
        self._token_expires = 0.0
        self._lock = asyncio.Lock()

    async def _access_token(self) -> str:
        async with self._lock:
            if self._token is None or time.monotonic() >= self._token_expires:
                response = await self._http.post(
                    "/v1/oauth2/token",
                    auth=(self._client_id, self._client_secret),
                    data={"grant_type": "client_credentials"},
                    headers={"Accept": "application/json"},
                )
                if response.status_code != 200:
                    raise ProviderError(f"PayPal refused our credentials ({response.status_code})")
                body = response.json()
                self._token = str(body["access_token"])
                self._token_expires = time.monotonic() + int(body.get("expires_in", 300)) - 60
            return self._token

    async def _call(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        request_id: str | None = None,
    ) -> httpx.Response:
        headers = {
            "Authorization": f"Bearer {await self._access_token()}",
            "Content-Type": "application/json",
            "Prefer": "return=representation",
        }
        if request_id:
            headers["PayPal-Request-Id"] = request_id
        try:
            response = await self._http.request(method, path, json=json_body, headers=headers)
        except httpx.HTTPError as exc:
            raise ProviderError(f"PayPal unreachable: {type(exc).__name__}") from exc
        if response.status_code == 401:
            self._token = None
        if response.status_code >= 500:
            raise ProviderError(f"PayPal failed ({response.status_code})")
        return response

    def _outcome(self, order: Mapping[str, Any]) -> ProviderOutcome:
        status = _ORDER_STATUSES.get(str(order.get("status")), "processing")
        unit = (order.get("purchase_units") or [{}])[0]
        payments = unit.get("payments") or {}
        captures = payments.get("captures") or []
        capture = captures[0] if captures else None
        failure = None
        if capture is not None and capture.get("status") == "DECLINED":
            status, failure = "failed", "generic"
        elif capture is not None and capture.get("status") == "PENDING":
            status = "processing"
        next_action = None
        if status == "requires_action":
            link = next(
                (
                    item["href"]
                    for item in order.get("links") or []
                    if item.get("rel") in ("payer-action", "approve")
                ),
                None,
            )
            next_action = {"type": "redirect", "url": link}
        amount = unit.get("amount") or {}
        currency = str(amount.get("currency_code") or "") or None
        refunded = sum(
            to_minor(refund["amount"]["value"], refund["amount"]["currency_code"])
            for refund in payments.get("refunds") or []
            if refund.get("status") == "COMPLETED"
        )
        return ProviderOutcome(
            provider_ref=str(order["id"]),
            status=status,
            charge_ref=capture.get("id") if capture else None,
            failure_code=failure,
            next_action=next_action,
            amount=to_minor(amount["value"], currency) if currency and "value" in amount else None,
            currency=currency,
            amount_refunded=refunded,
        )

    async def charge(self, request: ChargeRequest) -> ProviderOutcome:
        body = {
            "intent": "CAPTURE",
            "purchase_units": [
                {
                    "reference_id": request.reference[:256],
                    "custom_id": request.payment_id,
                    "amount": {
                        "currency_code": request.currency.upper(),
                        "value": to_decimal(request.amount, request.currency),
                    },
                }
            ],
            "payment_source": {
                "paypal": {
                    "experience_context": {
                        "return_url": request.return_url,
                        "cancel_url": request.return_url,
                        "user_action": "PAY_NOW",
                    }
                }
            },
        }
        response = await self._call(
            "POST", "/v2/checkout/orders", json_body=body, request_id=request.idempotency_key
        )
        if response.status_code not in (200, 201):
            raise ProviderError(f"PayPal refused the order ({response.status_code})")
        return self._outcome(response.json())

    async def confirm(
        self, provider_ref: str, *, strong_auth: bool, idempotency_key: str
    ) -> ProviderOutcome:
        response = await self._call(
            "POST",
            f"/v2/checkout/orders/{provider_ref}/capture",
            json_body={},
            request_id=idempotency_key,
        )
        if response.status_code in (200, 201):
            return self._outcome(response.json())
        if response.status_code == 422:
            issue = ((response.json().get("details") or [{}])[0]).get("issue", "")
            if issue in ("ORDER_NOT_APPROVED", "PAYER_ACTION_REQUIRED"):
                order = await self.fetch(provider_ref)
                if order is not None:
                    return order
            if issue in _ISSUES:
                return ProviderOutcome(
                    provider_ref=provider_ref,
                    status="failed",
                    failure_code=_ISSUES[issue],
                    failure_message=f"PayPal: {issue}",
                )
        raise ProviderError(f"PayPal refused the capture ({response.status_code})")

    async def cancel(self, provider_ref: str, *, idempotency_key: str) -> ProviderOutcome:
        # Orders v2 has no cancel: an uncaptured order just expires at PayPal.
        return ProviderOutcome(provider_ref=provider_ref, status="cancelled")

    async def refund(
        self,
        provider_ref: str,
        charge_ref: str | None,
        amount: int,
        currency: str,
        *,
        idempotency_key: str,
    ) -> RefundOutcome:
        if not charge_ref:
            raise ProviderError("no PayPal capture to refund")
        response = await self._call(
            "POST",
            f"/v2/payments/captures/{charge_ref}/refund",
            json_body={
                "amount": {"value": to_decimal(amount, currency), "currency_code": currency}
            },
            request_id=idempotency_key,
        )
        if response.status_code not in (200, 201):
            raise ProviderError(f"PayPal refused the refund ({response.status_code})")
        body = response.json()
        status = {"COMPLETED": "succeeded", "PENDING": "pending"}.get(body.get("status"), "failed")
        return RefundOutcome(provider_ref=str(body["id"]), status=status)

    async def fetch(self, provider_ref: str) -> ProviderOutcome | None:
        response = await self._call("GET", f"/v2/checkout/orders/{provider_ref}")
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ProviderError(f"PayPal refused the lookup ({response.status_code})")
        return self._outcome(response.json())

    async def parse_webhook(self, body: bytes, headers: Mapping[str, str]) -> WebhookNotice:
        try:
            event = json.loads(body)
        except ValueError as exc:
            raise WebhookRejected("the webhook body is not JSON") from exc
        names = (
            "auth-algo",
            "cert-url",
            "transmission-id",
            "transmission-sig",
            "transmission-time",
        )
        values = {name: headers.get(f"paypal-{name}") for name in names}
        if not all(values.values()) or not isinstance(event, dict):
            raise WebhookRejected("PayPal signature headers are missing")
        response = await self._call(
            "POST",
            "/v1/notifications/verify-webhook-signature",
            json_body={
                "auth_algo": values["auth-algo"],
                "cert_url": values["cert-url"],
                "transmission_id": values["transmission-id"],
                "transmission_sig": values["transmission-sig"],
                "transmission_time": values["transmission-time"],
                "webhook_id": self._webhook_id,
                "webhook_event": event,
            },
        )
        if response.status_code != 200 or response.json().get("verification_status") != "SUCCESS":
            raise WebhookRejected("PayPal did not verify the webhook signature")
        kind = str(event.get("event_type"))
        resource = event.get("resource") or {}
        related = (resource.get("supplementary_data") or {}).get("related_ids") or {}
        order_id = related.get("order_id")
        status = None
        if kind == "PAYMENT.CAPTURE.COMPLETED":
            status = "succeeded"
        elif kind in ("PAYMENT.CAPTURE.DENIED", "PAYMENT.CAPTURE.DECLINED"):
            status = "failed"
        elif kind == "CHECKOUT.ORDER.VOIDED":
            status, order_id = "cancelled", resource.get("id")
        elif kind == "CHECKOUT.ORDER.APPROVED":
            order_id = resource.get("id")
        return WebhookNotice(
            event_id=str(event.get("id")),
            type=kind,
            provider_ref=order_id,
            status=status,
            failure_code="generic" if status == "failed" else None,
        )

    async def close(self) -> None:
        await self._http.aclose()
