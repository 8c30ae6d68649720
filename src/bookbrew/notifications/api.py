"""Notifications HTTP routes: the customer's own preferences and push subscriptions
(called by the BFFs with the customer's token), one-click unsubscribe, and admin tools
(template preview, deliveries and dead letters, the weekly digest)."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Depends, Path, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from bookbrew.contracts.notifications import (
    ChannelChoice,
    NotificationPreferences,
    NotificationPreferencesUpdate,
    PushSubscription,
    PushSubscriptionCreate,
)
from bookbrew.notifications import repository
from bookbrew.notifications.models import DeliveryRow
from bookbrew.notifications.rendering import KINDS, LOCALES, resolve_locale, sample_context
from bookbrew.notifications.schemas import (
    Delivery,
    DigestRun,
    Kind,
    TemplateCatalog,
    TemplatePreview,
    VapidPublicKey,
)
from bookbrew.notifications.service import Notifier, contacts, deliveries, devices, preferences
from bookbrew.notifications.service.digest import run_weekly_digest, week_id
from bookbrew.notifications.worker import DeliveryWorker
from bookbrew.platform.auth import Principal, require
from bookbrew.platform.deps import AdminDep, RuntimeDep, SessionDep
from bookbrew.platform.problems import NotFound, Problem

me = APIRouter(prefix="/me", tags=["me"])
public = APIRouter(tags=["unsubscribe"])
admin = APIRouter(prefix="/admin", tags=["admin"])

CustomerDep = Annotated[Principal, Depends(require(roles={"customer"}))]
Token = Annotated[str, Query(min_length=10, max_length=500)]
Locale = Annotated[str, Query(max_length=35, pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")]
Id = Annotated[str, Path(min_length=1, max_length=36, pattern=r"^[A-Za-z0-9-]+$")]


def get_notifier(request: Request) -> Notifier:
    notifier: Notifier = request.app.state.notifier
    return notifier


def get_worker(request: Request) -> DeliveryWorker:
    worker: DeliveryWorker = request.app.state.worker
    return worker


NotifierDep = Annotated[Notifier, Depends(get_notifier)]
WorkerDep = Annotated[DeliveryWorker, Depends(get_worker)]


async def _preferences(
    session: SessionDep, notifier: Notifier, customer_id: str
) -> NotificationPreferences:
    contact = await repository.get_contact(session, customer_id)
    if contact is None:
        raise NotFound("No contact details yet for this customer.")
    choices = await preferences.current(session, customer_id, contact)
    return NotificationPreferences(
        email=ChannelChoice(**choices["email"]),
        sms=ChannelChoice(**choices["sms"]),
        push=ChannelChoice(**choices["push"]),
        phone=contacts.open_contact(notifier, contact).phone,
    )


@me.get("/preferences", response_model=NotificationPreferences)
async def get_my_preferences(
    principal: CustomerDep, session: SessionDep, notifier: NotifierDep
) -> NotificationPreferences:
    return await _preferences(session, notifier, principal.subject)


@me.patch("/preferences", response_model=NotificationPreferences)
async def update_my_preferences(
    principal: CustomerDep,
    session: SessionDep,
    notifier: NotifierDep,
    body: NotificationPreferencesUpdate,
) -> NotificationPreferences:
    customer_id = principal.subject
    contact = await repository.get_contact(session, customer_id)
    if contact is None:
        raise NotFound("No contact details yet for this customer.")
    for channel in preferences.CHANNELS:
        update = getattr(body, channel)
        if update is None:
            continue
        for category in preferences.CATEGORIES:
            enabled = getattr(update, category)
            if enabled is not None:
                await preferences.choose(session, customer_id, channel, category, enabled)
    if body.phone is not None:
        contacts.set_phone(notifier, contact, body.phone or None)
        await session.flush()
    return await _preferences(session, notifier, customer_id)


@me.get("/push-subscriptions", response_model=list[PushSubscription])
async def list_my_push_subscriptions(
    principal: CustomerDep, session: SessionDep
) -> list[PushSubscription]:
    rows = await devices.list_own(session, principal.subject)
    return [
        PushSubscription(id=r.id, kind=r.kind, label=r.label, created_at=r.created_at) for r in rows
    ]


@me.post("/push-subscriptions", response_model=PushSubscription, status_code=201)
async def register_push_subscription(
    principal: CustomerDep,
    session: SessionDep,
    notifier: NotifierDep,
    body: PushSubscriptionCreate,
) -> JSONResponse:
    enabled = notifier.channels.push_for(body.kind) is not None
    if not enabled:
        raise Problem(409, "channel-disabled", f"{body.kind} push is not enabled here.")
    if body.kind == "webpush":
        assert body.endpoint is not None and body.keys is not None
        if notifier.settings.environment == "production" and body.endpoint.scheme != "https":
            raise Problem(422, "validation-error", "A push endpoint must be an https URL.")
        target = {"endpoint": str(body.endpoint), "keys": body.keys.model_dump()}
    else:
        target = {"token": str(body.token)}
    row, created = await devices.register(
        session, notifier, principal.subject, body.kind, target, body.label
    )
    answer = PushSubscription(id=row.id, kind=row.kind, label=row.label, created_at=row.created_at)
    return JSONResponse(
        answer.model_dump(mode="json"),
        status_code=201 if created else 200,
        headers={"Location": f"/me/push-subscriptions/{row.id}"},
    )


@me.delete("/push-subscriptions/{subscription_id}", status_code=204)
async def delete_push_subscription(
    principal: CustomerDep, session: SessionDep, subscription_id: Id
) -> Response:
    await devices.remove(session, principal.subject, subscription_id)
    return Response(status_code=204)


@public.get("/push/vapid-public-key", response_model=VapidPublicKey)
async def get_vapid_public_key(notifier: NotifierDep) -> VapidPublicKey:
    if not notifier.channels.vapid_public_key:
        raise NotFound("Web Push is not enabled here.")
    return VapidPublicKey(public_key=notifier.channels.vapid_public_key)


_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>BookBrew</title></head>
<body style="font-family:Georgia,serif;background:#f4efe8;color:#2b2118;padding:40px;">
<div style="max-width:480px;margin:auto;background:#fffdf9;padding:28px;border-radius:10px;">
{body}</div></body></html>"""


