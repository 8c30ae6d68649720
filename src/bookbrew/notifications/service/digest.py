"""The opt-in weekly digest: curated picks collected from `recommendations.updated`,
sent once a week to customers who consented to marketing and did not unsubscribe.
The digest's delivery id is the ISO week, so running the job twice sends nothing new."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts.curation import RecommendationsUpdated
from bookbrew.notifications import repository
from bookbrew.notifications.models import DigestPicksRow
from bookbrew.notifications.service import Notifier
from bookbrew.notifications.service.deliveries import Intent, plan
from bookbrew.platform.db import Database
from bookbrew.platform.http import ServiceClient, ServiceError, ServiceUnavailable

log = logging.getLogger(__name__)

DIGEST_EVENT_TYPE = "bookbrew.notifications.weekly_digest"


async def collect_picks(
    session: AsyncSession, payload: RecommendationsUpdated, max_picks: int
) -> None:
    row = await session.get(DigestPicksRow, payload.customer_id)
    if row is None:
        row = DigestPicksRow(customer_id=payload.customer_id, digested_at=None)
        session.add(row)
    row.recommendation_id = payload.recommendation_id[:64]
    row.skus = list(dict.fromkeys(payload.skus))[:max_picks]
    row.updated_at = datetime.now(UTC)
    await session.flush()


def week_id(now: datetime) -> str:
    year, week, _ = now.isocalendar()
    return f"digest-{year}-W{week:02d}"


async def _products(catalog: ServiceClient | None, skus: list[str]) -> dict[str, dict[str, Any]]:
    """Names and prices from the catalog; the digest still goes out (with SKUs) without."""
    if catalog is None or not skus:
        return {}
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(skus), 100):
        try:
            products = await catalog.get_json(
                "/products/batch", params={"sku": skus[start : start + 100]}
            )
        except (ServiceUnavailable, ServiceError, LookupError) as exc:
            log.warning("catalog unavailable for the digest: %s", exc)
            return found
        found.update({p["sku"]: p for p in products if p.get("status", "active") == "active"})
    return found


async def run_weekly_digest(
    db: Database, notifier: Notifier, catalog: ServiceClient | None, now: datetime | None = None
) -> int:
    """Queue this week's digest for every customer with new picks; returns how many
    deliveries were created."""
    now = now or datetime.now(UTC)
    digest_id = week_id(now)
    async with db.sessions() as session:
        candidates = [
            (row.customer_id, list(row.skus)) for row in await repository.digest_candidates(session)
        ]
    products = await _products(catalog, sorted({sku for _, skus in candidates for sku in skus}))
    shop = notifier.settings.shop_url
    created = 0
    for customer_id, skus in candidates:
        picks = [
            {
                "sku": sku,
                "name": products.get(sku, {}).get("name", sku),
                "price": products.get(sku, {}).get("price"),
                "url": f"{shop}/products/{sku}",
            }
            for sku in skus
            if not products or sku in products
        ]
        async with db.unit_of_work() as session:
            if await repository.delivery_exists(session, digest_id, "email", customer_id):
                continue  # already in this week's digest; newer picks wait for the next
            if picks:
                intent = Intent(
                    event_id=digest_id,
                    event_type=DIGEST_EVENT_TYPE,
                    kind="weekly_digest",
                    customer_id=customer_id,
                    category="marketing",
                    context={"picks": picks},
                )
                created += len(await plan(session, notifier, intent))
            row = await session.get(DigestPicksRow, customer_id)
            if row is not None:
                row.digested_at = now
    log.info("weekly digest queued", extra={"digest": digest_id, "deliveries": created})
    return created


def digest_due(notifier: Notifier, now: datetime) -> bool:
    settings = notifier.settings
    return now.weekday() == settings.digest_weekday and now.hour >= settings.digest_hour_utc
