"""The built-in sandbox processor (the default): Stripe-style test cards, card
tokenization, and HMAC-signed webhooks, with no network and no credentials.

Tokens are self-contained and signed (brand, last four, expiry and how the test card
behaves), so the service keeps only the token, and no card number is kept by anyone.
The ledger of payments lives in memory: it starts empty at every start of the process.
The sandbox's stand-in for a 3-D Secure challenge is the shop's own second factor: a
payment with the SCA test card stays `requires_action` until it is confirmed with a
token carrying a recent second factor."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

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
from bookbrew.platform.scrubbing import luhn_valid, scrub_text

# Stripe's documented test numbers and what each does.
TEST_CARDS: dict[str, str] = {
    "4242424242424242": "success",
    "5555555555554444": "success",
    "4000000000000002": "generic",
    "4000000000009995": "insufficient-funds",
    "4000000000009979": "stolen-card",
    "4000000000000069": "expired-card",
    "4000000000000127": "incorrect-cvc",
    "4000000000000119": "processing-error",
    "4000002500003155": "requires-sca",
}
DECLINE_MESSAGES = {
    "generic": "Your card was declined.",
    "insufficient-funds": "Your card has insufficient funds.",
    "stolen-card": "Your card was declined.",
    "expired-card": "Your card has expired.",
    "incorrect-cvc": "Your card's security code is incorrect.",
    "processing-error": "An error occurred while processing your card. Try again in a little bit.",
}
SIGNATURE_HEADER = "sandbox-signature"
WEBHOOK_TOLERANCE_SECONDS = 300


class InvalidCard(ValueError):
    """The card details cannot be tokenized (bad number, past expiry, bad CVC)."""


@dataclass(frozen=True)
class CardToken:
    token: str
    brand: str
    last4: str
    exp_month: int
    exp_year: int


def card_brand(number: str) -> str:
    if number.startswith("4"):
        return "visa"
    if number[:2] in {"51", "52", "53", "54", "55"} or 2221 <= int(number[:4]) <= 2720:
        return "mastercard"
    if number[:2] in {"34", "37"}:
        return "amex"
    if number.startswith(("6011", "65")):
        return "discover"
    return "unknown"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class _Intent:
    ref: str
    amount: int
    currency: str
    status: str
    behaviour: str
    card: CardDetails | None
    token: str | None
    charge_ref: str | None = None
    refunded: int = 0
    failure_code: str | None = None


class SandboxProvider:
    name = "sandbox"

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._intents: dict[str, _Intent] = {}
        self._replies: dict[tuple[str, str], ProviderOutcome | RefundOutcome] = {}

    # --- tokenization -----------------------------------------------------------------

    def tokenize(self, number: str, exp_month: int, exp_year: int, cvc: str) -> CardToken:
        digits = "".join(ch for ch in number if ch.isdigit())
        if not 13 <= len(digits) <= 19 or not luhn_valid(digits):
            raise InvalidCard("The card number is not valid.")
        now = datetime.now(UTC)
        if not 1 <= exp_month <= 12 or (exp_year, exp_month) < (now.year, now.month):
            raise InvalidCard("The card's expiry date is in the past or not valid.")
        if not cvc.isdigit() or len(cvc) not in (3, 4):
            raise InvalidCard("The card's security code is not valid.")
        claims = {
            "b": card_brand(digits),
            "l": digits[-4:],
            "m": exp_month,
            "y": exp_year,
            "o": TEST_CARDS.get(digits, "success"),
        }
        token = self._token(claims)
        return CardToken(token, str(claims["b"]), digits[-4:], exp_month, exp_year)

    def _token(self, claims: dict[str, object]) -> str:
        """A signed token that never looks like a card number. Its payload and hex
        signature read as random text, and about one draw in 600 holds a Luhn-valid run
        of 13+ digits, which orders (like the log scrubbing) takes for a card number and
        refuses: such a draw is dropped for one with another nonce. The format is
        unchanged, so tokens issued before still open."""
        for _ in range(100):
            nonce = {"n": uuid.uuid4().hex[:12]}
            payload = _b64(json.dumps({**claims, **nonce}, separators=(",", ":")).encode())
            token = f"tok_sbx_{payload}.{self._sign(payload.encode())[:32]}"
            if scrub_text(token) == token:
                return token
        raise RuntimeError("no card-number-free sandbox token in 100 draws")  # pragma: no cover

    def _sign(self, data: bytes) -> str:
        return hmac.new(self._key, data, hashlib.sha256).hexdigest()

    def _open_token(self, token: str) -> tuple[CardDetails, str]:
        body = token.removeprefix("tok_sbx_")
        payload, _, signature = body.partition(".")
        if not token.startswith("tok_sbx_") or not hmac.compare_digest(
            signature, self._sign(payload.encode())[:32]
        ):
            raise UnknownPaymentMethod("not a sandbox card token")
        claims = json.loads(_unb64(payload))
        return CardDetails(str(claims["b"]), str(claims["l"])), str(claims["o"])

    # --- the port ---------------------------------------------------------------------

    def _outcome(self, intent: _Intent) -> ProviderOutcome:
        next_action = None
        if intent.status == "requires_action":
            next_action = {
                "type": "step_up",
                "detail": "Confirm with a token that carries a recent second factor.",
            }
        return ProviderOutcome(
            provider_ref=intent.ref,
            status=intent.status,
            charge_ref=intent.charge_ref,
            failure_code=intent.failure_code,
            failure_message=DECLINE_MESSAGES.get(intent.failure_code or ""),
            next_action=next_action,
            card=intent.card,
            amount=intent.amount,
            currency=intent.currency,
            amount_refunded=intent.refunded,
        )

    def _attempt(self, intent: _Intent, *, strong_auth: bool) -> None:
        behaviour = intent.behaviour
        if behaviour == "requires-sca" and intent.status != "requires_action":
            intent.status = "requires_action"  # the challenge is always asked first
        elif behaviour == "requires-sca" and not strong_auth:
            return
        elif behaviour in DECLINE_MESSAGES:
            intent.status, intent.failure_code = "failed", behaviour
        else:
            intent.status, intent.charge_ref = "succeeded", f"ch_sbx_{uuid.uuid4().hex[:20]}"

    async def charge(self, request: ChargeRequest) -> ProviderOutcome:
        cached = self._replies.get(("charge", request.idempotency_key))
        if isinstance(cached, ProviderOutcome):
            return cached
        if request.payment_method is None:
            raise UnknownPaymentMethod("the sandbox needs a card token")
        card, behaviour = self._open_token(request.payment_method)
        intent = _Intent(
            ref=f"pi_sbx_{uuid.uuid4().hex[:20]}",
            amount=request.amount,
            currency=request.currency,
            status="created",
            behaviour=behaviour,
            card=card,
            token=request.payment_method,
        )
        self._intents[intent.ref] = intent
        if request.confirm:
            self._attempt(intent, strong_auth=request.strong_auth)
        outcome = self._outcome(intent)
        self._replies[("charge", request.idempotency_key)] = outcome
        return outcome

    def _intent(self, provider_ref: str) -> _Intent:
        intent = self._intents.get(provider_ref)
        if intent is None:
            raise ProviderError(f"the sandbox has no payment {provider_ref}")
        return intent

    async def confirm(
        self, provider_ref: str, *, strong_auth: bool, idempotency_key: str
    ) -> ProviderOutcome:
        intent = self._intent(provider_ref)
        if intent.status in ("created", "requires_action"):
            self._attempt(intent, strong_auth=strong_auth)
        return self._outcome(intent)

    async def cancel(self, provider_ref: str, *, idempotency_key: str) -> ProviderOutcome:
        intent = self._intent(provider_ref)
        if intent.status in ("created", "requires_action"):
            intent.status = "cancelled"
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
        cached = self._replies.get(("refund", idempotency_key))
        if isinstance(cached, RefundOutcome):
            return cached
        intent = self._intent(provider_ref)
        if intent.status != "succeeded" or intent.refunded + amount > intent.amount:
            raise ProviderError("the sandbox refuses a refund above what was captured")
        intent.refunded += amount
        outcome = RefundOutcome(provider_ref=f"re_sbx_{uuid.uuid4().hex[:20]}", status="succeeded")
        self._replies[("refund", idempotency_key)] = outcome
        return outcome

    async def fetch(self, provider_ref: str) -> ProviderOutcome | None:
        intent = self._intents.get(provider_ref)
        return None if intent is None else self._outcome(intent)

    # --- webhooks: the sandbox signs like Stripe does (t=…,v1=HMAC-SHA256) -------------

    def sign_webhook(self, body: bytes, *, timestamp: int | None = None) -> dict[str, str]:
        """Headers for a sandbox webhook; for tests and for simulating provider events."""
        stamp = int(time.time()) if timestamp is None else timestamp
        signature = self._sign(f"{stamp}.".encode() + body)
        return {SIGNATURE_HEADER: f"t={stamp},v1={signature}"}

    async def parse_webhook(self, body: bytes, headers: Mapping[str, str]) -> WebhookNotice:
        header = headers.get(SIGNATURE_HEADER, "")
        items = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
        try:
            stamp = int(items.get("t", ""))
        except ValueError as exc:
            raise WebhookRejected("no timestamp in the signature header") from exc
        if abs(time.time() - stamp) > WEBHOOK_TOLERANCE_SECONDS:
            raise WebhookRejected("the webhook timestamp is outside the tolerance")
        expected = self._sign(f"{stamp}.".encode() + body)
        if not hmac.compare_digest(items.get("v1", ""), expected):
            raise WebhookRejected("the webhook signature does not match")
        try:
            event = json.loads(body)
            data = event["data"]
            return WebhookNotice(
                event_id=str(event["id"]),
                type=str(event["type"]),
                provider_ref=data.get("payment_ref"),
                status=data.get("status"),
                failure_code=data.get("failure_code"),
                amount_refunded=data.get("amount_refunded"),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise WebhookRejected("the webhook body is not a sandbox event") from exc

    def record_refund(self, provider_ref: str, amount: int) -> ProviderOutcome:
        """Simulate a refund made at the provider's side (a dashboard refund)."""
        intent = self._intent(provider_ref)
        intent.refunded += amount
        return replace(self._outcome(intent))

    async def close(self) -> None:
        return None
