"""OAuth 2.0 endpoints: the authorization endpoint with its sign-in and second-factor
pages, the token and revocation endpoints, discovery metadata (RFC 8414) and the JWKS.

The pages keep no server-side session: the original authorization request travels in
a hidden field and is validated again on every post; a signed, five-minute `pending`
token carries a password sign-in to the second-factor page. Forms are protected by a
double-submit CSRF token (cookie + field)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from authlib.oauth2.rfc6749.errors import OAuth2Error
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from bookbrew.customers import repository
from bookbrew.customers.api.deps import SecurityDep, client_ip
from bookbrew.customers.service import mfa, signin
from bookbrew.customers.service.oauth import AuthorizationServer, run_oauth
from bookbrew.customers.service.oauth_models import SCOPES, EndUser, StarletteOAuth2Request
from bookbrew.customers.service.security import Security
from bookbrew.platform.cache import Cache
from bookbrew.platform.deps import RuntimeDep, SessionDep

router = APIRouter(tags=["oauth"])

CSRF_COOKIE = "bookbrew_csrf"
MFA_PENDING = "mfa-pending"
# nosniff and the rest come from the platform (`platform.headers`); the pages' own URL
# carries the authorization request, so they send no referrer at all (as base.html says).
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def content_security_policy(redirect_uris: list[str]) -> str:
    """The sign-in pages' policy. Browsers apply `form-action` to the redirect that
    follows a form post too, so the registered clients' callback origins are allowed
    beside 'self' (the distributed profile serves sign-in and the shop on two ports)."""
    origins = sorted(
        {f"{u.scheme}://{u.netloc}" for u in map(urlsplit, redirect_uris) if u.scheme and u.netloc}
    )
    form_action = " ".join(["'self'", *origins])
    return (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"form-action {form_action}; frame-ancestors 'none'"
    )


_templates = Environment(
    loader=PackageLoader("bookbrew.customers", "templates"),
    autoescape=select_autoescape(["html"]),
)

Outcome = tuple[int, Any, list[tuple[str, str]]]


def _to_response(outcome: Outcome) -> Response:
    status, body, headers = outcome
    if isinstance(body, dict):
        return JSONResponse(body, status_code=status, headers=dict(headers))
    return Response(body or b"", status_code=status, headers=dict(headers))


def _page(
    request: Request, template: str, status: int = 200, *, csrf: str | None = None, **context: Any
) -> HTMLResponse:
    token = csrf or request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
    html = _templates.get_template(template).render(csrf_token=token, **context)
    security: Security = request.app.state.security
    headers = {
        **PAGE_HEADERS,
        "Content-Security-Policy": content_security_policy(
            list(security.settings.web_redirect_uris)
        ),
    }
    response = HTMLResponse(html, status_code=status, headers=headers)
    response.set_cookie(
        CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=security.settings.environment == "production",
        path="/",
        max_age=3600,
    )
    return response


def _authorization_request(request: Request, params: dict[str, str]) -> StarletteOAuth2Request:
    return StarletteOAuth2Request("GET", str(request.url), request.headers, args=params)


def _validate(server: AuthorizationServer, oauth_request: StarletteOAuth2Request) -> Any:
    """The grant, or what to answer: a redirect back with the error when the client and
    redirect URI are known good, else an error page (never redirect to an unknown URI)."""
    try:
        return server.get_consent_grant(oauth_request)
    except OAuth2Error as error:
        if error.redirect_uri:
            return server.handle_error_response(oauth_request, error)
        return error


def _error_page(request: Request, error: OAuth2Error) -> HTMLResponse:
    # A fixed text per error: nothing from the (possibly crafted) request is echoed.
    detail = _ERROR_TEXT.get(error.error, "The app's sign-in request is not valid.")
    return _page(request, "error.html", 400, error=detail)


_ERROR_TEXT = {
    "invalid_client": "This app is not known to BookBrew.",
    "unauthorized_client": "This app may not sign people in this way.",
}


def _check_csrf(request: Request, form: dict[str, str]) -> bool:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    return bool(cookie) and hmac.compare_digest(cookie, form.get("csrf_token", ""))


def _request_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


@router.get("/oauth/authorize", response_class=HTMLResponse)
async def authorize(request: Request, session: SessionDep, security: SecurityDep) -> Response:
    """Start of the code flow: check the client's request, then show the sign-in page."""
    items = list(request.query_params.multi_items())
    params = dict(items)
    if len(params) != len(items):
        return _page(request, "error.html", 400, error="A parameter was given twice.")
    oauth_request = _authorization_request(request, params)
    outcome = await run_oauth(
        session, security, client_ip(request), lambda server: _validate(server, oauth_request)
    )
    if isinstance(outcome, OAuth2Error):
        return _error_page(request, outcome)
    if isinstance(outcome, tuple):
        return _to_response(outcome)
    return _page(
        request,
        "login.html",
        action="authorize",
        authorization_request=urlencode(params),
        email="",
        error=None,
    )


