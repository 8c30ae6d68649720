"""Stripe through its official SDK: PaymentIntents (created and confirmed in one call,
with Stripe idempotency keys), refunds, and webhooks verified by
`stripe.Webhook.construct_event`. Tested against a local server answering as Stripe's
API reference shows; live credentials were not exercised."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import stripe

from bookbrew.payments.providers.base import (
    CardDetails,
    ChargeRequest,
    ProviderError,
    ProviderOutcome,
    RefundOutcome,
    UnknownPaymentMethod,
    WebhookNotice,
    WebhookRejected,
)

# Stripe's decline_code / code → our failure codes.
_FAILURES = {
    "insufficient_funds": "insufficient-funds",
    "stolen_card": "stolen-card",
    "lost_card": "stolen-card",
    "expired_card": "expired-card",
    "incorrect_cvc": "incorrect-cvc",
    "processing_error": "processing-error",
    "authentication_required": "authentication-failed",
    "payment_intent_authentication_failure": "authentication-failed",
}
_STATUSES = {
    "requires_payment_method": "failed",  # after a failed attempt
    "requires_confirmation": "created",
    "requires_action": "requires_action",
    "processing": "processing",
    "requires_capture": "processing",
    "succeeded": "succeeded",
    "canceled": "cancelled",
}


def _failure(error: Mapping[str, Any] | None) -> str | None:
    if not error:
        return None
    for field in ("decline_code", "code"):
        code = error.get(field)
        if code in _FAILURES:
            return _FAILURES[str(code)]
    return "generic"


def _get(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


class StripeProvider:
    name = "stripe"

    def __init__(
        self,
        *,
        api_key: str,
        webhook_secret: str,
        api_base: str = "https://api.stripe.com",
        max_network_retries: int = 2,
        return_url: str = "http://localhost:8000/checkout/return",
    ) -> None:
        self._return_url = return_url
        self._http = stripe.HTTPXClient()
        self._client = stripe.StripeClient(
            api_key,
            base_addresses={"api": api_base},
            http_client=self._http,
            max_network_retries=max_network_retries,
        )
        self._webhook_secret = webhook_secret

    def _outcome(self, intent: Any) -> ProviderOutcome:
        raw_status = str(_get(intent, "status"))
        error = _get(intent, "last_payment_error")
        status = _STATUSES.get(raw_status, "processing")
        if raw_status == "requires_payment_method" and not error:
            status = "created"  # never attempted yet
        next_action = None
        if status == "requires_action":
            next_action = {
                "type": "three_d_secure",
                "client_secret": _get(intent, "client_secret"),
            }
        charge = _get(intent, "latest_charge")
        charge_ref = charge if isinstance(charge, str) else _get(charge, "id")
        card = None
        details = _get(_get(charge, "payment_method_details"), "card")
        if details is not None:
            card = CardDetails(str(_get(details, "brand")), str(_get(details, "last4")))
        return ProviderOutcome(
            provider_ref=str(_get(intent, "id")),
            status=status,
            charge_ref=charge_ref,
            failure_code=_failure(error) if status == "failed" else None,
            failure_message=_get(error, "message") if status == "failed" else None,
            next_action=next_action,
            card=card,
            amount=_get(intent, "amount"),
            currency=str(_get(intent, "currency") or "").upper() or None,
            amount_refunded=int(_get(charge, "amount_refunded") or 0)
            if not isinstance(charge, str)
            else 0,
        )

    def _declined(self, exc: stripe.CardError) -> ProviderOutcome:
        body = exc.json_body if isinstance(exc.json_body, dict) else {}
        error = body.get("error") or {}
        intent = error.get("payment_intent") or {}
        if not intent.get("id"):
            raise ProviderError(f"Stripe declined without a PaymentIntent: {exc.code}") from exc
        return ProviderOutcome(
            provider_ref=str(intent["id"]),
            status="failed",
            charge_ref=error.get("charge"),
            failure_code=_failure(error),
            failure_message=error.get("message"),
            amount=intent.get("amount"),
            currency=str(intent.get("currency") or "").upper() or None,
        )

    async def charge(self, request: ChargeRequest) -> ProviderOutcome:
        params: dict[str, Any] = {
            "amount": request.amount,
            "currency": request.currency.lower(),
            "payment_method_types": ["card"],
            "confirm": request.confirm and request.payment_method is not None,
            "metadata": {"payment_id": request.payment_id, "reference": request.reference},
        }
        if request.payment_method:
            params["payment_method"] = request.payment_method
        if params["confirm"]:
            params["return_url"] = request.return_url
        try:
            intent = await self._client.v1.payment_intents.create_async(
                params,  # type: ignore[arg-type]
                {"idempotency_key": request.idempotency_key},
            )
        except stripe.CardError as exc:
            return self._declined(exc)
        except stripe.InvalidRequestError as exc:
            if exc.param == "payment_method" or exc.code == "resource_missing":
                raise UnknownPaymentMethod(str(exc.user_message or exc)) from exc
            raise ProviderError(f"Stripe refused the request: {exc.code}") from exc
        except stripe.StripeError as exc:
            raise ProviderError(f"Stripe failed: {type(exc).__name__}") from exc
        return self._outcome(intent)

    async def confirm(
        self, provider_ref: str, *, strong_auth: bool, idempotency_key: str
    ) -> ProviderOutcome:
        """After 3-D Secure (done in the browser with Stripe.js) the intent has moved on;
        an intent never confirmed is confirmed now."""
        try:
            intent = await self._client.v1.payment_intents.retrieve_async(provider_ref)
            if intent.status == "requires_confirmation":
                intent = await self._client.v1.payment_intents.confirm_async(
                    provider_ref,
                    {"return_url": self._return_url},
                    {"idempotency_key": idempotency_key},
                )
        except stripe.CardError as exc:
            return self._declined(exc)
        except stripe.StripeError as exc:
            raise ProviderError(f"Stripe failed: {type(exc).__name__}") from exc
        return self._outcome(intent)

    async def cancel(self, provider_ref: str, *, idempotency_key: str) -> ProviderOutcome:
        try:
            intent = await self._client.v1.payment_intents.cancel_async(
                provider_ref, None, {"idempotency_key": idempotency_key}
            )
        except stripe.StripeError as exc:
            raise ProviderError(f"Stripe failed: {type(exc).__name__}") from exc
        return self._outcome(intent)

    async def refund(
        self,
        provider_ref: str,
        charge_ref: str | None,
        amount: int,
        currency: str,
        *,
        idempotency_key: str,
    ) -> RefundOutcome:
        try:
            refund = await self._client.v1.refunds.create_async(
                {"payment_intent": provider_ref, "amount": amount},
                {"idempotency_key": idempotency_key},
            )
        except stripe.StripeError as exc:
            raise ProviderError(f"Stripe refused the refund: {type(exc).__name__}") from exc
        status = {"succeeded": "succeeded", "pending": "pending"}.get(str(refund.status), "failed")
        return RefundOutcome(provider_ref=str(refund.id), status=status)

    async def fetch(self, provider_ref: str) -> ProviderOutcome | None:
        try:
            intent = await self._client.v1.payment_intents.retrieve_async(
                provider_ref, {"expand": ["latest_charge"]}
            )
        except stripe.InvalidRequestError as exc:
            if exc.http_status == 404:
                return None
            raise ProviderError(f"Stripe failed: {exc.code}") from exc
        except stripe.StripeError as exc:
            raise ProviderError(f"Stripe failed: {type(exc).__name__}") from exc
        return self._outcome(intent)

    async def parse_webhook(self, body: bytes, headers: Mapping[str, str]) -> WebhookNotice:
        try:
            event = stripe.Webhook.construct_event(
                body.decode("utf-8"), headers.get("stripe-signature"), self._webhook_secret
            )
        except (stripe.SignatureVerificationError, ValueError, UnicodeDecodeError) as exc:
            raise WebhookRejected(str(exc)) from exc
        obj = event.data.object
        kind = str(event.type)
        notice = WebhookNotice(event_id=str(event.id), type=kind, provider_ref=None)
        if kind.startswith("payment_intent."):
            outcome = self._outcome(obj)
            return WebhookNotice(
                event_id=notice.event_id,
                type=kind,
                provider_ref=outcome.provider_ref,
                status=outcome.status,
                failure_code=outcome.failure_code,
                failure_message=outcome.failure_message,
            )
        if kind == "charge.refunded":
            return WebhookNotice(
                event_id=notice.event_id,
                type=kind,
                provider_ref=_get(obj, "payment_intent"),
                amount_refunded=int(_get(obj, "amount_refunded") or 0),
            )
        return notice

    async def close(self) -> None:
        await self._http.close_async()  # type: ignore[no-untyped-call]
