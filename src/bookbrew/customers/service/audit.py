"""The audit log: security events and admin actions, in the caller's transaction."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.customers.models import AuditRow

log = logging.getLogger("bookbrew.customers.audit")

LOGIN_FAILED = "login.failed"
LOGIN_SUCCEEDED = "login.succeeded"
LOGIN_LOCKED = "login.locked"
MFA_ENROLLED = "mfa.enrolled"
MFA_DISABLED = "mfa.disabled"
MFA_FAILED = "mfa.failed"
RECOVERY_CODE_USED = "mfa.recovery_code_used"
RECOVERY_CODES_REGENERATED = "mfa.recovery_codes_regenerated"
REFRESH_TOKEN_REUSED = "token.refresh_reused"
AUTHORIZATION_CODE_REUSED = "token.code_reused"
TOKEN_REVOKED = "token.revoked"
EMAIL_CHANGED = "account.email_changed"
PASSWORD_CHANGED = "account.password_changed"
ACCOUNT_ERASED = "account.erased"
ADMIN_ACTION = "admin.action"


async def record(
    session: AsyncSession,
    kind: str,
    *,
    customer_id: str | None = None,
    actor: str | None = None,
    client_id: str | None = None,
    ip: str | None = None,
    **detail: Any,
) -> None:
    session.add(
        AuditRow(
            at=datetime.now(UTC),
            kind=kind,
            customer_id=customer_id,
            actor=actor,
            client_id=client_id,
            ip=ip,
            detail=detail,
        )
    )
    await session.flush()
    log.info(
        "audit %s",
        kind,
        extra={"audit": kind, "customer_id": customer_id, "actor": actor, "client_id": client_id},
    )
