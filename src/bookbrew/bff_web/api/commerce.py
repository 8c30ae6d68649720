"""Cart, checkout and orders for the web app, relayed to the orders service (and card
tokens to payments).

- A guest's cart is named by an id orders hands out; it lives in an HttpOnly cookie
  here (`bookbrew_cart`) and is sent as `X-Cart-Id`. Signed in, the shopper's token
  names the cart; a guest cart left in the browser is merged into it on the first cart
  call after sign-in (and the cookie dropped).
- The cart read (`GET /api/cart`) carries `complements`, what goes well with it, from
  curation within a short budget (a signed-in shopper's; `available: false` for a
  guest, or when curation is slow or down). Carts are per shopper: never cached.
- Checkout needs a sign-in. The app sends an `Idempotency-Key` per attempt (one is made
  up when it does not), so a double click never orders twice. The card number goes to
  `POST /api/payment-methods` (payments' sandbox tokenization); orders sees a token only.
- A payment that needs the shopper's second factor leaves the order
  `awaiting_confirmation`: the answer carries a `login_url` (sign in again with MFA,
  back to `/checkout/confirm/{id}`), after which `POST /api/orders/{id}/confirm-payment`
  completes it.
"""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Any
from urllib.parse import quote

import httpx
from fastapi import APIRouter, Depends, Header, Query, Request, Response

from bookbrew.bff_web import service
from bookbrew.bff_web.deps import (
    CSRF,
    PRIVATE,
    SIGNED_IN_RESPONSES,
    CatalogDep,
    CurationDep,
    Current,
    CustomersDep,
    MaybeSignedInDep,
    OrderId,
    OrdersDep,
    PaymentsDep,
    SettingsDep,
    SignedInDep,
    ViewDep,
    call_for_shopper,
    json_response,
    login_url,
    user_token,
)
from bookbrew.bff_web.schemas import (
    Cart,
    CheckoutBody,
    Complements,
    Order,
    OrderPage,
    SavedShipping,
    ShippingForm,
)
from bookbrew.bff_web.sessions import cookie_secure
from bookbrew.bff_web.settings import BffWebSettings
from bookbrew.contracts.catalog import Sku
from bookbrew.contracts.orders import AddToCartBody, CancelBody, OrderStatus, SetQuantityBody
from bookbrew.contracts.payments import CardBody, CardToken
from bookbrew.platform.http import ServiceClient, ServiceError
from bookbrew.platform.problems import Problem
from bookbrew.platform.responses import READ_RESPONSES, documented_problem, user_problem

CART_COOKIE = "bookbrew_cart"
_GUEST_CART_ID = re.compile(r"^gc_[A-Za-z0-9_-]{24}$")

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=255,
        pattern=r"^[A-Za-z0-9_.:-]+$",
        description="One per checkout attempt: a repeated submission answers the same order",
    ),
]

CART_RESPONSES: dict[int | str, dict[str, Any]] = {
    403: SIGNED_IN_RESPONSES[403],
    404: READ_RESPONSES[404],
    422: documented_problem("Bad input, a quantity over the limit, or too many lines"),
    503: READ_RESPONSES[503],
}

cart_router = APIRouter(prefix="/api/cart", tags=["cart"], dependencies=CSRF)
orders_router = APIRouter(prefix="/api", tags=["orders"], dependencies=CSRF)


# ---- the cart ------------------------------------------------------------------------


def guest_cart_id(request: Request) -> str | None:
    value = request.cookies.get(CART_COOKIE, "")
    return value if _GUEST_CART_ID.match(value) else None


def set_cart_cookie(
    response: Response, request: Request, settings: BffWebSettings, cart_id: str
) -> None:
    response.set_cookie(
        CART_COOKIE,
        cart_id,
        max_age=settings.guest_cart_cookie_max_age_seconds,
        path="/",
        httponly=True,
        samesite="lax",
        secure=cookie_secure(request, settings),
    )


def clear_cart_cookie(response: Response, request: Request, settings: BffWebSettings) -> None:
    response.delete_cookie(
        CART_COOKIE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=cookie_secure(request, settings),
    )


