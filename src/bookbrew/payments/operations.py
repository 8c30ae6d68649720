"""Entry points whose work spans a provider call: create, confirm, cancel, refund.

Each is one place that commits. The provider is called outside any transaction where
that is safe (create, confirm, cancel: the idempotency claim or the state machine keeps
duplicates harmless), and the outcome is recorded in one unit of work with its outbox
events and, where there is one, the stored idempotent answer. A refund holds the
payment's lock across the provider call, so that two refunds can never together exceed
what was captured."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from fastapi.responses import JSONResponse

from bookbrew.payments import access, idempotency, repository, service
from bookbrew.payments.providers.base import (
    ChargeRequest,
    PaymentProvider,
    ProviderError,
    ProviderOutcome,
    UnknownPaymentMethod,
)
from bookbrew.payments.schemas import CreatePayment, CreateRefund
from bookbrew.payments.settings import PaymentsSettings
from bookbrew.payments.states import CAPTURED, check_transition
from bookbrew.platform.auth import Principal
from bookbrew.platform.crypto import KeyRing
from bookbrew.platform.db import Database
from bookbrew.platform.problems import PROBLEM_JSON, Conflict, Problem

log = logging.getLogger(__name__)


@dataclass
class PaymentsContext:
    """What the payments entry points share; built once in the app's lifespan."""

    db: Database
    provider: PaymentProvider
    ring: KeyRing
    settings: PaymentsSettings


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    replayed: bool = False

    def response(self) -> JSONResponse:
        headers = {"Idempotent-Replayed": "true"} if self.replayed else None
        media = PROBLEM_JSON if self.status >= 400 else "application/json"
        return JSONResponse(self.body, status_code=self.status, media_type=media, headers=headers)


def provider_unavailable(exc: Exception) -> Problem:
    log.warning("payment provider failed: %s", exc)
    return Problem(
        502,
        "provider-unavailable",
        "The payment provider did not answer usefully; retry with the same Idempotency-Key.",
    )


def _answer(ctx: PaymentsContext, payment: Any, instance: str, created: bool) -> Answer:
    if payment.status == "failed":
        return Answer(402, service.decline_problem(payment, instance))
    body = service.to_payment(payment, ctx.ring).model_dump(mode="json")
    return Answer(201 if created else 200, body)


async def create_payment(
    ctx: PaymentsContext, payer: access.Payer, body: CreatePayment, key: str, instance: str
) -> Answer:
    if body.confirm:
        access.require_step_up(payer, body.amount, ctx.settings)
    if payer.customer_id is None:
        raise Problem(422, "customer-required", "Name the customer the payment is for.")
    if not access.is_service(payer.principal):
        async with ctx.db.sessions() as session:
            others = await repository.list_by_reference(session, body.reference)
        access.check_reference_is_theirs(payer, others)
    scope = f"{payer.principal.subject}:create"
    request_fingerprint = idempotency.fingerprint(
        {"body": body.model_dump(mode="json"), "customer_id": payer.customer_id}
    )
    held = await idempotency.claim(
        ctx.db,
        ctx.ring,
        scope=scope,
        key=key,
        request_fingerprint=request_fingerprint,
        wait_seconds=ctx.settings.idempotency_wait_seconds,
        lease_seconds=ctx.settings.idempotency_lease_seconds,
    )
    if held.replay is not None:
        return Answer(held.replay.status, held.replay.body, replayed=True)
    try:
        request = ChargeRequest(
            payment_id=service.new_id("pay"),
            amount=body.amount,
            currency=body.currency,
            reference=body.reference,
            customer_id=payer.customer_id,
            payment_method=body.payment_method,
            confirm=body.confirm,
            idempotency_key=held.provider_key,
            return_url=ctx.settings.return_url,
            strong_auth=payer.strong_auth,
        )
        try:
            outcome = await ctx.provider.charge(request)
        except UnknownPaymentMethod as exc:
            raise Problem(
                422, "unknown-payment-method", "The payment method token is not valid here."
            ) from exc
        except ProviderError as exc:
            raise provider_unavailable(exc) from exc
        async with ctx.db.unit_of_work() as session:
            payment = await service.record_charge(
                session,
                ctx.ring,
                request,
                outcome,
                provider=ctx.provider.name,
                metadata=body.metadata,
                requested_by=payer.principal.subject,
            )
            answer = _answer(ctx, payment, instance, created=True)
            await idempotency.complete(
                session,
                ctx.ring,
                held,
                status=answer.status,
                body=answer.body,
                resource_id=payment.id,
            )
        log.info(
            "payment created",
            extra={"payment_id": payment.id, "status": payment.status},
        )
        return answer
    except BaseException:
        await idempotency.release(ctx.db, held)
        raise


