"""Cart routes: a signed-in shopper's cart by their token, a guest's by `X-Cart-Id`.
A guest write without a cart id starts a new cart; its id comes back in the body and
in the `X-Cart-Id` response header (the BFF keeps it in a cookie)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from bookbrew.contracts.catalog import Sku
from bookbrew.orders import schemas
from bookbrew.orders.api.deps import CartId, ContextDep, CustomerDep, ShopperDep, owner_of
from bookbrew.orders.service import cart
from bookbrew.platform.deps import SessionDep
from bookbrew.platform.problems import Problem

router = APIRouter(prefix="/cart", tags=["cart"])


def _guest_id(response: Response, shopper: object, cart_id: str | None) -> str | None:
    if shopper is not None:
        return None
    cart_id = cart_id or cart.new_guest_cart_id()
    response.headers["X-Cart-Id"] = cart_id
    return cart_id


@router.get("", response_model=schemas.Cart)
async def get_cart(
    ctx: ContextDep, shopper: ShopperDep, response: Response, x_cart_id: CartId = None
) -> schemas.Cart:
    """The cart priced from the catalog now, with what stops a checkout, if anything."""
    owner = owner_of(shopper, _guest_id(response, shopper, x_cart_id))
    return await cart.view(ctx, owner)


@router.post("/lines", response_model=schemas.Cart)
async def add_to_cart(
    ctx: ContextDep,
    session: SessionDep,
    shopper: ShopperDep,
    body: schemas.AddToCartBody,
    response: Response,
    x_cart_id: CartId = None,
) -> schemas.Cart:
    """Add a quantity of a product (records an add-to-cart interaction for curation)."""
    owner = owner_of(shopper, _guest_id(response, shopper, x_cart_id))
    return await cart.add(ctx, session, owner, body)


@router.put("/lines/{sku}", response_model=schemas.Cart)
async def set_cart_quantity(
    ctx: ContextDep,
    shopper: ShopperDep,
    sku: Sku,
    body: schemas.SetQuantityBody,
    response: Response,
    x_cart_id: CartId = None,
) -> schemas.Cart:
    owner = owner_of(shopper, _guest_id(response, shopper, x_cart_id))
    return await cart.set_quantity(ctx, owner, sku, body.quantity)


@router.delete("/lines/{sku}", response_model=schemas.Cart)
async def remove_from_cart(
    ctx: ContextDep, shopper: ShopperDep, sku: Sku, response: Response, x_cart_id: CartId = None
) -> schemas.Cart:
    owner = owner_of(shopper, _guest_id(response, shopper, x_cart_id))
    return await cart.set_quantity(ctx, owner, sku, 0)


@router.delete("", status_code=204)
async def clear_cart(ctx: ContextDep, shopper: ShopperDep, x_cart_id: CartId = None) -> Response:
    if shopper is not None or x_cart_id is not None:
        await cart.clear(ctx, owner_of(shopper, x_cart_id))
    return Response(status_code=204)


@router.post("/merge", response_model=schemas.Cart)
async def merge_cart(
    ctx: ContextDep, customer: CustomerDep, x_cart_id: CartId = None
) -> schemas.Cart:
    """At sign-in: fold the guest cart named by `X-Cart-Id` into the customer's."""
    if x_cart_id is None:
        raise Problem(400, "cart-id-required", "Send the guest cart's id in X-Cart-Id.")
    return await cart.merge(
        ctx, cart.Owner(customer_id=customer.subject), cart.Owner(cart_id=x_cart_id)
    )
