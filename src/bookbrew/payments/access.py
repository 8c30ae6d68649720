"""Who may do what to a payment, and MFA step-up.

A customer pays for themself: their own token, and above the step-up amount a token
from a sign-in with a recent second factor. A service (role `service`, e.g. orders
during checkout) pays on behalf of a customer named in the body; its evidence of the
customer's step-up is the customer's own access token, forwarded unchanged in
`X-Customer-Authorization: Bearer …`. Payments verifies it like any token (signature,
issuer, audience, expiry), checks that its subject is that customer, and reads the
second factor (`amr`, `auth_time`) from it. Nothing else is trusted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fastapi import Request

from bookbrew.payments.models import PaymentRow
from bookbrew.payments.settings import PaymentsSettings
from bookbrew.platform.auth import Principal, TokenVerifier
from bookbrew.platform.problems import NotFound, Problem

CUSTOMER_TOKEN_HEADER = "X-Customer-Authorization"


@dataclass(frozen=True)
class Payer:
    principal: Principal  # who calls
    customer_id: str | None  # for whom
    strong_auth: bool  # that customer passed a recent second factor


def is_service(principal: Principal) -> bool:
    return "service" in principal.roles


async def _forwarded_customer(request: Request) -> Principal | None:
    header = request.headers.get(CUSTOMER_TOKEN_HEADER, "")
    scheme, _, token = header.partition(" ")
    if not token or scheme.lower() != "bearer":
        return None
    verifier: TokenVerifier = request.app.state.verifier
    try:
        return await verifier.verify(token.strip())
    except Problem as exc:
        raise Problem(
            403,
            "customer-token-invalid",
            f"The forwarded customer token is not valid: {exc.detail}",
        ) from exc


async def payer(
    request: Request,
    principal: Principal,
    settings: PaymentsSettings,
    *,
    customer_id: str | None,
) -> Payer:
    max_age = settings.step_up_max_age_seconds
    if is_service(principal):
        forwarded = await _forwarded_customer(request)
        if forwarded is not None and customer_id is not None and forwarded.subject != customer_id:
            raise Problem(
                403, "customer-token-mismatch", "The forwarded token is not this customer's."
            )
        if customer_id is None and forwarded is not None:
            customer_id = forwarded.subject
        strong = forwarded is not None and forwarded.has_recent_second_factor(max_age)
        return Payer(principal, customer_id, strong)
    if "customer" not in principal.roles:
        raise Problem(403, "forbidden", "Only customers and services make payments.")
    if customer_id not in (None, principal.subject):
        raise Problem(403, "forbidden", "Customers pay for themselves only.")
    return Payer(principal, principal.subject, principal.has_recent_second_factor(max_age))


def needs_step_up(amount: int, settings: PaymentsSettings) -> bool:
    return settings.step_up_min_amount <= 0 or amount >= settings.step_up_min_amount


def step_up_required(settings: PaymentsSettings, *, service_caller: bool) -> Problem:
    max_age = settings.step_up_max_age_seconds
    detail = "Sign in again with your second factor to make this payment."
    if service_caller:
        detail += f" Forward the customer's stepped-up token in {CUSTOMER_TOKEN_HEADER}."
    return Problem(
        403,
        "step-up-required",
        detail,
        title="Step-up authentication required",
        headers={
            "WWW-Authenticate": (
                'Bearer error="insufficient_user_authentication", '
                'error_description="a recent second factor is required", '
                f'acr_values="aal2", max_age={max_age}'
            )
        },
        acr_values="aal2",
        max_age=max_age,
    )


def require_step_up(payer: Payer, amount: int, settings: PaymentsSettings) -> None:
    if needs_step_up(amount, settings) and not payer.strong_auth:
        raise step_up_required(settings, service_caller=is_service(payer.principal))


def check_reference_is_theirs(payer: Payer, payments: Sequence[PaymentRow]) -> None:
    """A customer pays only against a reference that is theirs: one that no other
    customer's payment, and no service's (an order's checkout), already names. The
    answer does not say whose it is."""
    for payment in payments:
        if payment.customer_id != payer.customer_id or payment.requested_by != (
            payer.principal.subject
        ):
            raise Problem(403, "reference-not-yours", "This reference belongs to another payment.")


def check_can_see(principal: Principal, payment: PaymentRow) -> None:
    """Customers see their own payments only (others' answer 404, not 403)."""
    if principal.roles & {"service", "admin"}:
        return
    if payment.customer_id is None or payment.customer_id != principal.subject:
        raise NotFound(f"No payment {payment.id}.")
