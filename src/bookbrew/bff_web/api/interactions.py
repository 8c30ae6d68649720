"""What shoppers do with products (views, clicks on picks, adds to cart), recorded by
the curation service: a signed-in shopper's with their own token, an anonymous
visitor's under a random id kept in an HttpOnly cookie this app sets."""

from __future__ import annotations

import logging
import re
import secrets

from fastapi import APIRouter, Request, Response

from bookbrew.bff_web.deps import (
    CSRF,
    NO_STORE,
    SIGNED_IN_RESPONSES,
    MaybeSignedInDep,
    SettingsDep,
    user_token,
)
from bookbrew.bff_web.schemas import InteractionBody
from bookbrew.bff_web.sessions import cookie_secure
from bookbrew.clients import curation as curation_client
from bookbrew.contracts.curation import InteractionAccepted
from bookbrew.platform.http import ServiceClient, ServiceError
from bookbrew.platform.problems import Problem

log = logging.getLogger(__name__)

ANONYMOUS_COOKIE = "bookbrew_anon"
_ANONYMOUS_ID = re.compile(r"^[A-Za-z0-9_-]{20,64}$")

router = APIRouter(prefix="/api", tags=["interactions"], dependencies=CSRF)


def anonymous_id(request: Request) -> str | None:
    value = request.cookies.get(ANONYMOUS_COOKIE, "")
    return value if _ANONYMOUS_ID.match(value) else None


@router.post(
    "/interactions",
    status_code=202,
    response_model=InteractionAccepted,
    responses={403: SIGNED_IN_RESPONSES[403], 422: SIGNED_IN_RESPONSES[422]},
)
async def record_interaction(
    request: Request, body: InteractionBody, settings: SettingsDep, current: MaybeSignedInDep
) -> Response:
    """Record a view, a click (with the `recommendation_id` and `model_version` of the
    list it was in) or an add to cart. Best effort: when curation cannot take it, the
    answer says `recorded: false` and the page goes on. An anonymous visitor gets a
    random `bookbrew_anon` cookie (HttpOnly, a year) to record under."""
    client: ServiceClient = request.app.state.curation_events
    payload = body.model_dump(exclude_none=True)
    token: str | None = None
    new_anonymous: str | None = None
    if current is not None:
        try:
            token = await user_token(request, current)
        except Problem:
            current = None  # the sign-in ended: record it anonymously
    if current is None:
        known = anonymous_id(request)
        if known is None:
            known = new_anonymous = secrets.token_urlsafe(24)
        payload["anonymous_id"] = known
    try:
        recorded = await curation_client.record_interaction(client, payload, token)
    except ServiceError as exc:
        if exc.status != 422:  # our own token refused: not the page's to fix
            log.warning("curation refused an interaction (%s): %s", exc.status, exc)
            recorded = False
        else:
            errors = exc.problem.get("errors", [])
            raise Problem(422, "validation-error", str(exc), errors=errors) from exc
    response = Response(
        InteractionAccepted(recorded=recorded).model_dump_json(),
        status_code=202,
        media_type="application/json",
        headers=NO_STORE,
    )
    if new_anonymous is not None:
        response.set_cookie(
            ANONYMOUS_COOKIE,
            new_anonymous,
            max_age=settings.anonymous_cookie_max_age_seconds,
            path="/",
            httponly=True,
            samesite="lax",
            secure=cookie_secure(request, settings),
        )
    return response
