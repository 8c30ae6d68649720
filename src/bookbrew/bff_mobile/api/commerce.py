"""Cart, checkout and orders for the app, relayed to the orders service (and card
tokens to payments) in the orders service's own shapes (`contracts.orders`).

- A guest's cart is kept under the app install's id (`X-Device-Id`), as a guest cart of
  the orders service whose id this BFF derives from it. Signed in (a bearer token), the
  cart is the shopper's; `POST /api/cart/merge` moves the install's guest cart into it
  right after sign-in.
- Checkout needs a card token (`POST /api/payment-methods`, sandbox) and an address.
  An order `awaiting_confirmation` carries `next_action` (step-up): the app signs in
  again with the second factor (`acr_values`) and calls `confirm-payment`.
- Reads about one shopper answer with an ETag and `Cache-Control: private`, so the app
  revalidates with `If-None-Match` and gets 304 when nothing changed."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import httpx
import orjson
from fastapi import APIRouter, Header, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bookbrew.bff_mobile.deps import (
    BEARER_RESPONSES,
    Customers,
    DeviceIdHeader,
    MaybeToken,
    Orders,
    Payments,
    Settings,
    Token,
    guest_cart_id,
    personal_read,
)
from bookbrew.contracts.catalog import Sku
from bookbrew.contracts.orders import (
    AddToCartBody,
    CancelBody,
    Cart,
    Order,
    OrderPage,
    OrderStatus,
    SetQuantityBody,
    ShippingAddress,
)
from bookbrew.contracts.payments import CardBody, CardToken
from bookbrew.platform.http import ServiceClient, ServiceError
from bookbrew.platform.problems import Problem
from bookbrew.platform.responses import (
    READ_RESPONSES,
    call_as_user,
    documented_problem,
    relay_json,
    user_problem,
)

OrderId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[A-Za-z0-9_.:-]+$",
        description="One per checkout attempt: a repeated submission answers the same order",
    ),
]

CART_RESPONSES: dict[int | str, dict[str, Any]] = {
    304: READ_RESPONSES[304],
    400: documented_problem("`device-id-required`: a guest's cart needs `X-Device-Id`"),
    401: BEARER_RESPONSES[401],
    409: documented_problem("`out-of-stock` or `quantity-limit`: not that many"),
    422: READ_RESPONSES[422],
    503: READ_RESPONSES[503],
}

cart_router = APIRouter(prefix="/api/cart", tags=["cart"])
orders_router = APIRouter(prefix="/api", tags=["checkout and orders"])


class CartCall:
    """One cart call to orders: as the shopper (their token) or as the install's guest
    cart. A guest's change without an install id is refused: its cart could not be
    found again."""

    def __init__(
        self, orders: ServiceClient, settings: Settings, token: str | None, device: str | None
    ) -> None:
        self.orders = orders
        self.token = token
        self.guest = guest_cart_id(settings, device) if device else None

    async def __call__(
        self, method: str, path: str, *, json: Any = None, need_owner: bool = True
    ) -> httpx.Response:
        if self.token is not None:
            return await call_as_user(self.orders, method, path, self.token, json=json)
        if self.guest is None and need_owner:
            raise Problem(
                400,
                "device-id-required",
                "Send the app install's id as X-Device-Id to keep a cart before signing in.",
            )
        headers = {"X-Cart-Id": self.guest} if self.guest else {}
        try:
            return await self.orders.request(method, path, json=json, headers=headers)
        except ServiceError as exc:
            raise user_problem(exc) from exc


def _cart(
    orders: Orders, settings: Settings, token: MaybeToken, device: DeviceIdHeader
) -> CartCall:
    return CartCall(orders, settings, token, device)


@cart_router.get("", response_model=Cart, responses=CART_RESPONSES)
async def get_cart(
    request: Request,
    orders: Orders,
    settings: Settings,
    token: MaybeToken,
    x_device_id: DeviceIdHeader = None,
) -> Response:
    """The cart, priced from the catalog now, with what stops a checkout, if anything."""
    answer = await _cart(orders, settings, token, x_device_id)("GET", "/cart", need_owner=False)
    return personal_read(request, answer)


@cart_router.post("/lines", response_model=Cart, responses=CART_RESPONSES)
async def add_to_cart(
    orders: Orders,
    settings: Settings,
    token: MaybeToken,
    body: AddToCartBody,
    x_device_id: DeviceIdHeader = None,
) -> Response:
    """Add a quantity of a product; the whole cart comes back."""
    call = _cart(orders, settings, token, x_device_id)
    return relay_json(await call("POST", "/cart/lines", json=body.model_dump(exclude_none=True)))


@cart_router.put("/lines/{sku}", response_model=Cart, responses=CART_RESPONSES)
async def set_cart_quantity(
    orders: Orders,
    settings: Settings,
    token: MaybeToken,
    sku: Sku,
    body: SetQuantityBody,
    x_device_id: DeviceIdHeader = None,
) -> Response:
    """Set a line's quantity (0 removes it)."""
    call = _cart(orders, settings, token, x_device_id)
    return relay_json(await call("PUT", f"/cart/lines/{sku}", json=body.model_dump()))


