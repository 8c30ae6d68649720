"""Payments HTTP routes: thin; they parse, check who calls, and hand over to
`operations` (which commits) or read through `SessionDep`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse

from bookbrew.contracts.payments import CardToken
from bookbrew.payments import access, operations, repository, service, webhooks
from bookbrew.payments.operations import PaymentsContext
from bookbrew.payments.providers.sandbox import InvalidCard, SandboxProvider
from bookbrew.payments.schemas import (
    CreatePayment,
    CreateRefund,
    Payment,
    TokenizeCard,
)
from bookbrew.platform.auth import Principal, require
from bookbrew.platform.deps import ServiceOrAdminDep, SessionDep
from bookbrew.platform.problems import NotFound, Problem

payments = APIRouter(prefix="/payments", tags=["payments"])
methods = APIRouter(prefix="/payment-methods", tags=["payment methods"])
hooks = APIRouter(prefix="/webhooks", tags=["webhooks"])


def get_context(request: Request) -> PaymentsContext:
    context: PaymentsContext = request.app.state.payments
    return context


ContextDep = Annotated[PaymentsContext, Depends(get_context)]
PayerDep = Annotated[Principal, Depends(require(roles={"customer", "service"}))]
ViewerDep = Annotated[Principal, Depends(require(roles={"customer", "service", "admin"}))]
IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Required; the same key with the same body returns the same result.",
    ),
]
CustomerToken = Annotated[
    str | None,
    Header(
        alias=access.CUSTOMER_TOKEN_HEADER,
        max_length=8192,
        description="Services: the customer's own access token (step-up evidence).",
    ),
]


@payments.post(
    "",
    response_model=Payment,
    status_code=201,
    responses={402: {"description": "Declined: problem type card-declined/<code>"}},
)
async def create_payment(
    request: Request,
    ctx: ContextDep,
    principal: PayerDep,
    body: CreatePayment,
    idempotency_key: IdempotencyKey,
    customer_token: CustomerToken = None,
) -> JSONResponse:
    payer = await access.payer(request, principal, ctx.settings, customer_id=body.customer_id)
    answer = await operations.create_payment(ctx, payer, body, idempotency_key, request.url.path)
    return answer.response()


@payments.get("", response_model=list[Payment])
async def list_payments(
    _: ServiceOrAdminDep,
    ctx: ContextDep,
    session: SessionDep,
    reference: Annotated[str, Query(min_length=1, max_length=100)],
) -> list[Payment]:
    rows = await repository.list_by_reference(session, reference)
    return [service.to_payment(row, ctx.ring) for row in rows]


@payments.get("/{payment_id}", response_model=Payment)
async def get_payment(
    ctx: ContextDep, principal: ViewerDep, session: SessionDep, payment_id: str
) -> Payment:
    payment = await service.require_payment(session, payment_id)
    access.check_can_see(principal, payment)
    return service.to_payment(payment, ctx.ring)


@payments.post("/{payment_id}/confirm", response_model=Payment)
async def confirm_payment(
    request: Request,
    ctx: ContextDep,
    principal: PayerDep,
    payment_id: str,
    customer_token: CustomerToken = None,
) -> JSONResponse:
    payment = await operations.get_visible(ctx, principal, payment_id)
    payer = await access.payer(request, principal, ctx.settings, customer_id=payment.customer_id)
    answer = await operations.confirm_payment(ctx, payer, payment_id, request.url.path)
    return answer.response()


@payments.post("/{payment_id}/cancel", response_model=Payment)
async def cancel_payment(
    request: Request, ctx: ContextDep, principal: ViewerDep, payment_id: str
) -> JSONResponse:
    answer = await operations.cancel_payment(ctx, principal, payment_id, request.url.path)
    return answer.response()


@payments.post("/{payment_id}/refunds", response_model=Payment, status_code=201)
async def refund_payment(
    request: Request,
    ctx: ContextDep,
    principal: ServiceOrAdminDep,
    payment_id: str,
    body: CreateRefund,
    idempotency_key: IdempotencyKey,
) -> JSONResponse:
    answer = await operations.refund_payment(
        ctx, principal, payment_id, body, idempotency_key, request.url.path
    )
    return answer.response()


@methods.post("", response_model=CardToken, status_code=201)
async def tokenize_card(_: PayerDep, ctx: ContextDep, body: TokenizeCard) -> CardToken:
    """Sandbox only: turn test card details into a token. Nothing here is stored."""
    if not isinstance(ctx.provider, SandboxProvider):
        raise NotFound("Card tokenization is done by the provider's own client library.")
    try:
        token = ctx.provider.tokenize(
            body.number.get_secret_value(),
            body.exp_month,
            body.exp_year,
            body.cvc.get_secret_value(),
        )
    except InvalidCard as exc:
        raise Problem(422, "invalid-card", str(exc)) from exc
    return CardToken(
        token=token.token,
        brand=token.brand,
        last4=token.last4,
        exp_month=token.exp_month,
        exp_year=token.exp_year,
    )


@hooks.post("/{provider}", status_code=200)
async def receive_webhook(request: Request, ctx: ContextDep, provider: str) -> dict[str, bool]:
    if provider != ctx.provider.name:
        raise NotFound(f"No webhooks are taken for {provider[:20]}.")
    stored = await webhooks.receive(ctx.db, ctx.provider, await request.body(), request.headers)
    if stored:
        request.app.state.webhook_processor.wake()
    return {"received": True, "duplicate": not stored}
