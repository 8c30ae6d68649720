"""Carts in the cache port (Redis distributed, in-memory embedded), one per customer or
per guest cart id, with a sliding time to live. A cart keeps SKUs and quantities only:
names and prices come from the catalog every time it is read, never from the client.

Concurrent writes to one cart are last-writer-wins (one shopper, one cart; the cache
port has no compare-and-set), which a cart can afford and an order could not."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import orjson
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.contracts.catalog import Money, Product
from bookbrew.orders import events, schemas
from bookbrew.orders.service.context import OrdersContext
from bookbrew.platform.http import ServiceError, ServiceUnavailable
from bookbrew.platform.problems import NotFound, Problem

GUEST_PREFIX = "gc_"
GUEST_ID_PATTERN = r"^gc_[A-Za-z0-9_-]{24}$"


def new_guest_cart_id() -> str:
    return GUEST_PREFIX + secrets.token_urlsafe(18)


@dataclass(frozen=True)
class Owner:
    """Whose cart: a signed-in customer's, or a guest's by its opaque id."""

    customer_id: str | None = None
    cart_id: str | None = None

    @property
    def key(self) -> str:
        if self.customer_id is not None:
            return f"cart:customer:{self.customer_id}"
        return f"cart:guest:{self.cart_id}"

    def ttl(self, ctx: OrdersContext) -> int:
        settings = ctx.settings
        if self.customer_id is not None:
            return settings.customer_cart_ttl_seconds
        return settings.guest_cart_ttl_seconds


@dataclass
class StoredCart:
    lines: dict[str, int] = field(default_factory=dict)  # sku → quantity, in order added
    updated_at: datetime | None = None


async def load(ctx: OrdersContext, owner: Owner) -> StoredCart:
    raw = await ctx.cache.get(owner.key)
    if raw is None:
        return StoredCart()
    data = orjson.loads(raw)
    return StoredCart(
        lines={str(k): int(v) for k, v in data["lines"].items()},
        updated_at=datetime.fromisoformat(data["updated_at"]),
    )


async def save(ctx: OrdersContext, owner: Owner, stored: StoredCart) -> None:
    if not stored.lines:
        await ctx.cache.delete(owner.key)
        stored.updated_at = None
        return
    stored.updated_at = datetime.now(UTC)
    payload = {"lines": stored.lines, "updated_at": stored.updated_at.isoformat()}
    await ctx.cache.set(owner.key, orjson.dumps(payload), owner.ttl(ctx))


async def products(ctx: OrdersContext, skus: list[str]) -> dict[str, Product]:
    try:
        return await ctx.catalog.products(skus) if skus else {}
    except (ServiceUnavailable, ServiceError) as exc:
        raise Problem(
            503, "catalog-unavailable", "Prices cannot be read just now; try again shortly."
        ) from exc


def orderable(ctx: OrdersContext, product: Product | None) -> int:
    if product is None or product.status != "active":
        return 0
    return max(0, min(ctx.settings.max_line_quantity, product.stock))


async def view(
    ctx: OrdersContext,
    owner: Owner,
    stored: StoredCart | None = None,
    found: dict[str, Product] | None = None,
) -> schemas.Cart:
    """The cart priced from the catalog as it is now."""
    stored = stored if stored is not None else await load(ctx, owner)
    if found is None:
        found = await products(ctx, list(stored.lines))
    lines: list[schemas.CartLine] = []
    currencies: set[str] = set()
    subtotal = 0
    for sku, quantity in stored.lines.items():
        product = found.get(sku)
        limit = orderable(ctx, product)
        if product is None or product.status != "active":
            lines.append(
                schemas.CartLine(
                    sku=sku,
                    name=product.name if product else None,
                    category=product.category if product else None,
                    image=None,
                    quantity=quantity,
                    unit_price=None,
                    line_total=None,
                    available=False,
                    max_quantity=0,
                    problem="This product is no longer sold.",
                )
            )
            continue
        problem = None
        if limit == 0:
            problem = "Out of stock."
        elif quantity > limit:
            problem = f"Only {limit} can be ordered."
        price = product.price
        currencies.add(price.currency)
        subtotal += price.amount * quantity
        lines.append(
            schemas.CartLine(
                sku=sku,
                name=product.name,
                category=product.category,
                image=product.images[0] if product.images else None,
                quantity=quantity,
                unit_price=price,
                line_total=Money(amount=price.amount * quantity, currency=price.currency),
                available=limit > 0,
                max_quantity=limit,
                problem=problem,
            )
        )
    single_currency = len(currencies) == 1
    expires_at = (
        stored.updated_at + timedelta(seconds=owner.ttl(ctx)) if stored.updated_at else None
    )
    return schemas.Cart(
        cart_id=owner.cart_id if owner.customer_id is None else None,
        customer_id=owner.customer_id,
        lines=lines,
        item_count=sum(stored.lines.values()),
        subtotal=Money(amount=subtotal, currency=currencies.pop()) if single_currency else None,
        can_checkout=bool(lines) and single_currency and all(not line.problem for line in lines),
        expires_at=expires_at,
    )


def _check_quantity(ctx: OrdersContext, product: Product, sku: str, quantity: int) -> None:
    limit = orderable(ctx, product)
    if quantity > limit:
        raise Problem(
            409,
            "quantity-unavailable",
            f"Only {limit} of {sku} can be in a cart now "
            f"(stock and the limit of {ctx.settings.max_line_quantity} per line).",
            title="Quantity not available",
            sku=sku,
            available=limit,
        )


async def _product(ctx: OrdersContext, sku: str) -> Product:
    product = (await products(ctx, [sku])).get(sku)
    if product is None or product.status != "active":
        raise NotFound(f"No product with SKU {sku}.", sku=sku)
    return product


async def add(
    ctx: OrdersContext,
    session: AsyncSession,
    owner: Owner,
    line: schemas.AddToCartBody,
) -> schemas.Cart:
    stored = await load(ctx, owner)
    # One catalog call prices the whole cart, the new line included.
    found = await products(ctx, list(dict.fromkeys([*stored.lines, line.sku])))
    product = found.get(line.sku)
    if product is None or product.status != "active":
        raise NotFound(f"No product with SKU {line.sku}.", sku=line.sku)
    if line.sku not in stored.lines and len(stored.lines) >= ctx.settings.max_cart_lines:
        raise Problem(
            422,
            "cart-full",
            f"A cart holds at most {ctx.settings.max_cart_lines} different products.",
        )
    quantity = stored.lines.get(line.sku, 0) + line.quantity
    _check_quantity(ctx, product, line.sku, quantity)
    stored.lines[line.sku] = quantity
    # The interaction is staged in the request's transaction; the cart write comes just
    # before the commit, so a failed commit at worst leaves an unrecorded interaction.
    await events.added_to_cart(
        session,
        customer_id=owner.customer_id,
        anonymous_id=owner.cart_id,
        sku=line.sku,
        quantity=line.quantity,
        source=line.source,
    )
    await save(ctx, owner, stored)
    return await view(ctx, owner, stored, found)


async def set_quantity(ctx: OrdersContext, owner: Owner, sku: str, quantity: int) -> schemas.Cart:
    stored = await load(ctx, owner)
    if sku not in stored.lines:
        raise NotFound(f"{sku} is not in the cart.", sku=sku)
    if quantity == 0:
        del stored.lines[sku]
    else:
        _check_quantity(ctx, await _product(ctx, sku), sku, quantity)
        stored.lines[sku] = quantity
    await save(ctx, owner, stored)
    return await view(ctx, owner, stored)


async def clear(ctx: OrdersContext, owner: Owner) -> None:
    await ctx.cache.delete(owner.key)


async def merge(ctx: OrdersContext, customer: Owner, guest: Owner) -> schemas.Cart:
    """Fold a guest's cart into the customer's at sign-in; the guest cart is gone after.
    Quantities add up to the per-line limit; stock is checked when the cart is read."""
    theirs = await load(ctx, guest)
    mine = await load(ctx, customer)
    for sku, quantity in theirs.lines.items():
        if sku not in mine.lines and len(mine.lines) >= ctx.settings.max_cart_lines:
            continue
        mine.lines[sku] = min(mine.lines.get(sku, 0) + quantity, ctx.settings.max_line_quantity)
    if theirs.lines:
        await save(ctx, customer, mine)
        await clear(ctx, guest)
    return await view(ctx, customer, mine)


async def take_ordered(ctx: OrdersContext, customer_id: str, lines: list[tuple[str, int]]) -> None:
    """What was ordered leaves the customer's cart (anything added since stays)."""
    owner = Owner(customer_id=customer_id)
    stored = await load(ctx, owner)
    if not stored.lines:
        return
    for sku, quantity in lines:
        left = stored.lines.get(sku, 0) - quantity
        if left > 0:
            stored.lines[sku] = left
        else:
            stored.lines.pop(sku, None)
    await save(ctx, owner, stored)
