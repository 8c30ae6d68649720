"""The product dimension: catalog changes applied by version, stock by event time,
placeholders for SKUs met on order lines before the catalog described them, and
behaviour re-filed when a product's category becomes known or changes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts.catalog import InventoryLowStock, ProductChanged, ProductDeleted
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.reporting.models import dim_product, fact_impression, fact_interaction
from bookbrew.reporting.service import rollups
from bookbrew.reporting.sql import insert_missing

if TYPE_CHECKING:
    from bookbrew.reporting.service.context import Ingest


async def categories(session: AsyncSession, skus: Iterable[str]) -> dict[str, str]:
    rows = await session.execute(
        select(dim_product.c.sku, dim_product.c.category).where(dim_product.c.sku.in_(set(skus)))
    )
    return {sku: category for sku, category in rows.all()}


# ---- products --------------------------------------------------------------------------


async def meet_products(session: AsyncSession, seen: dict[str, dict[str, Any]]) -> None:
    """Placeholders for SKUs the catalog has not told us about yet."""
    known = await categories(session, seen)
    new = {sku: facts for sku, facts in seen.items() if sku not in known}
    if not new:
        return
    await insert_missing(
        session,
        dim_product,
        [
            {"sku": sku, **facts, "stock": None, "status": "unknown", "version": 0}
            for sku, facts in new.items()
        ],
    )
    for sku, facts in new.items():
        await _recategorise(session, sku, facts["category"])


async def _recategorise(session: AsyncSession, sku: str, category: str) -> None:
    """Behaviour recorded before the product's category was known (or before it moved)
    joins the right category, and the rollups of those days follow."""
    changed: dict[str, set[date]] = {}
    for name, table in (("funnel", fact_interaction), ("curation", fact_impression)):
        days = set(
            (
                await session.scalars(
                    select(table.c.day)
                    .where(table.c.sku == sku, table.c.category != category)
                    .distinct()
                )
            ).all()
        )
        if days:
            await session.execute(
                update(table)
                .where(table.c.sku == sku, table.c.category != category)
                .values(category=category)
            )
            changed[name] = days
    if "funnel" in changed:
        await rollups.refresh_funnel(session, changed["funnel"])
    clicked = changed.get("funnel", set())
    if "curation" in changed or clicked:
        await rollups.refresh_curation(session, changed.get("curation", set()) | clicked)


async def apply_product_changed(session: AsyncSession, ingest: Ingest, event: CloudEvent) -> None:
    data = ProductChanged.model_validate(event.data)
    current = (
        await session.execute(
            select(dim_product).where(dim_product.c.sku == data.sku).with_for_update()
        )
    ).first()
    described = {
        "name": data.name[:300],
        "category": data.category,
        "price_minor": data.price.amount,
        "currency": data.price.currency,
        "status": data.status,
        "version": data.version,
    }
    if current is None:
        await insert_missing(
            session,
            dim_product,
            [{"sku": data.sku, **described, "stock": data.stock, "stock_at": event.time}],
        )
        await _recategorise(session, data.sku, data.category)
        return
    if data.version <= current.version:
        return  # stale or repeated: a newer version is already applied
    values: dict[str, Any] = dict(described)
    if current.stock_at is None or event.time >= current.stock_at:
        values.update(stock=data.stock, stock_at=event.time)
    if current.deleted_at is not None and event.time > current.deleted_at:
        values["deleted_at"] = None
    await session.execute(update(dim_product).where(dim_product.c.sku == data.sku).values(values))
    if current.category != data.category:
        await _recategorise(session, data.sku, data.category)


async def apply_product_deleted(session: AsyncSession, ingest: Ingest, event: CloudEvent) -> None:
    data = ProductDeleted.model_validate(event.data)
    await _placeholder(session, data.sku, data.category)
    current = await session.scalar(
        select(dim_product.c.deleted_at).where(dim_product.c.sku == data.sku)
    )
    if current is None or event.time > current:
        await session.execute(
            update(dim_product).where(dim_product.c.sku == data.sku).values(deleted_at=event.time)
        )


async def apply_low_stock(session: AsyncSession, ingest: Ingest, event: CloudEvent) -> None:
    data = InventoryLowStock.model_validate(event.data)
    await _placeholder(session, data.sku, data.category)
    stock_at = await session.scalar(
        select(dim_product.c.stock_at).where(dim_product.c.sku == data.sku)
    )
    if stock_at is None or event.time > stock_at:
        await session.execute(
            update(dim_product)
            .where(dim_product.c.sku == data.sku)
            .values(stock=data.stock, stock_at=event.time)
        )


async def _placeholder(session: AsyncSession, sku: str, category: str) -> None:
    # "XXX" is ISO 4217's code for "no currency": the price is unknown until the catalog
    # describes the product.
    await meet_products(
        session, {sku: {"name": sku, "category": category, "price_minor": 0, "currency": "XXX"}}
    )
