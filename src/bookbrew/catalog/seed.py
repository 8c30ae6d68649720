"""`bookbrew seed`: load the demo catalog (built from real public data, see
DATA-LICENSES.md) through the catalog's own use cases, so every product emits its
`product.created` event like any other."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from bookbrew.catalog import service
from bookbrew.catalog.demo import load_demo_products
from bookbrew.catalog.models import ProductRow
from bookbrew.contracts.product_writes import ProductCreate
from bookbrew.platform.db import Database

Progress = Callable[[int, int], None]


async def seed_demo_catalog(
    db: Database, *, progress: Progress | None = None, batch: int = 200
) -> int:
    """Insert the demo products that are missing; returns how many were added."""
    products = load_demo_products()
    async with db.sessions() as session:
        existing = set((await session.scalars(select(ProductRow.sku))).all())
    todo = [p for p in products if p["sku"] not in existing]
    added = 0
    for start in range(0, len(todo), batch):
        async with db.unit_of_work() as session:
            for record in todo[start : start + batch]:
                await service.create_product(
                    session,
                    ProductCreate(
                        sku=record["sku"],
                        name=record["name"],
                        description=record["description"],
                        category=record["category"],
                        price={"amount": record["price_minor"], "currency": record["currency"]},
                        stock=record["stock"],
                        images=[f"/media/{record['sku']}.svg"],
                        tags=record["tags"],
                        status=record["status"],
                        attributes=record["attributes"],
                        popularity=record.get("popularity", 0),
                    ),
                )
                added += 1
        if progress:
            progress(added, len(todo))
    return added


async def product_count(db: Database) -> int:
    async with db.sessions() as session:
        return int(await session.scalar(select(func.count(ProductRow.id))) or 0)
