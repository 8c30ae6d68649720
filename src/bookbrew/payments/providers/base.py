"""The provider port: what the payments service asks of a payment processor.

Outcomes use the service's own vocabulary (statuses from `states`, failure codes from
`DECLINE_CODES`), so that nothing above this port knows which provider is in use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

# Our stable failure codes; each is the tail of a 402 problem type `card-declined/<code>`.
DECLINE_CODES = frozenset(
    {
        "insufficient-funds",
        "stolen-card",
        "expired-card",
        "processing-error",
        "incorrect-cvc",
        "authentication-failed",
        "generic",
    }
)
RETRYABLE = frozenset({"processing-error"})


class ProviderError(Exception):
    """The provider could not be reached or answered something we cannot use."""


class WebhookRejected(Exception):
    """A webhook whose signature (or shape) does not verify."""


class UnknownPaymentMethod(Exception):
    """The payment method token is not one this provider issued."""


@dataclass(frozen=True)
class CardDetails:
    brand: str
    last4: str


@dataclass(frozen=True)
class ChargeRequest:
    payment_id: str
    amount: int
    currency: str
    reference: str
    customer_id: str | None
    payment_method: str | None
    confirm: bool
    idempotency_key: str  # stable across retries of the same client request
    return_url: str
    strong_auth: bool  # the customer passed a recent second factor


@dataclass(frozen=True)
class ProviderOutcome:
    provider_ref: str
    status: str  # a PaymentStatus
    charge_ref: str | None = None
    failure_code: str | None = None
    failure_message: str | None = None
    next_action: dict[str, Any] | None = None
    card: CardDetails | None = None
    amount: int | None = None
    currency: str | None = None
    amount_refunded: int = 0


@dataclass(frozen=True)
class RefundOutcome:
    provider_ref: str
    status: str  # succeeded | pending | failed


@dataclass(frozen=True)
class WebhookNotice:
    """A verified provider event, normalised. `status` is where the payment should be,
    `amount_refunded` the provider's running total of refunds, when the event says so."""

    event_id: str
    type: str
    provider_ref: str | None
    status: str | None = None
    failure_code: str | None = None
    failure_message: str | None = None
    amount_refunded: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class PaymentProvider(Protocol):
    name: str

    async def charge(self, request: ChargeRequest) -> ProviderOutcome:
        """Create the payment at the provider and, if `request.confirm`, confirm it."""
        ...

    async def confirm(
        self, provider_ref: str, *, strong_auth: bool, idempotency_key: str
    ) -> ProviderOutcome: ...

    async def cancel(self, provider_ref: str, *, idempotency_key: str) -> ProviderOutcome: ...

    async def refund(
        self,
        provider_ref: str,
        charge_ref: str | None,
        amount: int,
        currency: str,
        *,
        idempotency_key: str,
    ) -> RefundOutcome: ...

    async def fetch(self, provider_ref: str) -> ProviderOutcome | None:
        """The provider's view of a payment, for reconciliation; None if unknown."""
        ...

    async def parse_webhook(self, body: bytes, headers: Mapping[str, str]) -> WebhookNotice:
        """Verify and normalise an incoming webhook; raise `WebhookRejected` if forged."""
        ...

    async def close(self) -> None: ...