async def get_visible(ctx: PaymentsContext, principal: Principal, payment_id: str) -> Any:
    async with ctx.db.sessions() as session:
        payment = await service.require_payment(session, payment_id)
    access.check_can_see(principal, payment)
    return payment


async def confirm_payment(
    ctx: PaymentsContext, payer: access.Payer, payment_id: str, instance: str
) -> Answer:
    payment = await get_visible(ctx, payer.principal, payment_id)
    if payment.status in CAPTURED or payment.status == "refunded":
        return _answer(ctx, payment, instance, created=False)
    check_transition(payment.status, "succeeded")
    access.require_step_up(payer, payment.amount, ctx.settings)
    if payment.provider_ref is None:
        raise Conflict("The payment never reached its provider.", kind="payment-not-started")
    try:
        outcome = await ctx.provider.confirm(
            payment.provider_ref,
            strong_auth=payer.strong_auth,
            idempotency_key=f"{payment.id}-confirm-{payment.version}",
        )
    except ProviderError as exc:
        raise provider_unavailable(exc) from exc
    if (
        outcome.status == "requires_action"
        and (outcome.next_action or {}).get("type") == "step_up"
        and not payer.strong_auth
    ):
        raise access.step_up_required(
            ctx.settings, service_caller=access.is_service(payer.principal)
        )
    async with ctx.db.unit_of_work() as session:
        locked = await service.require_locked_payment(session, payment.id)
        await service.apply_outcome(session, ctx.ring, locked, outcome)
        return _answer(ctx, locked, instance, created=False)


async def cancel_payment(
    ctx: PaymentsContext, principal: Principal, payment_id: str, instance: str
) -> Answer:
    payment = await get_visible(ctx, principal, payment_id)
    if payment.status == "cancelled":
        return _answer(ctx, payment, instance, created=False)
    check_transition(payment.status, "cancelled")
    outcome = ProviderOutcome(provider_ref=payment.provider_ref or "", status="cancelled")
    if payment.provider_ref:
        try:
            outcome = await ctx.provider.cancel(
                payment.provider_ref, idempotency_key=f"{payment.id}-cancel"
            )
        except ProviderError as exc:
            raise provider_unavailable(exc) from exc
    async with ctx.db.unit_of_work() as session:
        locked = await service.require_locked_payment(session, payment.id)
        # If the provider moved on first (it succeeded or failed meanwhile), record that.
        await service.apply_outcome(session, ctx.ring, locked, outcome)
        answer = _answer(ctx, locked, instance, created=False)
    if locked.status != "cancelled":
        raise Conflict(
            f"The payment is {locked.status}; it can no longer be cancelled.",
            kind="illegal-payment-transition",
            payment_status=locked.status,
        )
    return answer


async def refund_payment(
    ctx: PaymentsContext,
    principal: Principal,
    payment_id: str,
    body: CreateRefund,
    key: str,
    instance: str,
) -> Answer:
    scope = f"{principal.subject}:refund:{payment_id[:40]}"
    held = await idempotency.claim(
        ctx.db,
        ctx.ring,
        scope=scope,
        key=key,
        request_fingerprint=idempotency.fingerprint(body.model_dump(mode="json")),
        wait_seconds=ctx.settings.idempotency_wait_seconds,
        lease_seconds=ctx.settings.idempotency_lease_seconds,
    )
    if held.replay is not None:
        return Answer(held.replay.status, held.replay.body, replayed=True)
    try:
        async with ctx.db.unit_of_work() as session:
            payment = await service.require_locked_payment(session, payment_id)
            access.check_can_see(principal, payment)
            if payment.status not in CAPTURED:
                raise Conflict(
                    f"A payment that is {payment.status} cannot be refunded.",
                    kind="illegal-payment-transition",
                    payment_status=payment.status,
                )
            left = service.refundable(payment)
            amount = body.amount or left
            if amount > left:
                raise Problem(
                    422,
                    "refund-exceeds-captured",
                    f"Only {left} {payment.currency} (minor units) is left to refund.",
                    refundable=left,
                    requested=amount,
                )
            assert payment.provider_ref is not None
            try:
                outcome = await ctx.provider.refund(
                    payment.provider_ref,
                    payment.provider_charge_ref,
                    amount,
                    payment.currency,
                    idempotency_key=held.provider_key,
                )
            except ProviderError as exc:
                raise provider_unavailable(exc) from exc
            refund = await service.record_refund(
                session,
                payment,
                outcome,
                refund_id=service.new_id("re"),
                amount=amount,
                reason=body.reason,
            )
            answer = Answer(201, service.to_payment(payment, ctx.ring).model_dump(mode="json"))
            await idempotency.complete(
                session, ctx.ring, held, status=201, body=answer.body, resource_id=refund.id
            )
        return answer
    except BaseException:
        await idempotency.release(ctx.db, held)
        raise