@cart_router.delete("/lines/{sku}", response_model=Cart, responses=CART_RESPONSES)
async def remove_from_cart(
    orders: Orders,
    settings: Settings,
    token: MaybeToken,
    sku: Sku,
    x_device_id: DeviceIdHeader = None,
) -> Response:
    call = _cart(orders, settings, token, x_device_id)
    return relay_json(await call("DELETE", f"/cart/lines/{sku}"))


@cart_router.delete("", status_code=204, responses=CART_RESPONSES)
async def clear_cart(
    orders: Orders, settings: Settings, token: MaybeToken, x_device_id: DeviceIdHeader = None
) -> Response:
    """Empty the cart."""
    call = _cart(orders, settings, token, x_device_id)
    if call.token is not None or call.guest is not None:
        await call("DELETE", "/cart")
    return Response(status_code=204, headers={"Cache-Control": "no-store"})


@cart_router.post("/merge", response_model=Cart, responses=CART_RESPONSES)
async def merge_cart(
    orders: Orders, settings: Settings, token: Token, x_device_id: DeviceIdHeader = None
) -> Response:
    """Right after sign-in: the install's guest cart joins the shopper's (quantities
    added, within stock), and the guest cart is gone. Without `X-Device-Id`, the
    shopper's cart as it is."""
    headers = {"X-Cart-Id": guest_cart_id(settings, x_device_id)} if x_device_id else {}
    path = "/cart/merge" if headers else "/cart"
    answer = await call_as_user(orders, "POST" if headers else "GET", path, token, headers=headers)
    return relay_json(answer)


# ---- card tokens, checkout, step-up -------------------------------------------------


class CheckoutBody(BaseModel):
    """What the checkout screen sends: where to ship (the orders service's address
    shape, checked there: its 422 `errors` point into `shipping_address`) and the card
    token from `POST /api/payment-methods`."""

    model_config = ConfigDict(extra="forbid")

    shipping_address: ShippingAddress
    payment_method: Annotated[
        str, StringConstraints(min_length=1, max_length=255, pattern=r"^[A-Za-z0-9_.\-]+$")
    ] = Field(description="A card token from `POST /api/payment-methods`")


class SavedShipping(BaseModel):
    address: ShippingAddress | None = Field(
        description="Where the last confirmed order went (the address book's default); "
        "null before the first order"
    )


@orders_router.get("/checkout/address", response_model=SavedShipping, responses=BEARER_RESPONSES)
async def saved_shipping_address(request: Request, token: Token, customers: Customers) -> Response:
    """The address to offer at checkout: where my last confirmed order went (the
    customers service remembers it in my address book)."""
    answer = await call_as_user(customers, "GET", "/customers/me/addresses", token)
    chosen = next((entry for entry in answer.json() if entry.get("is_default")), None)
    address = None if chosen is None else ShippingAddress.model_validate(chosen)
    return personal_read(request, answer, orjson.dumps(SavedShipping(address=address).model_dump()))


