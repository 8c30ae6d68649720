"""Dependencies of the customers routes: the security context, and who may touch
which account (object-level checks on top of `platform.auth.require`)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from bookbrew.customers.models import CustomerRow
from bookbrew.customers.service.security import Security
from bookbrew.platform.auth import Principal, require
from bookbrew.platform.problems import NotFound, Problem


def get_security(request: Request) -> Security:
    security: Security = request.app.state.security
    return security


SecurityDep = Annotated[Security, Depends(get_security)]

_any_caller = require(roles={"customer", "admin", "service"})


@dataclass(frozen=True)
class Account:
    """The account a request may act on, and who is acting."""

    customer_id: str
    principal: Principal

    @property
    def actor(self) -> str:
        return self.principal.subject

    @property
    def is_owner(self) -> bool:
        return self.principal.subject == self.customer_id


def _resolve(customer_id: str, principal: Principal, *, write: bool) -> Account:
    if customer_id == "me":
        customer_id = principal.subject
    if principal.is_admin:
        return Account(customer_id, principal)
    if "customer" in principal.roles and principal.subject == customer_id:
        if "profile" not in principal.scopes:
            raise Problem(403, "insufficient-scope", "missing scope: profile")
        return Account(customer_id, principal)
    if not write and "service" in principal.roles and "customers.read" in principal.scopes:
        return Account(customer_id, principal)
    # Another customer's account: answer as if it did not exist.
    raise NotFound(f"No customer {customer_id}.")


async def readable_account(
    customer_id: str, principal: Annotated[Principal, Depends(_any_caller)]
) -> Account:
    return _resolve(customer_id, principal, write=False)


async def writable_account(
    customer_id: str, principal: Annotated[Principal, Depends(_any_caller)]
) -> Account:
    return _resolve(customer_id, principal, write=True)


async def own_account(
    customer_id: str, principal: Annotated[Principal, Depends(_any_caller)]
) -> Account:
    """Only the account holder (MFA, e-mail and password changes): not even an admin."""
    account = _resolve(customer_id, principal, write=True)
    if not account.is_owner:
        raise Problem(403, "forbidden", "Only the account holder can do this.")
    return account


ReadableAccount = Annotated[Account, Depends(readable_account)]
WritableAccount = Annotated[Account, Depends(writable_account)]
OwnAccount = Annotated[Account, Depends(own_account)]


def require_recent_sign_in(principal: Principal, security: Security, customer: CustomerRow) -> None:
    """The one check of sensitive changes (MFA enrolment and removal, recovery codes,
    e-mail and password changes, erasure): the token must come from a sign-in at most
    `step_up_max_age_seconds` old (its `auth_time`; refreshed tokens keep the sign-in's,
    so a stolen long-lived session cannot do these things), made with the second factor
    when the account has one. Else 403 `step-up-required` with the RFC 9470 challenge
    saying what to sign in with (`max_age`, and `acr_values` when a second factor is due)."""
    max_age = security.settings.step_up_max_age_seconds
    if customer.totp_enabled:
        if principal.has_recent_second_factor(max_age):
            return
        detail = "Sign in again with your second factor to do this."
        asked = 'error_description="a recent second factor is required", acr_values="aal2"'
        extra: dict[str, object] = {"acr_values": "aal2"}
    else:
        if principal.auth_time is not None and time.time() - principal.auth_time <= max_age:
            return
        detail = "Sign in again to do this."
        asked = 'error_description="a recent sign-in is required"'
        extra = {}
    raise Problem(
        403,
        "step-up-required",
        detail,
        title="Step-up authentication required",
        headers={
            "WWW-Authenticate": (
                f'Bearer error="insufficient_user_authentication", {asked}, max_age={max_age}'
            )
        },
        max_age=max_age,
        **extra,
    )


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"