class CartCall:
    """One cart request: who owns the cart (token or guest id), what happened to the
    guest cookie (merged at sign-in, newly issued, gone), and the answer."""

    def __init__(
        self,
        request: Request,
        current: Current | None,
        orders: ServiceClient,
        settings: BffWebSettings,
    ) -> None:
        self.request = request
        self.current = current
        self.orders = orders
        self.settings = settings
        self.guest_id = guest_cart_id(request)
        self.drop_cookie = CART_COOKIE in request.cookies and self.guest_id is None
        self.new_guest_id: str | None = None

    async def merge_guest_cart(self) -> None:
        """Signed in with a guest cart still in the browser: fold it into the shopper's
        (once; a cart that expired meanwhile is simply forgotten)."""
        if self.current is None or self.guest_id is None:
            return
        try:
            await call_for_shopper(
                self.request,
                self.current,
                self.orders,
                "POST",
                "/cart/merge",
                headers={"X-Cart-Id": self.guest_id},
            )
        except Problem as problem:
            if problem.status not in (400, 404, 409, 422):
                raise
        self.guest_id = None
        self.drop_cookie = True

    async def call(self, method: str, path: str, json: Any = None) -> httpx.Response:
        await self.merge_guest_cart()
        if self.current is not None:
            answer: httpx.Response = await call_for_shopper(
                self.request, self.current, self.orders, method, path, json=json, headers={}
            )
            return answer
        headers = {"X-Cart-Id": self.guest_id} if self.guest_id else {}
        try:
            answer = await self.orders.request(method, path, json=json, headers=headers)
        except ServiceError as exc:
            if exc.status == 422 and self.guest_id is not None and _names_cart_id(exc):
                self.drop_cookie = True
            raise user_problem(exc) from exc
        issued = answer.headers.get("x-cart-id")
        # Orders names a cart even for a read; only a write makes one worth keeping.
        writes = method != "GET"
        if writes and issued and issued != self.guest_id and _GUEST_CART_ID.match(issued):
            self.new_guest_id = issued
        return answer

    def respond(
        self,
        answer: httpx.Response | None,
        status_code: int = 200,
        *,
        extra: dict[str, Any] | None = None,
    ) -> Response:
        if answer is None or answer.status_code == 204:
            response = Response(status_code=204, headers=PRIVATE)
        else:
            body = answer.json()
            if isinstance(body, dict):
                body.pop("cart_id", None)  # the guest's id stays in its HttpOnly cookie
                body.pop("customer_id", None)
                body.update(extra or {})
            response = json_response(body, status_code)
        if self.new_guest_id is not None:
            set_cart_cookie(response, self.request, self.settings, self.new_guest_id)
        elif self.drop_cookie:
            clear_cart_cookie(response, self.request, self.settings)
        return response


def _names_cart_id(exc: ServiceError) -> bool:
    return any("X-Cart-Id" in map(str, e.get("loc", ())) for e in exc.problem.get("errors", []))


async def cart_call(
    request: Request, current: MaybeSignedInDep, orders: OrdersDep, settings: SettingsDep
) -> CartCall:
    return CartCall(request, current, orders, settings)


CartCallDep = Annotated[CartCall, Depends(cart_call)]


@cart_router.get("", response_model=Cart, responses=CART_RESPONSES)
async def get_cart(
    cart: CartCallDep,
    curation: CurationDep,
    catalog: CatalogDep,
    view: ViewDep,
    complements: Annotated[
        bool, Query(description="Ask curation what goes well with the cart (`complements`)")
    ] = True,
) -> Response:
    """The cart, priced from the catalog now, with what stops a checkout, if anything.
    Signed in, a guest cart left in this browser is merged into the shopper's first.

    `complements`: curation's "goes well with" for the cart (a signed-in shopper's),
    with reasons and the `recommendation_id` to send back with clicks, within a short
    budget; `available: false` when curation is slow or down, or for a guest. An empty
    cart asks nothing. `complements=false` (e.g. for a header's count) leaves it out."""
    answer = await cart.call("GET", "/cart")
    if not complements or answer.status_code == 204:
        return cart.respond(answer)
    found = await complements_of(cart, answer, curation, catalog, view)
    return cart.respond(answer, extra={"complements": found.model_dump(mode="json")})


