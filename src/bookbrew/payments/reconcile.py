"""Reconciliation: compare local payments with the provider's view and report every
mismatch (status, amount, refunded total, unknown at the provider) and every request
that claimed an idempotency key but never recorded a payment (a crash between the
provider call and the commit). It reports; it changes nothing."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from bookbrew.payments import repository
from bookbrew.payments.models import IdempotencyKeyRow
from bookbrew.payments.providers import build_provider
from bookbrew.payments.providers.base import PaymentProvider, ProviderError
from bookbrew.payments.settings import PaymentsSettings
from bookbrew.platform.db import Database


@dataclass(frozen=True)
class Mismatch:
    payment_id: str
    provider_ref: str | None
    field: str
    local: Any
    provider: Any


@dataclass
class ReconciliationReport:
    provider: str
    checked: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)  # payment ids the provider failed on
    orphaned_claims: list[str] = field(default_factory=list)  # "scope key" of stuck claims

    @property
    def clean(self) -> bool:
        return not (self.mismatches or self.unreachable or self.orphaned_claims)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "clean": self.clean}

    def to_text(self) -> str:
        lines = [f"provider {self.provider}: {self.checked} payments checked"]
        lines += [
            f"MISMATCH {m.payment_id} ({m.provider_ref}) {m.field}: "
            f"local={m.local!r} provider={m.provider!r}"
            for m in self.mismatches
        ]
        lines += [f"UNREACHABLE {payment_id}" for payment_id in self.unreachable]
        lines += [f"ORPHANED CLAIM {claim}" for claim in self.orphaned_claims]
        lines.append("clean" if self.clean else f"{len(self.mismatches)} mismatches")
        return "\n".join(lines)


def _expected_provider_status(local: str) -> str:
    return "succeeded" if local in ("partially_refunded", "refunded") else local


async def reconcile(
    db: Database,
    provider: PaymentProvider,
    *,
    since: datetime | None = None,
    batch_size: int = 200,
    claim_lease: timedelta = timedelta(minutes=5),
) -> ReconciliationReport:
    report = ReconciliationReport(provider=provider.name)
    after = ""
    while True:
        async with db.sessions() as session:
            page = await repository.payments_page(
                session, provider=provider.name, after_id=after, since=since, limit=batch_size
            )
        if not page:
            break
        after = page[-1].id
        for payment in page:
            report.checked += 1
            if payment.provider_ref is None:
                continue
            try:
                theirs = await provider.fetch(payment.provider_ref)
            except ProviderError:
                report.unreachable.append(payment.id)
                continue

            def differ(name: str, local: Any, remote: Any) -> None:
                report.mismatches.append(
                    Mismatch(payment.id, payment.provider_ref, name, local, remote)  # noqa: B023
                )

            if theirs is None:
                differ("exists", True, False)
                continue
            if theirs.status != _expected_provider_status(payment.status):
                differ("status", payment.status, theirs.status)
            if theirs.amount is not None and theirs.amount != payment.amount:
                differ("amount", payment.amount, theirs.amount)
            if theirs.currency and theirs.currency.upper() != payment.currency:
                differ("currency", payment.currency, theirs.currency)
            if theirs.amount_refunded != payment.refunded_amount:
                differ("refunded", payment.refunded_amount, theirs.amount_refunded)
    async with db.sessions() as session:
        stuck = await session.scalars(
            select(IdempotencyKeyRow).where(
                IdempotencyKeyRow.status == "in_progress",
                IdempotencyKeyRow.locked_at < datetime.now(UTC) - claim_lease,
            )
        )
        report.orphaned_claims = [f"{row.scope} {row.key}" for row in stuck]
    return report


async def run_reconciliation(
    settings: PaymentsSettings | None = None, *, since: datetime | None = None
) -> ReconciliationReport:
    """For the CLI: build the database and provider from settings, reconcile, clean up."""
    settings = settings or PaymentsSettings()
    db = Database(settings.effective_database_url)
    provider = build_provider(settings)
    try:
        return await reconcile(db, provider, since=since)
    finally:
        await provider.close()
        await db.dispose()
