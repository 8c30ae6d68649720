"""Accounts for the app: where and as which client to sign in (the app runs
authorization code + PKCE in the system browser itself), sign-up and e-mail
verification, TOTP enrollment, and sign-out, which revokes the refresh token (the
sign-in's whole family) and forgets the install's push device."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bookbrew.bff_mobile.deps import (
    BEARER_RESPONSES,
    Customers,
    MaybeToken,
    Notifications,
    Settings,
    Token,
)
from bookbrew.clients.identity import Identity
from bookbrew.contracts.customers import (
    EmailVerified,
    RecoveryCodes,
    RegisterBody,
    RegistrationAccepted,
    ResendVerificationBody,
    TotpCodeBody,
    TotpEnrollment,
    VerifyEmailBody,
)
from bookbrew.platform.http import ServiceError
from bookbrew.platform.responses import (
    READ_RESPONSES,
    call_as_user,
    conditional_response,
    documented_problem,
    relay_json,
)

router = APIRouter(prefix="/api", tags=["account"])


class AuthConfig(BaseModel):
    """What the app needs to sign in with code + PKCE (RFC 7636) in the system browser."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    revocation_endpoint: str
    client_id: str
    scope: str = Field(description="Space-separated, as the authorization request sends it")
    redirect_uris: list[str] = Field(description="Where the identity service may send the code")


@router.get("/auth/config", response_model=AuthConfig, responses={304: READ_RESPONSES[304]})
async def get_auth_config(request: Request, settings: Settings) -> Response:
    """The identity service's endpoints and this app's client (public, cacheable)."""
    issuer = settings.identity_public_url.rstrip("/")
    config = AuthConfig(
        issuer=issuer,
        authorization_endpoint=f"{issuer}/oauth/authorize",
        token_endpoint=f"{issuer}/oauth/token",
        revocation_endpoint=f"{issuer}/oauth/revoke",
        client_id=settings.oauth_client_id,
        scope=settings.oauth_scope,
        redirect_uris=settings.oauth_redirect_uris,
    )
    return conditional_response(request, orjson.dumps(config.model_dump()), max_age=300)


@router.post(
    "/register",
    response_model=RegistrationAccepted,
    status_code=202,
    responses={422: READ_RESPONSES[422], 503: READ_RESPONSES[503]},
)
async def register(body: RegisterBody, customers: Customers) -> RegistrationAccepted:
    """Create an account; a verification link is e-mailed. The same answer whether or
    not the address already has an account."""
    return RegistrationAccepted.model_validate(
        await customers.post_json("/customers", body.model_dump())
    )


@router.post(
    "/verify-email",
    response_model=EmailVerified,
    responses={
        400: documented_problem("`invalid-verification-token`: invalid or expired link"),
        503: READ_RESPONSES[503],
    },
)
async def verify_email(body: VerifyEmailBody, customers: Customers) -> EmailVerified:
    """The token from the e-mailed link."""
    profile = await customers.post_json("/email-verifications", {"token": body.token})
    return EmailVerified(verified=bool(profile.get("email_verified")), email=profile["email"])


@router.post(
    "/verify-email/resend",
    response_model=RegistrationAccepted,
    status_code=202,
    responses={422: READ_RESPONSES[422], 503: READ_RESPONSES[503]},
)
async def resend_verification(
    body: ResendVerificationBody, customers: Customers
) -> RegistrationAccepted:
    """A new verification link, for an account not verified yet. The same answer
    whatever the address; at most one link a minute per address."""
    return RegistrationAccepted.model_validate(
        await customers.post_json("/email-verifications/requests", body.model_dump())
    )


@router.post(
    "/me/mfa/totp", response_model=TotpEnrollment, status_code=201, responses=BEARER_RESPONSES
)
async def start_totp_enrollment(token: Token, customers: Customers) -> Response:
    """Start enrolling an authenticator app: a secret and an `otpauth://` URI."""
    return relay_json(await call_as_user(customers, "POST", "/customers/me/mfa/totp", token))


@router.post("/me/mfa/totp/confirm", response_model=RecoveryCodes, responses=BEARER_RESPONSES)
async def confirm_totp_enrollment(
    token: Token, customers: Customers, body: TotpCodeBody
) -> Response:
    """Turn TOTP on with a code from the authenticator; recovery codes, shown once."""
    answer = await call_as_user(
        customers, "POST", "/customers/me/mfa/totp/confirmation", token, json=body.model_dump()
    )
    return relay_json(answer)


@router.delete("/me/mfa/totp", status_code=204, responses=BEARER_RESPONSES)
async def disable_totp(token: Token, customers: Customers) -> Response:
    """Turn TOTP off. Needs a recent second factor: else 403 `step-up-required`."""
    await call_as_user(customers, "DELETE", "/customers/me/mfa/totp", token)
    return Response(status_code=204, headers={"Cache-Control": "no-store"})


class SignOutBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    device_id: (
        Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
        | None
    ) = Field(default=None, description="This install's push device (`POST /api/devices`' `id`)")


@router.post("/sign-out", status_code=204, responses={422: READ_RESPONSES[422]})
async def sign_out(
    body: SignOutBody,
    token: MaybeToken,
    customers: Customers,
    notifications: Notifications,
    settings: Settings,
) -> Response:
    """Sign out this install: its push device is forgotten (with a still valid access
    token) and the refresh token revoked, which ends the sign-in everywhere it was
    refreshed. Always 204: a sign-out the identity service could not hear about now
    still ends here, and an expired access token only leaves the device registered
    until its token stops working."""
    if token is not None and body.device_id is not None:
        try:
            await call_as_user(
                notifications, "DELETE", f"/me/push-subscriptions/{body.device_id}", token
            )
        except (ServiceError, Exception):
            pass
    await Identity(customers, client_id=settings.oauth_client_id).revoke(body.refresh_token)
    return Response(status_code=204, headers={"Cache-Control": "no-store"})