async def complements_of(
    cart: CartCall,
    answer: httpx.Response,
    curation: ServiceClient,
    catalog: ServiceClient,
    view: service.View,
) -> Complements:
    body = answer.json()
    lines = body.get("lines") if isinstance(body, dict) else None
    skus = [str(line["sku"]) for line in lines or [] if isinstance(line, dict) and "sku" in line]
    if not skus:
        return Complements(available=True)
    token: str | None = None  # a guest's cart: complements for the cart alone
    if cart.current is not None:
        try:
            token = await user_token(cart.request, cart.current)
        except Problem:
            return Complements(available=False)
    return await service.cart_complements(
        curation,
        catalog,
        view,
        skus,
        customer_id=cart.current.session.customer_id if cart.current is not None else None,
        token=token,
        size=cart.settings.cart_complements_size,
        budget_seconds=cart.settings.complements_timeout_seconds,
    )


@cart_router.post("/lines", response_model=Cart, responses=CART_RESPONSES)
async def add_to_cart(cart: CartCallDep, body: AddToCartBody) -> Response:
    """Add a quantity of a product (a guest's first add starts a cart; its id is kept in
    an HttpOnly cookie). Orders records the add-to-cart interaction for curation."""
    return cart.respond(
        await cart.call("POST", "/cart/lines", json=body.model_dump(exclude_none=True))
    )


@cart_router.put("/lines/{sku}", response_model=Cart, responses=CART_RESPONSES)
async def set_cart_quantity(cart: CartCallDep, sku: Sku, body: SetQuantityBody) -> Response:
    """Set a line's quantity (0 removes it)."""
    return cart.respond(await cart.call("PUT", f"/cart/lines/{sku}", json=body.model_dump()))


@cart_router.delete("/lines/{sku}", response_model=Cart, responses=CART_RESPONSES)
async def remove_from_cart(cart: CartCallDep, sku: Sku) -> Response:
    return cart.respond(await cart.call("DELETE", f"/cart/lines/{sku}"))


@cart_router.delete("", status_code=204, responses=CART_RESPONSES)
async def clear_cart(cart: CartCallDep) -> Response:
    """Empty the cart."""
    if cart.current is None and cart.guest_id is None:
        return cart.respond(None)
    await cart.call("DELETE", "/cart")
    return cart.respond(None)


# ---- card tokens, checkout, step-up ----------------------------------------------------


@orders_router.post(
    "/payment-methods", response_model=CardToken, status_code=201, responses=SIGNED_IN_RESPONSES
)
async def tokenize_card(
    request: Request, current: SignedInDep, payments: PaymentsDep, body: CardBody
) -> Response:
    """Sandbox: turn test card details into a token (payments'
    `POST /payment-methods`); 422 `invalid-card` for a number that is not one. Test
    cards: 4242 4242 4242 4242 pays; 4000 0025 0000 3155 asks for the second factor;
    4000 0000 0000 9995 is declined."""
    card = body.model_dump()
    card["number"] = card["number"].replace(" ", "")
    answer = await call_for_shopper(
        request, current, payments, "POST", "/payment-methods", json=card
    )
    token = CardToken.model_validate(answer.json())
    return json_response(token.model_dump(), 201)


def confirm_path(order_id: str) -> str:
    return f"/checkout/confirm/{quote(order_id, safe='')}"


def with_step_up(request: Request, order: dict[str, Any]) -> dict[str, Any]:
    """An order waiting for the shopper's second factor gains the `login_url` to get it."""
    if order.get("status") == "awaiting_confirmation":
        order["login_url"] = login_url(
            request, step_up=True, return_to=confirm_path(str(order["id"]))
        )
    return order


CHECKOUT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "A repeated submission (same Idempotency-Key): the same order"},
    409: documented_problem("`items-unavailable`: products no longer sold"),
    **SIGNED_IN_RESPONSES,
    422: documented_problem(
        "Bad input, `cart-empty`, `quantity-limit`, or `idempotency-key-reused`"
    ),
}


