"""Registration, e-mail verification, profile, e-mail and password change, erasure."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from urllib.parse import urlencode

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts.customers import CustomerRegistered, CustomerVerificationRequested
from bookbrew.customers import events, repository
from bookbrew.customers.models import CustomerRow
from bookbrew.customers.schemas import (
    CustomerProfile,
    Preferences,
    ProfileUpdate,
    RegisterCustomer,
)
from bookbrew.customers.service import audit, purchases
from bookbrew.customers.service.security import Security
from bookbrew.platform.cache import Cache
from bookbrew.platform.problems import Conflict, NotFound, Problem

VERIFY_EMAIL = "verify-email"


async def require_customer(
    session: AsyncSession, customer_id: str, *, for_update: bool = False
) -> CustomerRow:
    customer = await repository.customer(session, customer_id, for_update=for_update)
    if customer is None or customer.status != "active":
        raise NotFound(f"No customer {customer_id}.")
    return customer


def to_profile(security: Security, customer: CustomerRow) -> CustomerProfile:
    born = security.open(customer, "date_of_birth")
    return CustomerProfile(
        id=customer.id,
        email=security.open(customer, "email") or "",
        email_verified=customer.email_verified_at is not None,
        display_name=security.open(customer, "display_name") or "",
        full_name=security.open(customer, "full_name"),
        phone=security.open(customer, "phone"),
        date_of_birth=date.fromisoformat(born) if born else None,
        locale=customer.locale,
        marketing_consent=customer.marketing_consent,
        mfa_enabled=customer.totp_enabled,
        roles=list(customer.roles),
        created_at=customer.created_at,
    )


def verification_url(security: Security, customer: CustomerRow) -> str:
    token = security.sign(
        VERIFY_EMAIL,
        security.settings.verification_ttl_seconds,
        sub=customer.id,
        eml=customer.email_index,
    )
    return f"{security.settings.verification_url_base}?{urlencode({'token': token})}"


async def register(
    session: AsyncSession, security: Security, data: RegisterCustomer
) -> CustomerRow | None:
    """A new account, or None when the address is taken: the caller answers the same
    either way, so registration does not tell who has an account. The password is
    hashed either way too (argon2 is most of the work): a taken address must not
    answer faster."""
    index = security.email_index(data.email)
    password_hash = await security.hash_password(data.password)
    if await repository.customer_by_email_index(session, index) is not None:
        return None
    now = datetime.now(UTC)
    customer = CustomerRow(
        id=str(uuid.uuid4()),
        email_index=index,
        locale=data.locale,
        marketing_consent=data.marketing_consent,
        password_hash=password_hash,
        roles=["customer"],
        status="active",
        recovery_codes=[],
        preferences=Preferences().model_dump(),
        totp_enabled=False,
        created_at=now,
        updated_at=now,
    )
    security.set_personal(customer, "email", data.email.strip())
    security.set_personal(customer, "display_name", data.display_name)
    security.set_personal(customer, "full_name", data.full_name)
    security.set_personal(customer, "phone", data.phone)
    security.set_personal(customer, "date_of_birth", data.date_of_birth)
    session.add(customer)
    try:
        await session.flush()
    except IntegrityError as exc:  # the same address registered concurrently
        raise Conflict("Registration could not complete; try again.", kind="retry") from exc
    await events.customer_registered(
        session,
        CustomerRegistered(
            customer_id=customer.id,
            email=data.email.strip(),
            display_name=data.display_name,
            locale=data.locale,
            verification_url=verification_url(security, customer),
            marketing_consent=data.marketing_consent,
        ),
    )
    return customer


async def request_verification(
    session: AsyncSession, cache: Cache, security: Security, email: str
) -> None:
    """Send a new verification link to an active account not verified yet; nothing
    for any other address, and the caller answers the same either way. One link per
    address per `verification_resend_seconds` (the cache remembers the last one), so the
    endpoint cannot be used to flood a mailbox."""
    index = security.email_index(email)
    throttle = f"verification-resend:{index}"
    if await cache.get(throttle) is not None:
        return
    await cache.set(throttle, b"1", security.settings.verification_resend_seconds)
    customer = await repository.customer_by_email_index(session, index)
    if customer is None or customer.status != "active" or customer.email_verified_at is not None:
        return
    await events.verification_requested(
        session,
        CustomerVerificationRequested(
            customer_id=customer.id,
            email=security.open(customer, "email") or email.strip(),
            display_name=security.open(customer, "display_name") or "",
            locale=customer.locale,
            verification_url=verification_url(security, customer),
        ),
    )


async def verify_email(session: AsyncSession, security: Security, token: str) -> CustomerRow:
    claims = security.unsign(VERIFY_EMAIL, token)
    invalid = Problem(400, "invalid-verification-token", "The link is invalid or has expired.")
    if claims is None:
        raise invalid
    customer = await repository.customer(session, str(claims.get("sub")), for_update=True)
    if customer is None or customer.status != "active" or customer.email_index != claims.get("eml"):
        raise invalid
    if customer.email_verified_at is None:
        customer.email_verified_at = datetime.now(UTC)
        customer.updated_at = customer.email_verified_at
        await session.flush()
        await events.email_verified(session, customer.id)
    return customer


async def update_profile(
    session: AsyncSession, security: Security, customer_id: str, data: ProfileUpdate
) -> CustomerRow:
    customer = await require_customer(session, customer_id, for_update=True)
    changes = data.model_dump(exclude_unset=True)
    for field in ("display_name", "full_name", "phone", "date_of_birth"):
        if field in changes:
            if field == "display_name" and changes[field] is None:
                raise Problem(422, "validation-error", "display_name cannot be removed.")
            security.set_personal(customer, field, changes[field])
    if changes.get("locale") is not None:
        customer.locale = changes["locale"]
    if changes.get("marketing_consent") is not None:
        customer.marketing_consent = changes["marketing_consent"]
    customer.updated_at = datetime.now(UTC)
    await session.flush()
    return customer


async def change_email(
    session: AsyncSession, security: Security, customer_id: str, new_email: str
) -> CustomerRow:
    customer = await require_customer(session, customer_id, for_update=True)
    index = security.email_index(new_email)
    if index == customer.email_index:
        return customer
    if await repository.customer_by_email_index(session, index) is not None:
        raise Conflict("That address cannot be used.", kind="email-unavailable")
    customer.email_index = index
    security.set_personal(customer, "email", new_email.strip())
    customer.email_verified_at = None
    customer.updated_at = datetime.now(UTC)
    await session.flush()
    await audit.record(session, audit.EMAIL_CHANGED, customer_id=customer.id, actor=customer.id)
    return customer


async def change_password(
    session: AsyncSession, security: Security, customer_id: str, current: str, new: str
) -> None:
    customer = await require_customer(session, customer_id, for_update=True)
    if not await security.check_password(customer.password_hash, current):
        raise Problem(403, "wrong-password", "The current password is not right.")
    customer.password_hash = await security.hash_password(new)
    customer.updated_at = datetime.now(UTC)
    # Other sessions end: every refresh token of the account is revoked.
    await repository.revoke_tokens_of(session, customer.id, customer.updated_at)
    await session.flush()
    await audit.record(session, audit.PASSWORD_CHANGED, customer_id=customer.id, actor=customer.id)


async def set_preferences(
    session: AsyncSession, customer_id: str, preferences: Preferences
) -> CustomerRow:
    customer = await require_customer(session, customer_id, for_update=True)
    customer.preferences = preferences.model_dump()
    customer.updated_at = datetime.now(UTC)
    await session.flush()
    return customer


async def grant_role(session: AsyncSession, customer_id: str, role: str, actor: str) -> CustomerRow:
    customer = await require_customer(session, customer_id, for_update=True)
    if role not in customer.roles:
        customer.roles = [*customer.roles, role]
        customer.updated_at = datetime.now(UTC)
        await session.flush()
    await audit.record(
        session,
        audit.ADMIN_ACTION,
        customer_id=customer.id,
        actor=actor,
        action="grant-role",
        role=role,
    )
    return customer


async def erase(session: AsyncSession, customer_id: str, *, actor: str) -> None:
    """Remove every personal datum; keep a tombstone row (the id) so that events and
    the audit trail still relate, and tell every other service to forget."""
    customer = await require_customer(session, customer_id, for_update=True)
    now = datetime.now(UTC)
    await repository.delete_addresses(session, customer.id)
    await purchases.forget(session, customer.id)
    await repository.delete_codes_of(session, customer.id)
    await repository.revoke_tokens_of(session, customer.id, now)
    for field in ("email", "display_name", "full_name", "phone", "date_of_birth", "totp_secret"):
        setattr(customer, f"{field}_enc", None)
    customer.email_index = None
    customer.password_hash = None
    customer.totp_enabled = False
    customer.totp_last_step = None
    customer.recovery_codes = []
    customer.preferences = {}
    customer.roles = []
    customer.marketing_consent = False
    customer.status = "erased"
    customer.erased_at = customer.updated_at = now
    await session.flush()
    await events.customer_erased(session, customer.id)
    await audit.record(session, audit.ACCOUNT_ERASED, customer_id=customer.id, actor=actor)
