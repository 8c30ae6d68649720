"""Sign-in for the web app: authorization code + PKCE against the identity service, the
tokens kept here in the session (never in the browser), and sign-out.

    GET  /auth/login?return_to=/path[&prompt=step_up]   → 302 to the sign-in page
    GET  /auth/callback?code&state                       → 302 to return_to, cookie set
    POST /auth/logout                                    → 204, sign-in revoked
"""

from __future__ import annotations

import secrets
from typing import Annotated, Literal
from urllib.parse import urlencode, urlsplit, urlunsplit

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse

from bookbrew.bff_web.deps import (
    CSRF,
    NO_STORE,
    SIGNED_IN_RESPONSES,
    CustomersDep,
    MaybeSignedInDep,
    SessionsDep,
    SettingsDep,
    current_session,
)
from bookbrew.bff_web.sessions import (
    LOGIN_COOKIE,
    PendingSignIn,
    Profile,
    clear_session_cookie,
    cookie_secure,
    digest,
    safe_return_to,
    same_secret,
    set_session_cookie,
)
from bookbrew.bff_web.settings import BffWebSettings
from bookbrew.clients.identity import GrantRefused, Identity, pkce_pair
from bookbrew.platform.http import ServiceUnavailable
from bookbrew.platform.responses import (
    call_as_user,
)

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