@orders_router.post(
    "/checkout", response_model=Order, status_code=201, responses=CHECKOUT_RESPONSES
)
async def place_order(
    request: Request,
    current: SignedInDep,
    orders: OrdersDep,
    settings: SettingsDep,
    body: CheckoutBody,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Response:
    """Check out the shopper's cart with a card token, shipping to `shipping` (kept
    with the order: its `shipping_address`). The answer is the order:
    `confirmed`; `failed` with a `reason` (declined, out of stock; nothing charged);
    or `awaiting_confirmation` with a `login_url` (step-up). Send one `Idempotency-Key`
    per attempt: a double click answers the same order."""
    cart = CartCall(request, current, orders, settings)
    await cart.merge_guest_cart()
    key = idempotency_key or f"bff-{uuid.uuid4()}"
    answer = await call_for_shopper(
        request,
        current,
        orders,
        "POST",
        "/checkout",
        json={
            "payment_method": body.payment_method,
            "shipping_address": body.shipping.for_orders(),
        },
        headers={"Idempotency-Key": key},
    )
    order = with_step_up(request, answer.json())
    response = json_response(order, answer.status_code)
    response.headers["Idempotency-Key"] = key
    if answer.headers.get("idempotent-replayed"):
        response.headers["Idempotent-Replayed"] = "true"
    if cart.drop_cookie:
        clear_cart_cookie(response, request, settings)
    return response


@orders_router.get(
    "/checkout/address", response_model=SavedShipping, responses=SIGNED_IN_RESPONSES
)
async def saved_shipping_address(
    request: Request, current: SignedInDep, customers: CustomersDep
) -> Response:
    """The address to offer at checkout: where the shopper's last confirmed order went
    (the customers service remembers it in their address book)."""
    answer = await call_for_shopper(request, current, customers, "GET", "/customers/me/addresses")
    chosen = next((entry for entry in answer.json() if entry.get("is_default")), None)
    address = None if chosen is None else ShippingForm.from_address_book(chosen)
    return json_response(SavedShipping(address=address).model_dump(mode="json"))


@orders_router.post(
    "/orders/{order_id}/confirm-payment",
    response_model=Order,
    responses={
        404: READ_RESPONSES[404],
        409: documented_problem("`nothing-to-confirm`: the order is not awaiting a payment"),
        **SIGNED_IN_RESPONSES,
    },
)
async def confirm_order_payment(
    request: Request, current: SignedInDep, orders: OrdersDep, order_id: OrderId
) -> Response:
    """After signing in again with the second factor: confirm the waiting payment. Too
    long ago (or no second factor): 403 `step-up-required` with a new `login_url`."""
    answer = await call_for_shopper(
        request,
        current,
        orders,
        "POST",
        f"/orders/{order_id}/confirm-payment",
        headers={},
        step_up_return_to=confirm_path(order_id),
    )
    return json_response(with_step_up(request, answer.json()))


# ---- order history ---------------------------------------------------------------------


@orders_router.get("/orders", response_model=OrderPage, responses=SIGNED_IN_RESPONSES)
async def list_my_orders(
    request: Request,
    current: SignedInDep,
    orders: OrdersDep,
    status: Annotated[list[OrderStatus], Query(max_length=8)] = [],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """My orders, newest first."""
    params: dict[str, Any] = {"limit": limit, "status": status}
    if cursor:
        params["cursor"] = cursor
    answer = await call_for_shopper(request, current, orders, "GET", "/orders", params=params)
    page = answer.json()
    page["items"] = [with_step_up(request, item) for item in page.get("items", [])]
    return json_response(page)


@orders_router.get(
    "/orders/{order_id}",
    response_model=Order,
    responses={404: READ_RESPONSES[404], **SIGNED_IN_RESPONSES},
)
async def get_my_order(
    request: Request, current: SignedInDep, orders: OrdersDep, order_id: OrderId
) -> Response:
    """One of my orders, with its status history."""
    answer = await call_for_shopper(request, current, orders, "GET", f"/orders/{order_id}")
    return json_response(with_step_up(request, answer.json()))


@orders_router.post(
    "/orders/{order_id}/cancel",
    response_model=Order,
    responses={
        404: READ_RESPONSES[404],
        409: documented_problem("The order can no longer be cancelled (shipped, or ended)"),
        **SIGNED_IN_RESPONSES,
    },
)
async def cancel_my_order(
    request: Request,
    current: SignedInDep,
    orders: OrdersDep,
    order_id: OrderId,
    body: CancelBody | None = None,
) -> Response:
    """Before shipping: cancelled, refunded, restocked."""
    answer = await call_for_shopper(
        request,
        current,
        orders,
        "POST",
        f"/orders/{order_id}/cancel",
        json=(body or CancelBody()).model_dump(),
    )
    return json_response(answer.json())
