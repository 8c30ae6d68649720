"""Catalog queries. Nothing here commits: use cases flush, the entry point commits."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import ColumnElement, and_, case, delete, func, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bookbrew.catalog.models import FacetRow, ProductRow, ReservationRow
from bookbrew.contracts.catalog import FACET_ATTRIBUTES
from bookbrew.platform.problems import Problem

# Facets shown without a category filter (the others would be a wall of values).
GLOBAL_FACETS = ("tag",)
PRICE_BUCKETS: tuple[tuple[int, int | None], ...] = (
    (0, 1000),
    (1000, 2500),
    (2500, 5000),
    (5000, 10000),
    (10000, None),
)
FACET_VALUES_SHOWN = 25


def facet_values(
    category: str, attributes: dict[str, Any], tags: Sequence[str]
) -> set[tuple[str, str]]:
    values: set[tuple[str, str]] = {("tag", tag[:120]) for tag in tags}
    for name, path in FACET_ATTRIBUTES.get(category, {}).items():
        raw = attributes.get(path)
        if isinstance(raw, dict):  # a note pyramid: every note counts
            items = [note for layer in raw.values() for note in layer]
        elif isinstance(raw, list):
            items = raw
        elif raw is None:
            items = []
        else:
            items = [raw]
        values.update((name, str(item)[:120]) for item in items if str(item).strip())
    return values


def search_text(
    name: str, description: str, tags: Sequence[str], attributes: dict[str, Any]
) -> str:
    words = [name, description, " ".join(tags)]

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)
        elif isinstance(value, str):
            words.append(value)

    walk(attributes)
    return " ".join(words).lower()


@dataclass
class ListFilter:
    q: str | None = None
    category: str | None = None
    facets: dict[str, list[str]] = field(default_factory=dict)
    price_min: int | None = None
    price_max: int | None = None
    statuses: tuple[str, ...] = ("active",)
    in_stock_only: bool = False
    stock_below: int | None = None

    @property
    def tokens(self) -> list[str]:
        return [t for t in (self.q or "").lower().split() if t][:10]


def _like(token: str) -> str:
    escaped = token.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(f: ListFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [ProductRow.status.in_(f.statuses)]
    if f.category:
        conditions.append(ProductRow.category == f.category)
    for token in f.tokens:
        conditions.append(ProductRow.search_text.like(_like(token), escape="\\"))
    if f.price_min is not None:
        conditions.append(ProductRow.price_minor >= f.price_min)
    if f.price_max is not None:
        conditions.append(ProductRow.price_minor <= f.price_max)
    if f.in_stock_only:
        conditions.append(ProductRow.stock > 0)
    if f.stock_below is not None:
        conditions.append(ProductRow.stock < f.stock_below)
    for name, values in f.facets.items():
        conditions.append(
            ProductRow.id.in_(
                select(FacetRow.product_id).where(FacetRow.name == name, FacetRow.value.in_(values))
            )
        )
    return conditions


@dataclass(frozen=True)
class SortKey:
    column: Any
    descending: bool
    kind: str  # "int" | "str" | "datetime" — how cursor values decode


def sort_keys(sort: str, f: ListFilter) -> list[SortKey]:
    by_id_desc = SortKey(ProductRow.id, True, "int")
    if sort == "relevance" and f.tokens:
        phrase = " ".join(f.tokens)
        name_match = case(
            (func.lower(ProductRow.name).like(_like(phrase), escape="\\"), 1), else_=0
        )
        return [
            SortKey(name_match, True, "int"),
            SortKey(ProductRow.popularity, True, "int"),
            by_id_desc,
        ]
    if sort in ("relevance", "popular"):
        return [SortKey(ProductRow.popularity, True, "int"), by_id_desc]
    if sort == "newest":
        return [SortKey(ProductRow.created_at, True, "datetime"), by_id_desc]
    if sort == "price_asc":
        return [SortKey(ProductRow.price_minor, False, "int"), SortKey(ProductRow.id, False, "int")]
    if sort == "price_desc":
        return [SortKey(ProductRow.price_minor, True, "int"), by_id_desc]
    if sort == "name":
        return [SortKey(ProductRow.name_key, False, "str"), SortKey(ProductRow.id, False, "int")]
    raise ValueError(sort)


def encode_cursor(sort: str, values: list[Any]) -> str:
    payload = orjson.dumps(
        {"s": sort, "k": [v.isoformat() if isinstance(v, datetime) else v for v in values]}
    )
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str, keys: list[SortKey]) -> list[Any]:
    bad = Problem(400, "invalid-cursor", "The cursor is not one this listing produced.")
    try:
        payload = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        values = payload["k"]
        if payload["s"] != sort or len(values) != len(keys):
            raise bad
        decoded: list[Any] = []
        for key, value in zip(keys, values, strict=True):
            if key.kind == "int" and isinstance(value, int) and not isinstance(value, bool):
                decoded.append(value)
            elif key.kind == "str" and isinstance(value, str):
                decoded.append(value)
            elif key.kind == "datetime" and isinstance(value, str):
                decoded.append(datetime.fromisoformat(value))
            else:
                raise bad
        return decoded
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise bad from exc


def _after(keys: list[SortKey], values: list[Any]) -> ColumnElement[bool]:
    """Rows strictly after `values` in the sort order (keyset pagination)."""
    clauses = []
    for i, key in enumerate(keys):
        equal_prefix = [k.column == v for k, v in zip(keys[:i], values[:i], strict=True)]
        beyond = key.column < values[i] if key.descending else key.column > values[i]
        clauses.append(and_(*equal_prefix, beyond))
    return or_(*clauses)


def _key_value(product: ProductRow, key: SortKey, tokens: list[str]) -> Any:
    name = getattr(key.column, "key", None)
    if name and hasattr(product, name):
        return getattr(product, name)
    phrase = " ".join(tokens)  # the relevance expression
    return 1 if phrase in product.name.lower() else 0


async def list_products(
    session: AsyncSession, f: ListFilter, *, sort: str, limit: int, cursor: str | None
) -> tuple[list[ProductRow], str | None]:
    keys = sort_keys(sort, f)
    query = select(ProductRow).where(*_conditions(f))
    if cursor:
        query = query.where(_after(keys, decode_cursor(cursor, sort, keys)))
    query = query.order_by(*(k.column.desc() if k.descending else k.column.asc() for k in keys))
    rows = list((await session.scalars(query.limit(limit + 1))).all())
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor(sort, [_key_value(rows[-1], k, f.tokens) for k in keys])
    return rows, next_cursor


async def count_products(session: AsyncSession, f: ListFilter) -> int:
    return int(await session.scalar(select(func.count(ProductRow.id)).where(*_conditions(f))) or 0)


async def facet_counts(session: AsyncSession, f: ListFilter) -> dict[str, Any]:
    conditions = _conditions(f)
    categories = (
        await session.execute(
            select(ProductRow.category, func.count())
            .where(*conditions)
            .group_by(ProductRow.category)
        )
    ).all()
    bucket = case(
        *(
            (ProductRow.price_minor < high, literal(i))
            for i, (_, high) in enumerate(PRICE_BUCKETS)
            if high
        ),
        else_=literal(len(PRICE_BUCKETS) - 1),
    )
    prices = dict(
        (
            await session.execute(select(bucket, func.count()).where(*conditions).group_by(bucket))
        ).all()
    )
    names = list(FACET_ATTRIBUTES.get(f.category or "", {})) + list(GLOBAL_FACETS)
    matching = select(ProductRow.id).where(*conditions)
    rows = (
        await session.execute(
            select(FacetRow.name, FacetRow.value, func.count().label("n"))
            .where(FacetRow.name.in_(names), FacetRow.product_id.in_(matching))
            .group_by(FacetRow.name, FacetRow.value)
            .order_by(FacetRow.name, func.count().desc(), FacetRow.value)
        )
    ).all()
    attributes: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for name, value, count in rows:
        if len(attributes[name]) < FACET_VALUES_SHOWN:
            attributes[name].append({"value": value, "count": count})
    return {
        "category": [{"value": c, "count": n} for c, n in sorted(categories)],
        "price": [
            {"min": low, "max": high, "count": int(prices.get(i, 0))}
            for i, (low, high) in enumerate(PRICE_BUCKETS)
        ],
        "attributes": {name: values for name, values in attributes.items() if values},
    }


async def get_product(
    session: AsyncSession, sku: str, *, for_update: bool = False
) -> ProductRow | None:
    query = select(ProductRow).where(ProductRow.sku == sku)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def get_products(session: AsyncSession, skus: Sequence[str]) -> list[ProductRow]:
    return list((await session.scalars(select(ProductRow).where(ProductRow.sku.in_(skus)))).all())


async def replace_facets(session: AsyncSession, product: ProductRow) -> None:
    await session.execute(delete(FacetRow).where(FacetRow.product_id == product.id))
    for name, value in sorted(facet_values(product.category, product.attributes, product.tags)):
        session.add(FacetRow(product_id=product.id, name=name, value=value))


async def take_stock(session: AsyncSession, sku: str, quantity: int) -> int | None:
    """Atomically decrement stock if enough is left; returns the new stock or None.

    The conditional UPDATE is what prevents oversell: the database row lock serialises
    concurrent reservations of the same product."""
    result = await session.execute(
        update(ProductRow)
        .where(ProductRow.sku == sku, ProductRow.status == "active", ProductRow.stock >= quantity)
        .values(stock=ProductRow.stock - quantity)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return await session.scalar(select(ProductRow.stock).where(ProductRow.sku == sku))


async def return_stock(session: AsyncSession, sku: str, quantity: int) -> None:
    await session.execute(
        update(ProductRow)
        .where(ProductRow.sku == sku)
        .values(stock=ProductRow.stock + quantity)
        .execution_options(synchronize_session=False)
    )


async def add_popularity(session: AsyncSession, sku: str, quantity: int) -> None:
    await session.execute(
        update(ProductRow)
        .where(ProductRow.sku == sku)
        .values(popularity=ProductRow.popularity + quantity)
        .execution_options(synchronize_session=False)
    )


async def category_summary(session: AsyncSession) -> list[tuple[str, int, int]]:
    in_stock = func.sum(case((ProductRow.stock > 0, 1), else_=0))
    rows = await session.execute(
        select(ProductRow.category, func.count(), in_stock)
        .where(ProductRow.status == "active")
        .group_by(ProductRow.category)
        .order_by(ProductRow.category)
    )
    return [(c, int(n), int(s or 0)) for c, n, s in rows.all()]


async def get_reservation(
    session: AsyncSession,
    *,
    reservation_id: str | None = None,
    reference: str | None = None,
    for_update: bool = False,
) -> ReservationRow | None:
    query = select(ReservationRow).options(selectinload(ReservationRow.lines))
    if reservation_id is not None:
        query = query.where(ReservationRow.id == reservation_id)
    if reference is not None:
        query = query.where(ReservationRow.reference == reference)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def expired_reservation_ids(
    session: AsyncSession, now: datetime, limit: int = 100
) -> list[str]:
    query = (
        select(ReservationRow.id)
        .where(ReservationRow.status == "active", ReservationRow.expires_at < now)
        .order_by(ReservationRow.expires_at)
        .limit(limit)
    )
    return list((await session.scalars(query)).all())


async def transition_reservation(
    session: AsyncSession, reservation_id: str, *, to: str, now: datetime
) -> bool:
    """Move an active reservation to `to`; False when it was not active any more.

    A conditional UPDATE, so two concurrent releases (an answer and an event about the
    same order) cannot both return the stock — SQLite has no row locks to rely on."""
    result = await session.execute(
        update(ReservationRow)
        .where(ReservationRow.id == reservation_id, ReservationRow.status == "active")
        .values(status=to, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]
