"""What the catalog publishes (through its outbox). It consumes nothing yet."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.catalog.models import ProductRow, ReservationRow, outbox
from bookbrew.contracts import catalog as contract
from bookbrew.contracts.catalog import Money
from bookbrew.platform.events.envelope import new_event
from bookbrew.platform.events.outbox import stage_event

SERVICE = "catalog"


async def product_changed(session: AsyncSession, product: ProductRow, *, created: bool) -> None:
    payload = contract.ProductChanged(
        sku=product.sku,
        name=product.name,
        category=product.category,  # type: ignore[arg-type]
        price=Money(amount=product.price_minor, currency=product.currency),
        stock=product.stock,
        status=product.status,
        tags=product.tags,
        attributes=product.attributes,
        description=product.description,
        version=product.version,
    )
    type_ = contract.PRODUCT_CREATED if created else contract.PRODUCT_UPDATED
    await stage_event(session, outbox, new_event(SERVICE, type_, payload, subject=product.sku))


async def product_deleted(session: AsyncSession, product: ProductRow) -> None:
    payload = contract.ProductDeleted(sku=product.sku, category=product.category)  # type: ignore[arg-type]
    await stage_event(
        session, outbox, new_event(SERVICE, contract.PRODUCT_DELETED, payload, subject=product.sku)
    )


def _lines(reservation: ReservationRow) -> list[contract.ReservationLineEvent]:
    return [
        contract.ReservationLineEvent(sku=line.sku, quantity=line.quantity)
        for line in reservation.lines
    ]


async def inventory_reserved(session: AsyncSession, reservation: ReservationRow) -> None:
    payload = contract.InventoryReserved(
        reservation_id=reservation.id,
        reference=reservation.reference,
        lines=_lines(reservation),
        expires_at=reservation.expires_at.isoformat(),
    )
    await stage_event(
        session,
        outbox,
        new_event(SERVICE, contract.INVENTORY_RESERVED, payload, subject=reservation.id),
    )


async def inventory_released(
    session: AsyncSession, reservation: ReservationRow, reason: str
) -> None:
    payload = contract.InventoryReleased(
        reservation_id=reservation.id,
        reference=reservation.reference,
        lines=_lines(reservation),
        reason=reason,
    )
    await stage_event(
        session,
        outbox,
        new_event(SERVICE, contract.INVENTORY_RELEASED, payload, subject=reservation.id),
    )


async def inventory_committed(session: AsyncSession, reservation: ReservationRow) -> None:
    payload = contract.InventoryCommitted(
        reservation_id=reservation.id, reference=reservation.reference, lines=_lines(reservation)
    )
    await stage_event(
        session,
        outbox,
        new_event(SERVICE, contract.INVENTORY_COMMITTED, payload, subject=reservation.id),
    )


async def low_stock(
    session: AsyncSession, sku: str, category: str, stock: int, threshold: int
) -> None:
    payload = contract.InventoryLowStock(
        sku=sku, category=category, stock=stock, threshold=threshold
    )  # type: ignore[arg-type]
    await stage_event(
        session, outbox, new_event(SERVICE, contract.INVENTORY_LOW_STOCK, payload, subject=sku)
    )
