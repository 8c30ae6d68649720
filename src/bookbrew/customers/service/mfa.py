"""TOTP second factor (RFC 6238) with single-use recovery codes."""

from __future__ import annotations

import hmac
import secrets
import time
from datetime import UTC, datetime

import pyotp
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts.customers import TotpEnrollment
from bookbrew.customers.models import CustomerRow
from bookbrew.customers.service import audit
from bookbrew.customers.service.security import Security, sha256_hex
from bookbrew.platform.problems import Conflict, Problem

ISSUER = "BookBrew"
RECOVERY_CODES = 10
STEP = 30


def _secret(security: Security, customer: CustomerRow) -> str | None:
    return security.open(customer, "totp_secret")


def _new_recovery_codes() -> list[str]:
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return [
        "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODES)
    ]


async def begin_enrollment(
    session: AsyncSession, security: Security, customer: CustomerRow
) -> TotpEnrollment:
    if customer.totp_enabled:
        raise Conflict("A TOTP authenticator is already enrolled.", kind="mfa-already-enrolled")
    secret = pyotp.random_base32()
    security.set_personal(customer, "totp_secret", secret)
    customer.updated_at = datetime.now(UTC)
    await session.flush()
    email = security.open(customer, "email") or customer.id
    return TotpEnrollment(
        secret=secret,
        provisioning_uri=pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER),
    )


def _matching_step(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step the code belongs to (now, or one step either side for clock
    drift), if it was not used before: a TOTP code works once."""
    totp = pyotp.TOTP(secret)
    now = int(time.time()) // STEP
    for step in (now, now - 1, now + 1):
        if hmac.compare_digest(totp.at(step * STEP), code) and (
            last_step is None or step > last_step
        ):
            return step
    return None


async def confirm_enrollment(
    session: AsyncSession, security: Security, customer: CustomerRow, code: str
) -> list[str]:
    secret = _secret(security, customer)
    if secret is None or customer.totp_enabled:
        raise Conflict("Start an enrollment first.", kind="mfa-not-pending")
    step = _matching_step(secret, code, None)
    if step is None:
        raise Problem(400, "invalid-otp", "The code is not right; check the device's clock.")
    codes = _new_recovery_codes()
    customer.totp_enabled = True
    customer.totp_last_step = step
    customer.recovery_codes = [sha256_hex(c) for c in codes]
    customer.updated_at = datetime.now(UTC)
    await session.flush()
    await audit.record(session, audit.MFA_ENROLLED, customer_id=customer.id, actor=customer.id)
    return codes


async def verify_second_factor(
    session: AsyncSession, security: Security, customer: CustomerRow, code: str
) -> str | None:
    """'otp' or 'recovery' when the code is right (and consumes it), else None."""
    code = code.strip().replace(" ", "")
    secret = _secret(security, customer)
    if not customer.totp_enabled or secret is None:
        return None
    if code.isdigit() and len(code) == 6:
        step = _matching_step(secret, code, customer.totp_last_step)
        if step is None:
            return None
        customer.totp_last_step = step
        await session.flush()
        return "otp"
    digest = sha256_hex(code.lower())
    if digest in customer.recovery_codes:
        customer.recovery_codes = [c for c in customer.recovery_codes if c != digest]
        await session.flush()
        await audit.record(
            session,
            audit.RECOVERY_CODE_USED,
            customer_id=customer.id,
            remaining=len(customer.recovery_codes),
        )
        return "recovery"
    return None


async def disable(session: AsyncSession, customer: CustomerRow, *, actor: str) -> None:
    customer.totp_enabled = False
    customer.totp_secret_enc = None
    customer.totp_last_step = None
    customer.recovery_codes = []
    customer.updated_at = datetime.now(UTC)
    await session.flush()
    await audit.record(session, audit.MFA_DISABLED, customer_id=customer.id, actor=actor)


async def regenerate_recovery_codes(session: AsyncSession, customer: CustomerRow) -> list[str]:
    if not customer.totp_enabled:
        raise Conflict("No second factor is enrolled.", kind="mfa-not-enrolled")
    codes = _new_recovery_codes()
    customer.recovery_codes = [sha256_hex(c) for c in codes]
    customer.updated_at = datetime.now(UTC)
    await session.flush()
    await audit.record(
        session, audit.RECOVERY_CODES_REGENERATED, customer_id=customer.id, actor=customer.id
    )
    return codes