async def _form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {key: str(value)[:4000] for key, value in form.items() if isinstance(value, str)}


async def _finish(
    request: Request,
    session: SessionDep,
    security: Security,
    params: dict[str, str],
    user: EndUser,
) -> Response:
    oauth_request = _authorization_request(request, params)

    def grant_code(server: AuthorizationServer) -> Any:
        grant = _validate(server, oauth_request)
        if isinstance(grant, (OAuth2Error, tuple)):
            return grant
        return server.create_authorization_response(oauth_request, grant_user=user, grant=grant)

    outcome = await run_oauth(session, security, client_ip(request), grant_code)
    if isinstance(outcome, OAuth2Error):
        return _error_page(request, outcome)
    return _to_response(outcome)


@router.post("/oauth/authorize", response_class=HTMLResponse)
async def sign_in(
    request: Request, session: SessionDep, security: SecurityDep, runtime: RuntimeDep
) -> Response:
    """The sign-in form's post: password, then a second factor if enrolled."""
    form = await _form(request)
    if not _check_csrf(request, form):
        return _page(request, "error.html", 403, error="The form expired; start again.")
    raw_request = form.get("authorization_request", "")
    params = dict(parse_qsl(raw_request))
    oauth_request = _authorization_request(request, params)
    ip = client_ip(request)
    checked = await run_oauth(session, security, ip, lambda s: _validate(s, oauth_request))
    if isinstance(checked, OAuth2Error):
        return _error_page(request, checked)
    if isinstance(checked, tuple):
        return _to_response(checked)
    cache: Cache | None = runtime.cache
    assert cache is not None
    email = form.get("email", "")[:254]
    try:
        customer = await signin.sign_in(
            session,
            cache,
            security,
            email,
            form.get("password", "")[:1024],
            ip=ip,
            client_id=params.get("client_id"),
        )
    except signin.SignInRefused as refused:
        page = _page(
            request,
            "login.html",
            refused.status,
            action="authorize",
            authorization_request=raw_request,
            email=email,
            error=refused.message,
        )
        if refused.retry_after:
            page.headers["Retry-After"] = str(refused.retry_after)
        return page
    if customer.totp_enabled:
        pending = security.sign(MFA_PENDING, 300, sub=customer.id, req=_request_digest(raw_request))
        return _page(
            request,
            "mfa.html",
            action="authorize/mfa",
            authorization_request=raw_request,
            pending=pending,
            error=None,
        )
    amr = ["pwd"]
    await signin.signed_in(session, customer, ip=ip, client_id=params.get("client_id"), amr=amr)
    user = EndUser(customer.id, list(customer.roles), int(time.time()), amr)
    return await _finish(request, session, security, params, user)


