"""Account routes: registration and verification (public), then the account holder's
profile, addresses, preferences, MFA and erasure (`me` or an id; object-level checks)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from bookbrew.contracts.customers import (
    RecoveryCodes,
    RegistrationAccepted,
    ResendVerificationBody,
    TotpCodeBody,
    TotpEnrollment,
    VerifyEmailBody,
)
from bookbrew.customers import repository
from bookbrew.customers.api.deps import (
    OwnAccount,
    ReadableAccount,
    SecurityDep,
    WritableAccount,
    require_recent_sign_in,
)
from bookbrew.customers.schemas import (
    Address,
    AddressIn,
    ChangeEmail,
    ChangePassword,
    CustomerProfile,
    Preferences,
    ProfileUpdate,
    Purchase,
    RegisterCustomer,
)
from bookbrew.customers.service import accounts, addresses, mfa, purchases
from bookbrew.platform.deps import CacheDep, SessionDep

public = APIRouter(tags=["registration"])
router = APIRouter(prefix="/customers/{customer_id}", tags=["accounts"])


@public.post("/customers", response_model=RegistrationAccepted, status_code=202)
async def register_customer(
    session: SessionDep, security: SecurityDep, body: RegisterCustomer
) -> RegistrationAccepted:
    """Always the same answer, whether or not the address already has an account."""
    await accounts.register(session, security, body)
    return RegistrationAccepted()


@public.post("/email-verifications/requests", response_model=RegistrationAccepted, status_code=202)
async def request_verification(
    session: SessionDep, cache: CacheDep, security: SecurityDep, body: ResendVerificationBody
) -> RegistrationAccepted:
    """A new verification link for an account not verified yet. Always the same answer,
    whether or not the address has an account (and at most one link a minute)."""
    await accounts.request_verification(session, cache, security, body.email)
    return RegistrationAccepted()


@public.post("/email-verifications", response_model=CustomerProfile)
async def verify_email(
    session: SessionDep, security: SecurityDep, body: VerifyEmailBody
) -> CustomerProfile:
    customer = await accounts.verify_email(session, security, body.token)
    return accounts.to_profile(security, customer)


@router.get("", response_model=CustomerProfile)
async def get_customer(
    session: SessionDep, security: SecurityDep, account: ReadableAccount
) -> CustomerProfile:
    customer = await accounts.require_customer(session, account.customer_id)
    return accounts.to_profile(security, customer)


@router.patch("", response_model=CustomerProfile)
async def update_customer(
    session: SessionDep, security: SecurityDep, account: WritableAccount, body: ProfileUpdate
) -> CustomerProfile:
    customer = await accounts.update_profile(session, security, account.customer_id, body)
    return accounts.to_profile(security, customer)


@router.delete("", status_code=204)
async def erase_customer(
    session: SessionDep, security: SecurityDep, account: WritableAccount
) -> Response:
    """Erase the account: personal data removed, `customer.erased` published (every
    service then refuses the holder's still-valid tokens). The holder must have signed
    in recently, with the second factor if enrolled; else 403 `step-up-required`."""
    if not account.principal.is_admin:
        customer = await accounts.require_customer(session, account.customer_id, for_update=True)
        require_recent_sign_in(account.principal, security, customer)
    await accounts.erase(session, account.customer_id, actor=account.actor)
    return Response(status_code=204)


@router.put("/email", response_model=CustomerProfile)
async def change_email(
    session: SessionDep, security: SecurityDep, account: OwnAccount, body: ChangeEmail
) -> CustomerProfile:
    """Needs a recent sign-in (with the second factor if enrolled): else 403
    `step-up-required`."""
    customer = await accounts.require_customer(session, account.customer_id, for_update=True)
    require_recent_sign_in(account.principal, security, customer)
    customer = await accounts.change_email(session, security, account.customer_id, body.new_email)
    return accounts.to_profile(security, customer)


@router.put("/password", status_code=204)
async def change_password(
    session: SessionDep, security: SecurityDep, account: OwnAccount, body: ChangePassword
) -> Response:
    """Needs the current password and a recent sign-in (with the second factor if
    enrolled): else 403 `step-up-required`. Every other sign-in of the account ends."""
    customer = await accounts.require_customer(session, account.customer_id, for_update=True)
    require_recent_sign_in(account.principal, security, customer)
    await accounts.change_password(
        session, security, account.customer_id, body.current_password, body.new_password
    )
    return Response(status_code=204)


@router.get("/preferences", response_model=Preferences)
async def get_preferences(session: SessionDep, account: ReadableAccount) -> Preferences:
    customer = await accounts.require_customer(session, account.customer_id)
    return Preferences.model_validate(customer.preferences)


@router.put("/preferences", response_model=Preferences)
async def set_preferences(
    session: SessionDep, account: WritableAccount, body: Preferences
) -> Preferences:
    customer = await accounts.set_preferences(session, account.customer_id, body)
    return Preferences.model_validate(customer.preferences)


@router.get("/purchases", response_model=list[Purchase])
async def list_purchases(
    session: SessionDep,
    account: ReadableAccount,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[Purchase]:
    """Purchase history, newest first, built from the orders service's events."""
    await accounts.require_customer(session, account.customer_id)
    rows = await purchases.history(session, account.customer_id, limit)
    return [Purchase.model_validate(row, from_attributes=True) for row in rows]


@router.get("/addresses", response_model=list[Address])
async def list_addresses(
    session: SessionDep, security: SecurityDep, account: ReadableAccount
) -> list[Address]:
    await accounts.require_customer(session, account.customer_id)
    rows = await repository.addresses(session, account.customer_id)
    return [addresses.to_address(security, row) for row in rows]


@router.post("/addresses", response_model=Address, status_code=201)
async def add_address(
    session: SessionDep, security: SecurityDep, account: WritableAccount, body: AddressIn
) -> Address:
    await accounts.require_customer(session, account.customer_id)
    row = await addresses.add(session, security, account.customer_id, body)
    return addresses.to_address(security, row)


@router.put("/addresses/{address_id}", response_model=Address)
async def replace_address(
    session: SessionDep,
    security: SecurityDep,
    account: WritableAccount,
    address_id: str,
    body: AddressIn,
) -> Address:
    row = await addresses.replace(session, security, account.customer_id, address_id[:36], body)
    return addresses.to_address(security, row)


@router.delete("/addresses/{address_id}", status_code=204)
async def delete_address(
    session: SessionDep, account: WritableAccount, address_id: str
) -> Response:
    await addresses.remove(session, account.customer_id, address_id[:36])
    return Response(status_code=204)


@router.post("/mfa/totp", response_model=TotpEnrollment, status_code=201)
async def enroll_totp(
    session: SessionDep, security: SecurityDep, account: OwnAccount
) -> TotpEnrollment:
    """Start enrolling: a secret and an otpauth:// URI for a QR code. Confirm with a code.
    Needs a recent sign-in: else 403 `step-up-required`."""
    customer = await accounts.require_customer(session, account.customer_id, for_update=True)
    require_recent_sign_in(account.principal, security, customer)
    return await mfa.begin_enrollment(session, security, customer)


@router.post("/mfa/totp/confirmation", response_model=RecoveryCodes)
async def confirm_totp(
    session: SessionDep, security: SecurityDep, account: OwnAccount, body: TotpCodeBody
) -> RecoveryCodes:
    """Turn TOTP on; the answer holds the recovery codes, shown this once. Needs a
    recent sign-in: else 403 `step-up-required`."""
    customer = await accounts.require_customer(session, account.customer_id, for_update=True)
    require_recent_sign_in(account.principal, security, customer)
    codes = await mfa.confirm_enrollment(session, security, customer, body.code)
    return RecoveryCodes(recovery_codes=codes)


@router.delete("/mfa/totp", status_code=204)
async def disable_totp(session: SessionDep, security: SecurityDep, account: OwnAccount) -> Response:
    """Turn TOTP off. Needs a recent sign-in with the second factor: else 403
    `step-up-required`."""
    customer = await accounts.require_customer(session, account.customer_id, for_update=True)
    require_recent_sign_in(account.principal, security, customer)
    await mfa.disable(session, customer, actor=account.actor)
    return Response(status_code=204)


@router.post("/mfa/recovery-codes", response_model=RecoveryCodes)
async def regenerate_recovery_codes(
    session: SessionDep, security: SecurityDep, account: OwnAccount
) -> RecoveryCodes:
    """New recovery codes (the old ones stop working). Needs a recent sign-in with the
    second factor: else 403 `step-up-required`."""
    customer = await accounts.require_customer(session, account.customer_id, for_update=True)
    require_recent_sign_in(account.principal, security, customer)
    return RecoveryCodes(recovery_codes=await mfa.regenerate_recovery_codes(session, customer))
