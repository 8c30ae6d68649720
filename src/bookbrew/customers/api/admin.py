"""Staff routes (role admin): look-ups, roles, the audit log, key rotation. Every
action is written to the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from bookbrew.customers import repository
from bookbrew.customers.api.deps import SecurityDep
from bookbrew.customers.schemas import (
    AuditEntry,
    CustomerProfile,
    GrantRole,
    KeyRotation,
    ReencryptionReport,
)
from bookbrew.customers.service import accounts, audit
from bookbrew.customers.service.reencrypt import reencrypt_all
from bookbrew.platform.deps import AdminDep, RuntimeDep, SessionDep
from bookbrew.platform.problems import NotFound

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/customers", response_model=CustomerProfile)
async def find_customer_by_email(
    admin: AdminDep,
    session: SessionDep,
    security: SecurityDep,
    email: Annotated[str, Query(max_length=254)],
) -> CustomerProfile:
    customer = await repository.customer_by_email_index(session, security.email_index(email))
    await audit.record(session, audit.ADMIN_ACTION, actor=admin.subject, action="find-by-email")
    if customer is None:
        raise NotFound("No customer with that address.")
    return accounts.to_profile(security, customer)


@router.post("/customers/{customer_id}/roles", response_model=CustomerProfile)
async def grant_role(
    admin: AdminDep, session: SessionDep, security: SecurityDep, customer_id: str, body: GrantRole
) -> CustomerProfile:
    customer = await accounts.grant_role(session, customer_id[:36], body.role, admin.subject)
    return accounts.to_profile(security, customer)


@router.get("/audit", response_model=list[AuditEntry])
async def list_audit(
    _: AdminDep,
    session: SessionDep,
    kind: Annotated[str | None, Query(max_length=50)] = None,
    customer_id: Annotated[str | None, Query(max_length=36)] = None,
    before_id: Annotated[int | None, Query(ge=1, le=2**63 - 1)] = None,  # a BIGINT id
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AuditEntry]:
    rows = await repository.audit_entries(
        session, kind=kind, customer_id=customer_id, before_id=before_id, limit=limit
    )
    return [AuditEntry.model_validate(row) for row in rows]


@router.post("/signing-keys/rotation", response_model=KeyRotation)
async def rotate_signing_key(
    admin: AdminDep, session: SessionDep, security: SecurityDep, runtime: RuntimeDep
) -> KeyRotation:
    """A new signing key from now on; the old one stays in the JWKS for the overlap."""
    assert runtime.db is not None
    async with runtime.db.unit_of_work() as own:
        kid = await security.keys.rotate(own)
        await audit.record(
            own, audit.ADMIN_ACTION, actor=admin.subject, action="rotate-signing-key", kid=kid
        )
    await security.keys.load()
    return KeyRotation(kid=kid)


@router.post("/encryption/reencryption", response_model=ReencryptionReport)
async def reencrypt(
    admin: AdminDep, session: SessionDep, security: SecurityDep, runtime: RuntimeDep
) -> ReencryptionReport:
    """Re-wrap every encrypted value under the key ring's primary key (after rotation)."""
    assert runtime.db is not None
    report = await reencrypt_all(runtime.db, security.ring)
    await audit.record(
        session, audit.ADMIN_ACTION, actor=admin.subject, action="reencrypt", **report.model_dump()
    )
    return report