@public.get("/unsubscribe", response_class=HTMLResponse)
async def unsubscribe_page(notifier: NotifierDep, token: Token) -> HTMLResponse:
    """Confirmation page. A GET never unsubscribes: mail scanners follow links."""
    preferences.read_unsubscribe_token(notifier.settings.secret_key.get_secret_value(), token)
    form = (
        "<h1>Unsubscribe?</h1><p>You will no longer receive marketing e-mail such as the "
        "weekly picks. Receipts and order updates still arrive.</p>"
        f'<form method="post" action="unsubscribe?token={escape(token)}">'
        '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
        '<button type="submit">Unsubscribe</button></form>'
    )
    return HTMLResponse(_PAGE.format(body=form))


@public.post("/unsubscribe", response_class=HTMLResponse)
async def unsubscribe_one_click(
    session: SessionDep, notifier: NotifierDep, token: Token
) -> HTMLResponse:
    """RFC 8058 one-click: the mail client POSTs `List-Unsubscribe=One-Click` here."""
    await preferences.unsubscribe(session, notifier.settings.secret_key.get_secret_value(), token)
    return HTMLResponse(
        _PAGE.format(body="<h1>Done</h1><p>You will no longer receive marketing e-mail.</p>")
    )


@admin.get("/templates", response_model=TemplateCatalog)
async def list_templates(_: AdminDep) -> TemplateCatalog:
    return TemplateCatalog(kinds=list(KINDS), locales=list(LOCALES))


@admin.get(
    "/templates/{kind}/preview",
    response_model=TemplatePreview,
    responses={200: {"content": {"text/html": {}}}},
)
async def preview_template(
    _: AdminDep,
    notifier: NotifierDep,
    kind: Kind,
    locale: Locale = "en",
    format: Literal["json", "html", "text"] = "json",
) -> Response:
    """Any template rendered with sample data; `format=html` shows the e-mail as is."""
    resolved = resolve_locale(locale)
    context = {**sample_context(kind, notifier.settings.shop_url)}
    rendered = notifier.templates.render(kind, resolved, context)
    if format == "html":
        return HTMLResponse(rendered.html)
    if format == "text":
        return Response(rendered.text, media_type="text/plain; charset=utf-8")
    preview = TemplatePreview(kind=kind, locale=resolved, **rendered.__dict__)
    return JSONResponse(preview.model_dump())


DeliveryStatus = Literal["pending", "sent", "failed", "dead"]


@admin.get("/deliveries", response_model=list[Delivery])
async def list_deliveries(
    _: AdminDep,
    session: SessionDep,
    status: DeliveryStatus | None = None,
    customer_id: Annotated[str | None, Query(max_length=64)] = None,
    event_id: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[Delivery]:
    """Newest first; `status=dead` is the dead-letter queue."""
    rows = await repository.list_deliveries(
        session, status=status, customer_id=customer_id, event_id=event_id, limit=limit
    )
    return [Delivery.model_validate(row) for row in rows]


@admin.get("/deliveries/{delivery_id}", response_model=Delivery)
async def get_delivery(_: AdminDep, session: SessionDep, delivery_id: Id) -> Delivery:
    row = await session.get(DeliveryRow, delivery_id)
    if row is None:
        raise NotFound(f"No delivery {delivery_id}.")
    return Delivery.model_validate(row)


@admin.post("/deliveries/{delivery_id}/retry", response_model=Delivery)
async def retry_delivery(
    _: AdminDep, session: SessionDep, worker: WorkerDep, after: BackgroundTasks, delivery_id: Id
) -> Delivery:
    """A dead delivery gets a fresh set of attempts."""
    row = await deliveries.retry_dead(session, delivery_id)
    after.add_task(worker.wake)  # runs once the request's transaction has committed
    return Delivery.model_validate(row)


@admin.post("/digest/run", response_model=DigestRun)
async def run_digest_now(
    _: AdminDep, runtime: RuntimeDep, notifier: NotifierDep, worker: WorkerDep, request: Request
) -> DigestRun:
    assert runtime.db is not None
    now = datetime.now(UTC)
    created = await run_weekly_digest(runtime.db, notifier, request.app.state.catalog, now)
    worker.wake()
    return DigestRun(digest=week_id(now), deliveries=created)