@router.post("/oauth/authorize/mfa", response_class=HTMLResponse)
async def second_factor(
    request: Request, session: SessionDep, security: SecurityDep, runtime: RuntimeDep
) -> Response:
    form = await _form(request)
    if not _check_csrf(request, form):
        return _page(request, "error.html", 403, error="The form expired; start again.")
    raw_request = form.get("authorization_request", "")
    claims = security.unsign(MFA_PENDING, form.get("pending", ""))
    if claims is None or claims.get("req") != _request_digest(raw_request):
        return _page(request, "error.html", 400, error="The sign-in expired; start again.")
    customer = await repository.customer(session, str(claims["sub"]), for_update=True)
    if customer is None or customer.status != "active":
        return _page(request, "error.html", 400, error="The sign-in expired; start again.")
    cache: Cache | None = runtime.cache
    assert cache is not None
    params = dict(parse_qsl(raw_request))
    ip = client_ip(request)
    key = f"mfa:{customer.id}"

    def again(status: int, message: str) -> HTMLResponse:
        return _page(
            request,
            "mfa.html",
            status,
            action="mfa",
            authorization_request=raw_request,
            pending=form.get("pending", ""),
            error=message,
        )

    try:
        await signin.check_locked(cache, key)
    except signin.SignInRefused as refused:
        return again(refused.status, refused.message)
    method = await mfa.verify_second_factor(session, security, customer, form.get("code", "")[:40])
    if method is None:
        await signin.record_failure(
            session,
            cache,
            security,
            key,
            customer_id=customer.id,
            ip=ip,
            client_id=params.get("client_id"),
            reason="wrong-second-factor",
        )
        return again(401, "That code is not right.")
    await cache.delete(f"signin:fail:{key}")
    amr = ["pwd", "mfa", "otp"] if method == "otp" else ["pwd", "mfa"]
    await signin.signed_in(session, customer, ip=ip, client_id=params.get("client_id"), amr=amr)
    user = EndUser(customer.id, list(customer.roles), int(time.time()), amr)
    return await _finish(request, session, security, params, user)


@router.post("/oauth/token")
async def token(request: Request, session: SessionDep, security: SecurityDep) -> Response:
    """Token endpoint: authorization_code (+PKCE), refresh_token, client_credentials.
    A code used twice is `invalid_grant`, and the sign-in its first use started ends:
    its refresh tokens are revoked, its access tokens refused here."""
    oauth_request = StarletteOAuth2Request(
        "POST", str(request.url), request.headers, args={}, form=await _form(request)
    )
    outcome = await run_oauth(
        session,
        security,
        client_ip(request),
        lambda s: s.create_token_response(oauth_request),
        revocations=getattr(request.app.state, "revocations", None),
    )
    return _to_response(outcome)


@router.post("/oauth/revoke")
async def revoke(request: Request, session: SessionDep, security: SecurityDep) -> Response:
    """RFC 7009. Revoking a refresh token (or an access token) ends its whole sign-in:
    every refresh token of the family. Access tokens themselves expire within minutes."""
    oauth_request = StarletteOAuth2Request(
        "POST", str(request.url), request.headers, args={}, form=await _form(request)
    )
    outcome = await run_oauth(
        session,
        security,
        client_ip(request),
        lambda s: s.create_endpoint_response("revocation", oauth_request),
    )
    return _to_response(outcome)


@router.get("/.well-known/oauth-authorization-server")
async def authorization_server_metadata(security: SecurityDep) -> JSONResponse:
    base = security.settings.public_url.rstrip("/")
    methods = ["client_secret_basic", "client_secret_post", "none"]
    return JSONResponse(
        {
            "issuer": security.settings.token_issuer,
            "authorization_endpoint": f"{base}/oauth/authorize",
            "token_endpoint": f"{base}/oauth/token",
            "revocation_endpoint": f"{base}/oauth/revoke",
            "jwks_uri": f"{base}/.well-known/jwks.json",
            "scopes_supported": SCOPES,
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
            "token_endpoint_auth_methods_supported": methods,
            "revocation_endpoint_auth_methods_supported": methods,
            "code_challenge_methods_supported": ["S256"],
            "acr_values_supported": ["aal1", "aal2"],
        },
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/.well-known/jwks.json")
async def jwks(security: SecurityDep) -> JSONResponse:
    """Public keys of every published signing key (current and those in overlap)."""
    return JSONResponse(security.keys.jwks(), headers={"Cache-Control": "public, max-age=60"})
