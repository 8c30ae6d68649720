"""Sign-in for the web app (authorization code + PKCE, tokens kept here), the session
it leads to, and the account routes that act on the shopper's behalf.

    GET  /auth/login?return_to=/path[&prompt=step_up]   → 302 to the sign-in page
    GET  /auth/callback?code&state                       → 302 to return_to, cookie set
    POST /auth/logout                                    → 204, sign-in revoked
    GET  /api/session, POST /api/register, POST /api/verify-email,
    POST /api/me/mfa/totp, POST /api/me/mfa/totp/confirm, DELETE /api/me/mfa/totp
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Annotated, Any, Literal
from urllib.parse import urlencode, urlsplit, urlunsplit

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import RedirectResponse

from bookbrew.bff_web.schemas import CustomerSummary, SessionInfo
from bookbrew.bff_web.sessions import (
    CSRF_HEADER,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    UNSAFE_METHODS,
    PendingSignIn,
    Profile,
    Session,
    SessionEnded,
    Sessions,
    clear_session_cookie,
    cleared_cookie_header,
    cookie_secure,
    digest,
    safe_return_to,
    same_secret,
    set_session_cookie,
)
from bookbrew.bff_web.settings import BffWebSettings
from bookbrew.clients.identity import GrantRefused, Identity, pkce_pair
from bookbrew.contracts.customers import (
    EmailVerified,
    RecoveryCodes,
    RegisterBody,
    RegistrationAccepted,
    TotpCodeBody,
    TotpEnrollment,
    VerifyEmailBody,
)
from bookbrew.platform.deps import get_runtime
from bookbrew.platform.http import ServiceClient, ServiceError, ServiceUnavailable
from bookbrew.platform.problems import Problem
from bookbrew.platform.responses import (
    READ_RESPONSES,
    call_as_user,
    documented_problem,
    relay_json,
    user_problem,
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
        if headers is None:
            return await call_as_user(client, method, path, token, params=params, json=json)
        try:
            return await client.request(
                method,
                path,
                params=params,
                json=json,
                headers={**headers, "Authorization": f"Bearer {token}"},
            )
        except ServiceError as exc:
            raise user_problem(exc) from exc
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


# ---- sign-in -------------------------------------------------------------------------

auth = APIRouter(prefix="/auth", tags=["sign-in"])


def _origin(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def callback_url(request: Request, settings: BffWebSettings) -> str:
    base = settings.public_url.rstrip("/") or str(request.base_url).rstrip("/")
    return f"{base}/auth/callback"


def authorize_url(request: Request, settings: BffWebSettings) -> str:
    identity = settings.identity_public_url.rstrip("/")
    if identity.startswith("/"):
        identity = _origin(request) + identity
    return f"{identity}/oauth/authorize"


@auth.get(
    "/login",
    status_code=302,
    response_class=RedirectResponse,
    responses={302: {"description": "To the identity service's sign-in page"}},
)
async def start_sign_in(
    request: Request,
    settings: SettingsDep,
    sessions: SessionsDep,
    return_to: Annotated[str | None, Query(max_length=2000)] = None,
    prompt: Literal["step_up", "login"] | None = None,
) -> Response:
    """Begin the code flow: a fresh state and PKCE verifier are kept here, the browser
    goes to the sign-in page. `prompt=step_up` asks for the second factor."""
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(32)
    nonce = request.cookies.get(LOGIN_COOKIE) or ""
    if not 20 <= len(nonce) <= 100:
        nonce = secrets.token_urlsafe(32)
    redirect_uri = callback_url(request, settings)
    step_up = prompt == "step_up"
    await sessions.begin_sign_in(
        PendingSignIn(
            state=state,
            verifier=verifier,
            redirect_uri=redirect_uri,
            return_to=safe_return_to(return_to),
            browser=digest(nonce),
            step_up=step_up,
        )
    )
    params = {
        "response_type": "code",
        "client_id": settings.oauth_client_id,
        "redirect_uri": redirect_uri,
        "scope": settings.oauth_scope,
        "state": state,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    if prompt is not None:
        # What an identity server that knows them reads (OIDC); ours shows the sign-in
        # page, with the second factor when enrolled, on every authorization anyway.
        params["prompt"] = "login"
    if step_up:
        params["acr_values"] = "aal2"
    response = RedirectResponse(
        f"{authorize_url(request, settings)}?{urlencode(params)}", 302, headers=NO_STORE
    )
    # Binds the state to this browser: a callback carrying someone else's code (login
    # CSRF) fails here. Lax, so the redirect back from the sign-in page carries it.
    response.set_cookie(
        LOGIN_COOKIE,
        nonce,
        max_age=settings.login_ttl_seconds,
        path="/auth",
        httponly=True,
        samesite="lax",
        secure=cookie_secure(request, settings),
    )
    return response


def _back_to(return_to: str, error: str | None = None) -> RedirectResponse:
    if error is not None:
        parts = urlsplit(return_to)
        query = "&".join(q for q in (parts.query, urlencode({"auth_error": error})) if q)
        return_to = urlunsplit(("", "", parts.path, query, parts.fragment))
    return RedirectResponse(return_to, 302, headers=NO_STORE)


@auth.get(
    "/callback",
    status_code=302,
    response_class=RedirectResponse,
    responses={
        302: {
            "description": "To `return_to`, signed in; or with `auth_error` "
            "(`access_denied`, `invalid_state`, `sign_in_failed`, `unavailable`) appended"
        }
    },
)
async def finish_sign_in(
    request: Request,
    settings: SettingsDep,
    sessions: SessionsDep,
    customers: CustomersDep,
    code: Annotated[str | None, Query(max_length=512)] = None,
    state: Annotated[str | None, Query(max_length=512)] = None,
    error: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    """The identity service sends the browser back here: exchange the code (with the
    PKCE verifier), keep the tokens in a new session, set the cookie, go on."""
    pending = await sessions.finish_sign_in(state) if state else None
    nonce = request.cookies.get(LOGIN_COOKIE)
    if pending is None or not nonce or not same_secret(digest(nonce), pending.browser):
        return _back_to("/", "invalid_state")
    if error is not None or not code:
        return _back_to(pending.return_to, "access_denied" if error else "sign_in_failed")
    identity: Identity = request.app.state.identity
    try:
        tokens = await identity.exchange_code(
            code, verifier=pending.verifier, redirect_uri=pending.redirect_uri
        )
        me = await call_as_user(customers, "GET", "/customers/me", tokens.access_token)
    except GrantRefused:
        return _back_to(pending.return_to, "sign_in_failed")
    except ServiceUnavailable:
        return _back_to(pending.return_to, "unavailable")
    # A new session id on every sign-in (no fixation); an earlier one of this browser
    # ends with its refresh token revoked.
    previous = await current_session(request)
    if previous is not None:
        await sessions.end(previous.session_id, previous.session)
    session_id, _ = await sessions.create(tokens, Profile.of(me.json()))
    response = _back_to(pending.return_to)
    set_session_cookie(response, request, settings, session_id)
    response.delete_cookie(LOGIN_COOKIE, path="/auth")
    return response


@auth.post("/logout", status_code=204, dependencies=CSRF, responses={403: SIGNED_IN_RESPONSES[403]})
async def sign_out(
    request: Request,
    settings: SettingsDep,
    sessions: SessionsDep,
    current: MaybeSignedInDep,
) -> Response:
    """Revoke the sign-in at the identity service and forget the session (needs
    `X-CSRF-Token` when signed in). Signed out already: 204 all the same."""
    if current is not None:
        await sessions.end(current.session_id, current.session)
    response = Response(status_code=204, headers=NO_STORE)
    clear_session_cookie(response, request, settings)
    return response


# ---- session and account -----------------------------------------------------------

account = APIRouter(prefix="/api", tags=["account"], dependencies=CSRF)


def _summary(profile: Profile) -> CustomerSummary:
    return CustomerSummary(
        id=profile.id,
        display_name=profile.display_name,
        email=profile.email,
        roles=profile.roles,
        mfa_enabled=profile.mfa_enabled,
    )


@account.get("/session", response_model=SessionInfo, responses={503: READ_RESPONSES[503]})
async def get_session(
    request: Request,
    settings: SettingsDep,
    sessions: SessionsDep,
    customers: CustomersDep,
    current: MaybeSignedInDep,
) -> Response:
    """Who is signed in, and the CSRF token to send back on unsafe requests. The
    profile is read fresh (the stored one when the customers service is down)."""
    if current is not None:
        try:
            token = await user_token(request, current)
            me = await call_as_user(customers, "GET", "/customers/me", token)
        except ServiceUnavailable:
            pass  # the stored profile will do
        except Problem as refused:
            # The sign-in ended, or the account is gone (erased): signed out.
            if refused.status not in (401, 403, 404):
                raise
            await sessions.end(current.session_id, current.session)
            current = None
        else:
            current.session.profile = Profile.of(me.json())
            await sessions.save(current.session_id, current.session)
    if current is None:
        info = SessionInfo(signed_in=False, customer=None, csrf_token=None)
        response = Response(info.model_dump_json(), media_type="application/json")
        if SESSION_COOKIE in request.cookies:
            clear_session_cookie(response, request, settings)
    else:
        session = current.session
        info = SessionInfo(
            signed_in=True, customer=_summary(session.profile), csrf_token=session.csrf_token
        )
        response = Response(info.model_dump_json(), media_type="application/json")
    response.headers.update({**NO_STORE, "Vary": "Cookie"})
    return response


@account.post(
    "/register",
    response_model=RegistrationAccepted,
    status_code=202,
    responses={422: READ_RESPONSES[422], 503: READ_RESPONSES[503]},
)
async def register(body: RegisterBody, customers: CustomersDep) -> Any:
    """Create an account; a verification link is e-mailed. The same answer whether or
    not the address already has an account."""
    answer = await customers.post_json("/customers", body.model_dump())
    return RegistrationAccepted.model_validate(answer)


@account.post(
    "/verify-email",
    response_model=EmailVerified,
    responses={
        400: documented_problem("`invalid-verification-token`: invalid or expired link"),
        503: READ_RESPONSES[503],
    },
)
async def verify_email(body: VerifyEmailBody, customers: CustomersDep) -> EmailVerified:
    """The token from the e-mailed link (`/verify-email?token=…`)."""
    profile = await customers.post_json("/email-verifications", {"token": body.token})
    return EmailVerified(verified=bool(profile.get("email_verified")), email=profile["email"])


@account.post(
    "/me/mfa/totp",
    response_model=TotpEnrollment,
    status_code=201,
    responses=SIGNED_IN_RESPONSES,
)
async def start_totp_enrollment(
    request: Request, current: SignedInDep, customers: CustomersDep
) -> Response:
    """Start enrolling an authenticator app: a secret and an `otpauth://` URI."""
    answer = await call_for_shopper(request, current, customers, "POST", "/customers/me/mfa/totp")
    return relay_json(answer)


@account.post("/me/mfa/totp/confirm", response_model=RecoveryCodes, responses=SIGNED_IN_RESPONSES)
async def confirm_totp_enrollment(
    request: Request,
    body: TotpCodeBody,
    current: SignedInDep,
    customers: CustomersDep,
    sessions: SessionsDep,
) -> Response:
    """Turn TOTP on with a code from the app; the answer holds recovery codes, once."""
    answer = await call_for_shopper(
        request,
        current,
        customers,
        "POST",
        "/customers/me/mfa/totp/confirmation",
        json={"code": body.code},
    )
    current.session.profile.mfa_enabled = True
    await sessions.save(current.session_id, current.session)
    return relay_json(answer)


@account.delete("/me/mfa/totp", status_code=204, responses=SIGNED_IN_RESPONSES)
async def disable_totp(
    request: Request, current: SignedInDep, customers: CustomersDep, sessions: SessionsDep
) -> Response:
    """Turn TOTP off. Needs a recent second factor: else `step-up-required` with a
    `login_url`."""
    await call_for_shopper(request, current, customers, "DELETE", "/customers/me/mfa/totp")
    current.session.profile.mfa_enabled = False
    await sessions.save(current.session_id, current.session)
    return Response(status_code=204, headers=NO_STORE)
