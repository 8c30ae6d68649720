"""The shopper's account: the session the web app reads (`GET /api/session`), sign-up
and e-mail verification, TOTP enrollment."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from bookbrew.bff_web.deps import (
    CSRF,
    NO_STORE,
    SIGNED_IN_RESPONSES,
    CustomersDep,
    MaybeSignedInDep,
    SessionsDep,
    SettingsDep,
    SignedInDep,
    call_for_shopper,
    user_token,
)
from bookbrew.bff_web.schemas import CustomerSummary, SessionInfo
from bookbrew.bff_web.sessions import (
    SESSION_COOKIE,
    Profile,
    SessionEnded,
    clear_session_cookie,
)
from bookbrew.contracts.customers import (
    EmailVerified,
    RecoveryCodes,
    RegisterBody,
    RegistrationAccepted,
    TotpCodeBody,
    TotpEnrollment,
    VerifyEmailBody,
)
from bookbrew.platform.http import ServiceUnavailable
from bookbrew.platform.problems import Problem
from bookbrew.platform.responses import (
    READ_RESPONSES,
    call_as_user,
    documented_problem,
    relay_json,
)

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
            fresh = Profile.of(me.json())
            changed_roles = set(fresh.roles) != set(current.session.profile.roles)
            current.session.profile = fresh
            await sessions.save(current.session_id, current.session)
            if changed_roles:
                # Granted (or lost) a role: the access token carries roles, so take a new
                # one now rather than at its expiry; no signing out and in.
                try:
                    await sessions.refresh(current.session_id, current.session, force=True)
                except ServiceUnavailable:
                    pass  # the next refresh brings them
                except SessionEnded:
                    current = None  # the sign-in is over (the session is gone)
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
