"""What BFF Web's routes depend on, in one place: the settings, the session store and the
request's session (signed in or not, an admin), CSRF, calling another service as the
shopper (their access token, refreshed; a step-up demand turned into a `login_url`),
and one typed client per upstream service. Routers import from here, never from each
other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

import orjson
from fastapi import Depends, Path, Request, Response

from bookbrew.bff_web import service
from bookbrew.bff_web.sessions import (
    CSRF_HEADER,
    SESSION_COOKIE,
    UNSAFE_METHODS,
    Session,
    SessionEnded,
    Sessions,
    cleared_cookie_header,
    safe_return_to,
    same_secret,
)
from bookbrew.bff_web.settings import BffWebSettings
from bookbrew.platform.deps import get_runtime
from bookbrew.platform.http import ServiceClient
from bookbrew.platform.problems import Problem
from bookbrew.platform.responses import (
    READ_RESPONSES,
    call_as_user,
    documented_problem,
    mounted_url,
)

NO_STORE = {"Cache-Control": "no-store"}
STEP_UP_KINDS = frozenset({"step-up-required", "reauthentication-required"})


def get_settings(request: Request) -> BffWebSettings:
    settings = get_runtime(request).settings
    assert isinstance(settings, BffWebSettings)
    return settings


def get_sessions(request: Request) -> Sessions:
    sessions: Sessions = request.app.state.sessions
    return sessions


async def get_customers(request: Request) -> ServiceClient:
    client: ServiceClient = request.app.state.customers
    return client


async def _settings_dependency(request: Request) -> BffWebSettings:
    return get_settings(request)


async def _sessions_dependency(request: Request) -> Sessions:
    return get_sessions(request)


# Async twins of the plain getters: FastAPI runs `def` dependencies in a thread pool.
SettingsDep = Annotated[BffWebSettings, Depends(_settings_dependency)]
SessionsDep = Annotated[Sessions, Depends(_sessions_dependency)]
CustomersDep = Annotated[ServiceClient, Depends(get_customers)]


# ---- the request's session -------------------------------------------------------------


@dataclass
class Current:
    """The signed-in session of this request."""

    session_id: str
    session: Session


async def current_session(request: Request) -> Current | None:
    """The session named by the cookie, if it still exists (looked up once a request)."""
    if hasattr(request.state, "bff_session"):
        found: Current | None = request.state.bff_session
        return found
    session_id = request.cookies.get(SESSION_COOKIE, "")
    session = await get_sessions(request).get(session_id) if session_id else None
    found = Current(session_id, session) if session is not None else None
    request.state.bff_session = found
    return found


async def csrf_protect(request: Request) -> None:
    """Unsafe methods with a live session must echo its CSRF token in `X-CSRF-Token`
    (the app reads it from `GET /api/session`; another site can neither read it nor
    set the header). Without a session there is nothing to forge."""
    if request.method not in UNSAFE_METHODS or SESSION_COOKIE not in request.cookies:
        return
    current = await current_session(request)
    if current is None:
        return
    if not same_secret(request.headers.get(CSRF_HEADER), current.session.csrf_token):
        raise Problem(
            403,
            "csrf-token-invalid",
            f"Send the session's CSRF token (from GET /api/session) in {CSRF_HEADER}.",
        )


async def signed_in(request: Request) -> Current:
    current = await current_session(request)
    if current is None:
        raise Problem(
            401,
            "not-signed-in",
            "Sign in first.",
            login_url=login_url(request),
            headers=_clear_cookie_if_sent(request),
        )
    return current


SignedInDep = Annotated[Current, Depends(signed_in)]
MaybeSignedInDep = Annotated[Current | None, Depends(current_session)]
CSRF = [Depends(csrf_protect)]

# Answers of routes that need a signed-in shopper (OpenAPI).
SIGNED_IN_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: documented_problem(
        "Not signed in (`not-signed-in`), or the session ended (`session-expired`)"
    ),
    403: documented_problem(
        "`csrf-token-invalid`, or `step-up-required` with a `login_url` to sign in "
        "again with a second factor"
    ),
    422: READ_RESPONSES[422],
    503: READ_RESPONSES[503],
}


def _clear_cookie_if_sent(request: Request) -> dict[str, str] | None:
    if SESSION_COOKIE not in request.cookies:
        return None
    return {"Set-Cookie": cleared_cookie_header(request, get_settings(request))}


def login_url(request: Request, *, step_up: bool = False, return_to: str | None = None) -> str:
    """Where the app sends the browser to sign in and come back (`return_to`, else
    `X-Return-To`, a path of the page the shopper was on, or `/`)."""
    params = {"return_to": safe_return_to(return_to or request.headers.get("x-return-to"))}
    if step_up:
        params["prompt"] = "step_up"
    return f"/auth/login?{urlencode(params)}"


async def user_token(request: Request, current: Current) -> str:
    """The session's access token, refreshed when near expiry; an ended sign-in is a
    401 that also clears the cookie."""
    try:
        return await get_sessions(request).access_token(current.session_id, current.session)
    except SessionEnded as ended:
        request.state.bff_session = None
        raise Problem(
            401,
            "session-expired",
            "Your sign-in has ended; please sign in again.",
            login_url=login_url(request),
            headers=_clear_cookie_if_sent(request),
        ) from ended


async def call_for_shopper(
    request: Request,
    current: Current,
    client: ServiceClient,
    method: str,
    path: str,
    *,
    params: dict[str, Any] | None = None,
    json: Any = None,
    headers: dict[str, str] | None = None,
    step_up_return_to: str | None = None,
) -> Any:
    """Call a service with the shopper's token. Its problems pass through with their
    status; a step-up demand gains a `login_url` the app can follow (back to
    `step_up_return_to`, else the page the shopper was on)."""
    token = await user_token(request, current)
    try:
        return await call_as_user(
            client, method, path, token, params=params, json=json, headers=headers
        )
    except Problem as problem:
        if problem.kind in STEP_UP_KINDS:
            raise Problem(
                problem.status,
                problem.kind,
                problem.detail,
                title=problem.title,
                headers=problem.headers,
                **problem.extra,
                login_url=login_url(request, step_up=True, return_to=step_up_return_to),
            ) from problem
        if problem.status == 401:
            # The service refused the session's own token: its sign-in has ended (the
            # account was erased, the sign-in revoked). So does the session, at once.
            await get_sessions(request).end(current.session_id, current.session)
            request.state.bff_session = None
            raise Problem(
                401,
                "session-expired",
                "Your sign-in has ended; please sign in again.",
                login_url=login_url(request),
                headers=_clear_cookie_if_sent(request),
            ) from problem
        raise


# ---- the services this BFF calls ---------------------------------------------------


def _upstream(name: str) -> Any:
    async def upstream(request: Request) -> ServiceClient:
        client: ServiceClient = getattr(request.app.state, name)
        return client

    upstream.__name__ = f"get_{name}"
    return Depends(upstream)


CatalogDep = Annotated[ServiceClient, _upstream("catalog")]
CurationDep = Annotated[ServiceClient, _upstream("curation")]
QuestionnaireDep = Annotated[ServiceClient, _upstream("questionnaire")]
OrdersDep = Annotated[ServiceClient, _upstream("orders")]
PaymentsDep = Annotated[ServiceClient, _upstream("payments")]
NotificationsDep = Annotated[ServiceClient, _upstream("notifications")]
ReportingDep = Annotated[ServiceClient, _upstream("reporting")]


async def get_view(request: Request, settings: SettingsDep) -> service.View:
    return service.View(
        root=mounted_url(request, ""), description_chars=settings.card_description_chars
    )


ViewDep = Annotated[service.View, Depends(get_view)]


async def get_curation(request: Request) -> ServiceClient:
    client: ServiceClient = request.app.state.curation
    return client


# ---- staff -------------------------------------------------------------------------


async def admin_signed_in(request: Request) -> Current:
    current = await signed_in(request)
    if "admin" not in current.session.profile.roles:
        raise Problem(403, "forbidden", "Staff pages are for admins.")
    return current


AdminDep = Annotated[Current, Depends(admin_signed_in)]

ADMIN_RESPONSES: dict[int | str, dict[str, Any]] = {
    **SIGNED_IN_RESPONSES,
    403: documented_problem("Not an admin (`forbidden`), or `csrf-token-invalid`"),
    404: READ_RESPONSES[404],
}


# ---- answers -------------------------------------------------------------------------

PRIVATE = {"Cache-Control": "private, no-store", "Vary": "Cookie"}
OrderId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]


def json_response(body: Any, status_code: int = 200) -> Response:
    return Response(
        orjson.dumps(body), status_code=status_code, media_type="application/json", headers=PRIVATE
    )
