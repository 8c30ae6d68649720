"""Catalog use cases. Each takes the request's session, flushes, and never commits."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.catalog import events, repository
from bookbrew.catalog.models import ProductRow, ReservationLineRow, ReservationRow
from bookbrew.catalog.schemas import ReserveStock
from bookbrew.contracts.catalog import Money, Product, Reservation, ReservationLine
from bookbrew.contracts.product_writes import (
    ProductCreate,
    ProductUpdate,
    StockAdjustment,
    validate_attributes,
)
from bookbrew.platform.problems import Conflict, NotFound, Problem


def to_product(row: ProductRow) -> Product:
    return Product(
        sku=row.sku,
        name=row.name,
        description=row.description,
        category=row.category,  # type: ignore[arg-type]
        price=Money(amount=row.price_minor, currency=row.currency),
        stock=row.stock,
        in_stock=row.stock > 0,
        images=row.images or [f"/media/{row.sku}.svg"],
        tags=row.tags,
        status=row.status,
        attributes=row.attributes,
        popularity=row.popularity,
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
    )


def to_reservation(row: ReservationRow) -> Reservation:
    return Reservation(
        id=row.id,
        reference=row.reference,
        status=row.status,  # type: ignore[arg-type]
        lines=[ReservationLine(sku=line.sku, quantity=line.quantity) for line in row.lines],
        expires_at=row.expires_at,
        created_at=row.created_at,
    )


async def require_product(
    session: AsyncSession, sku: str, *, for_update: bool = False
) -> ProductRow:
    product = await repository.get_product(session, sku, for_update=for_update)
    if product is None:
        raise NotFound(f"No product with SKU {sku}.", sku=sku)
    return product


def _refresh_derived(product: ProductRow) -> None:
    product.name_key = product.name.lower()[:300]
    product.search_text = repository.search_text(
        product.name, product.description, product.tags, product.attributes
    )


async def create_product(
    session: AsyncSession, data: ProductCreate, *, emit: bool = True
) -> ProductRow:
    now = datetime.now(UTC)
    product = ProductRow(
        sku=data.sku,
        name=data.name,
        description=data.description,
        category=data.category,
        price_minor=data.price.amount,
        currency=data.price.currency,
        stock=data.stock,
        images=list(data.images),
        tags=list(dict.fromkeys(data.tags)),
        status=data.status,
        attributes=data.attributes,
        popularity=data.popularity,
        created_at=now,
        updated_at=now,
        version=1,
    )
    _refresh_derived(product)
    session.add(product)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise Conflict(
            f"A product with SKU {data.sku} already exists.", kind="duplicate-sku"
        ) from exc
    await repository.replace_facets(session, product)
    if emit:
        await events.product_changed(session, product, created=True)
    return product


async def update_product(
    session: AsyncSession, sku: str, data: ProductUpdate, *, expected_version: int | None
) -> ProductRow:
    product = await require_product(session, sku, for_update=True)
    if expected_version is not None and expected_version != product.version:
        raise Problem(
            412,
            "version-mismatch",
            f"The product changed since you read it (now version {product.version}).",
            current_version=product.version,
        )
    changes = data.model_dump(exclude_unset=True)
    if "attributes" in changes:
        try:
            product.attributes = validate_attributes(product.category, changes.pop("attributes"))
        except ValueError as exc:
            raise Problem(
                422, "validation-error", f"Attributes do not fit a {product.category}: {exc}"
            ) from exc
    if "price" in changes:
        price = changes.pop("price")
        product.price_minor = price["amount"]
        # A price without a currency keeps the product's.
        product.currency = price.get("currency", product.currency)
    if "tags" in changes:
        changes["tags"] = list(dict.fromkeys(changes["tags"]))
    for name, value in changes.items():
        setattr(product, name, value)
    product.version += 1
    product.updated_at = datetime.now(UTC)
    _refresh_derived(product)
    await repository.replace_facets(session, product)
    await session.flush()
    await events.product_changed(session, product, created=False)
    return product


async def delete_product(session: AsyncSession, sku: str) -> None:
    product = await require_product(session, sku, for_update=True)
    await events.product_deleted(session, product)
    await session.delete(product)
    await session.flush()


async def adjust_stock(
    session: AsyncSession, sku: str, adjustment: StockAdjustment, *, low_stock_threshold: int
) -> ProductRow:
    product = await require_product(session, sku, for_update=True)
    new_stock = product.stock + adjustment.delta
    if new_stock < 0:
        raise Conflict(
            f"Stock of {sku} is {product.stock}; it cannot go down by {-adjustment.delta}.",
            kind="insufficient-stock",
            stock=product.stock,
        )
    was_low = product.stock <= low_stock_threshold
    product.stock = new_stock
    product.version += 1
    product.updated_at = datetime.now(UTC)
    await session.flush()
    await events.product_changed(session, product, created=False)
    if new_stock <= low_stock_threshold and not was_low:
        await events.low_stock(session, sku, product.category, new_stock, low_stock_threshold)
    return product


async def reserve_stock(
    session: AsyncSession, request: ReserveStock, *, ttl_seconds: int, low_stock_threshold: int
) -> tuple[ReservationRow, bool]:
    """All lines or none. Returns (reservation, created); a known reference returns the
    existing reservation so that a retried call never reserves twice."""
    existing = await repository.get_reservation(session, reference=request.reference)
    if existing is not None:
        return existing, False
    shortages: list[dict[str, Any]] = []
    remaining: dict[str, int] = {}
    for line in request.lines:  # sorted by sku: concurrent baskets lock in one order
        left = await repository.take_stock(session, line.sku, line.quantity)
        if left is None:
            shortages.append({"sku": line.sku, "requested": line.quantity})
        else:
            remaining[line.sku] = left
    if shortages:
        # The caller's transaction rolls back every decrement made above.
        raise Problem(
            409,
            "out-of-stock",
            "Not enough stock for: " + ", ".join(s["sku"] for s in shortages),
            title="Out of stock",
            shortages=shortages,
        )
    now = datetime.now(UTC)
    reservation = ReservationRow(
        id=str(uuid.uuid4()),
        reference=request.reference,
        status="active",
        expires_at=now + timedelta(seconds=request.ttl_seconds or ttl_seconds),
        created_at=now,
        updated_at=now,
        lines=[ReservationLineRow(sku=line.sku, quantity=line.quantity) for line in request.lines],
    )
    session.add(reservation)
    try:
        await session.flush()
    except IntegrityError as exc:
        # The same reference reserved concurrently: the other call won.
        raise Conflict(
            "A reservation with this reference is being made.", kind="duplicate-reference"
        ) from exc
    await events.inventory_reserved(session, reservation)
    for line in request.lines:
        left = remaining[line.sku]
        if left <= low_stock_threshold < left + line.quantity:
            product = await require_product(session, line.sku)
            await events.low_stock(session, line.sku, product.category, left, low_stock_threshold)
    return reservation, True


async def _locked_reservation(session: AsyncSession, reservation_id: str) -> ReservationRow:
    reservation = await repository.get_reservation(
        session, reservation_id=reservation_id, for_update=True
    )
    if reservation is None:
        raise NotFound(f"No reservation {reservation_id}.")
    return reservation


async def commit_reservation(session: AsyncSession, reservation_id: str) -> ReservationRow:
    reservation = await _locked_reservation(session, reservation_id)
    if reservation.status == "committed":
        return reservation
    now = datetime.now(UTC)
    if not await repository.transition_reservation(
        session, reservation.id, to="committed", now=now
    ):
        await session.refresh(reservation)
        if reservation.status == "committed":
            return reservation
        raise Conflict(
            f"The reservation is {reservation.status}; it can no longer be committed.",
            kind="reservation-not-active",
            reservation_status=reservation.status,
        )
    reservation.status, reservation.updated_at = "committed", now
    for line in reservation.lines:
        await repository.add_popularity(session, line.sku, line.quantity)
    await session.flush()
    await events.inventory_committed(session, reservation)
    return reservation


async def release_reservation(
    session: AsyncSession, reservation_id: str, *, reason: str = "released"
) -> ReservationRow:
    reservation = await _locked_reservation(session, reservation_id)
    now = datetime.now(UTC)
    if reservation.status == "active" and await repository.transition_reservation(
        session, reservation.id, to=reason, now=now
    ):
        reservation.status, reservation.updated_at = reason, now
        for line in reservation.lines:
            await repository.return_stock(session, line.sku, line.quantity)
        await session.flush()
        await events.inventory_released(session, reservation, reason)
        return reservation
    await session.refresh(reservation)
    if reservation.status == "committed" and reason != "expired":
        raise Conflict(
            "The reservation is committed; restock through a stock adjustment.",
            kind="reservation-committed",
        )
    return reservation  # already released or expired (or committed, for the sweep)