@orders_router.post(
    "/payment-methods",
    response_model=CardToken,
    status_code=201,
    responses={**BEARER_RESPONSES, 422: documented_problem("`invalid-card` or bad input")},
)
async def tokenize_card(token: Token, payments: Payments, body: CardBody) -> Response:
    """Sandbox: test card details become a token. 4242 4242 4242 4242 pays;
    4000 0025 0000 3155 asks for the second factor; 4000 0000 0000 9995 is declined."""
    card = body.model_dump()
    card["number"] = card["number"].replace(" ", "")
    answer = await call_as_user(payments, "POST", "/payment-methods", token, json=card)
    return relay_json(answer, body=CardToken.model_validate(answer.json()).model_dump())


@orders_router.post(
    "/checkout",
    response_model=Order,
    status_code=201,
    responses={
        200: {"description": "A repeated submission (same Idempotency-Key): the same order"},
        409: documented_problem("`items-unavailable`: products no longer sold"),
        **BEARER_RESPONSES,
        422: documented_problem(
            "Bad input, `cart-empty`, `quantity-limit`, or `idempotency-key-reused`"
        ),
    },
)
async def place_order(
    orders: Orders,
    token: Token,
    body: CheckoutBody,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """Check out the shopper's cart. The order comes back `confirmed`; `failed` with a
    `reason` (declined, out of stock: nothing charged); or `awaiting_confirmation` with
    a `next_action` (sign in again with the second factor, then `confirm-payment`)."""
    key = idempotency_key or f"mobile-{uuid.uuid4()}"
    answer = await call_as_user(
        orders,
        "POST",
        "/checkout",
        token,
        json=body.model_dump(mode="json"),
        headers={"Idempotency-Key": key},
    )
    response = relay_json(answer)
    response.headers["Idempotency-Key"] = key
    if answer.headers.get("idempotent-replayed"):
        response.headers["Idempotent-Replayed"] = "true"
    return response


@orders_router.post(
    "/orders/{order_id}/confirm-payment",
    response_model=Order,
    responses={
        409: documented_problem("`nothing-to-confirm`: the order is not awaiting a payment"),
        **BEARER_RESPONSES,
    },
)
async def confirm_order_payment(orders: Orders, token: Token, order_id: OrderId) -> Response:
    """With a token from a sign-in with the second factor: pay the waiting order. Too
    long ago, or no second factor: 403 `step-up-required` with `acr_values`."""
    return relay_json(
        await call_as_user(orders, "POST", f"/orders/{order_id}/confirm-payment", token)
    )


# ---- order history -------------------------------------------------------------------


@orders_router.get("/orders", response_model=OrderPage, responses=BEARER_RESPONSES)
async def list_my_orders(
    request: Request,
    orders: Orders,
    token: Token,
    status: Annotated[list[OrderStatus], Query(max_length=8)] = [],
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """My orders, newest first."""
    params: dict[str, Any] = {"limit": limit, "status": status}
    if cursor:
        params["cursor"] = cursor
    answer = await call_as_user(orders, "GET", "/orders", token, params=params)
    return personal_read(request, answer)


@orders_router.get("/orders/{order_id}", response_model=Order, responses=BEARER_RESPONSES)
async def get_my_order(
    request: Request, orders: Orders, token: Token, order_id: OrderId
) -> Response:
    """One of my orders, with its status history."""
    answer = await call_as_user(orders, "GET", f"/orders/{order_id}", token)
    return personal_read(request, answer)


@orders_router.post(
    "/orders/{order_id}/cancel",
    response_model=Order,
    responses={
        409: documented_problem("The order can no longer be cancelled (shipped, or ended)"),
        **BEARER_RESPONSES,
    },
)
async def cancel_my_order(
    orders: Orders, token: Token, order_id: OrderId, body: CancelBody | None = None
) -> Response:
    """Before shipping: cancelled, refunded, restocked."""
    answer = await call_as_user(
        orders,
        "POST",
        f"/orders/{order_id}/cancel",
        token,
        json=(body or CancelBody()).model_dump(),
    )
    return relay_json(answer)
