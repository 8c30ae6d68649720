"""Password sign-in with throttling: a per-address failure counter leads to a lockout
whose length doubles each time (capped), plus a per-IP rate limit. Unknown addresses
and wrong passwords take the same time and get the same answer."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.customers import repository
from bookbrew.customers.models import CustomerRow
from bookbrew.customers.service import audit
from bookbrew.customers.service.security import Security
from bookbrew.platform.cache import Cache

WRONG_CREDENTIALS = "Incorrect e-mail address or password."
LOCKED = "Too many attempts. Please wait a while and try again."


@dataclass
class SignInRefused(Exception):
    status: int  # 401 wrong credentials, 429 locked out or rate limited
    message: str
    retry_after: int | None = None


async def _throttle_ip(cache: Cache, security: Security, ip: str) -> None:
    minute = int(time.time() // 60)
    attempts = await cache.incr(f"signin:ip:{ip}:{minute}", 60)
    if attempts > security.settings.login_attempts_per_ip_per_minute:
        raise SignInRefused(429, LOCKED, 60)


async def check_locked(cache: Cache, key: str) -> None:
    until = await cache.get(f"signin:lock:{key}")
    if until is not None:
        raise SignInRefused(429, LOCKED, max(1, int(float(until) - time.time())))


async def record_failure(
    session: AsyncSession,
    cache: Cache,
    security: Security,
    key: str,
    *,
    customer_id: str | None,
    ip: str,
    client_id: str | None,
    reason: str,
) -> None:
    """Count a failed attempt (password or second factor); lock the address out when
    the count reaches the limit. Locks are keyed on the address, known or not."""
    settings = security.settings
    await audit.record(
        session,
        audit.LOGIN_FAILED,
        customer_id=customer_id,
        ip=ip,
        client_id=client_id,
        reason=reason,
    )
    failures = await cache.incr(f"signin:fail:{key}", settings.login_failure_window_seconds)
    if failures < settings.login_max_failures:
        return
    level = await cache.incr(f"signin:lockouts:{key}", 24 * 3600)
    seconds = min(
        settings.login_lockout_base_seconds * 2 ** (level - 1), settings.login_lockout_max_seconds
    )
    await cache.set(f"signin:lock:{key}", str(time.time() + seconds).encode(), seconds)
    await cache.delete(f"signin:fail:{key}")
    await audit.record(
        session,
        audit.LOGIN_LOCKED,
        customer_id=customer_id,
        ip=ip,
        client_id=client_id,
        seconds=seconds,
        lockouts=level,
    )


async def sign_in(
    session: AsyncSession,
    cache: Cache,
    security: Security,
    email: str,
    password: str,
    *,
    ip: str,
    client_id: str | None,
) -> CustomerRow:
    await _throttle_ip(cache, security, ip)
    key = security.email_index(email)
    await check_locked(cache, key)
    customer = await repository.customer_by_email_index(session, key)
    stored = customer.password_hash if customer is not None else None
    if not await security.check_password(stored, password) or customer is None:
        await record_failure(
            session,
            cache,
            security,
            key,
            customer_id=customer.id if customer else None,
            ip=ip,
            client_id=client_id,
            reason="wrong-password" if customer else "unknown-account",
        )
        raise SignInRefused(401, WRONG_CREDENTIALS)
    if stored is not None and security.hasher.check_needs_rehash(stored):
        customer.password_hash = await security.hash_password(password)
    await cache.delete(f"signin:fail:{key}")
    return customer


async def signed_in(
    session: AsyncSession, customer: CustomerRow, *, ip: str, client_id: str | None, amr: list[str]
) -> None:
    await audit.record(
        session, audit.LOGIN_SUCCEEDED, customer_id=customer.id, ip=ip, client_id=client_id, amr=amr
    )
