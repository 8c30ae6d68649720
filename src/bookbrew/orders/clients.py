"""What orders asks of the other services: the catalog (prices, stock reservations),
payments (charge, confirm, cancel, refund) and identity (a service token by client
credentials, cached until shortly before it expires).

Every call here is idempotent by design (a reservation by its reference, a payment by
an Idempotency-Key derived from the order), so a call whose answer was lost is simply
made again; `ServiceClient` itself only retries GETs."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from bookbrew.contracts.catalog import Product, Reservation
from bookbrew.platform.http import ServiceClient, ServiceError, ServiceUnavailable
from bookbrew.platform.problems import PROBLEM_BASE

T = TypeVar("T")

CUSTOMER_TOKEN_HEADER = "X-Customer-Authorization"


def problem_kind(error: ServiceError) -> str:
    return str(error.problem.get("type", "")).removeprefix(PROBLEM_BASE)


async def again_if_unavailable(
    call: Callable[[], Awaitable[T]], *, attempts: int = 3, backoff: float = 0.1
) -> T:
    """Repeat an idempotent call while the other side does not answer usefully."""
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except ServiceUnavailable:
            if attempt == attempts:
                raise
        except ServiceError as exc:
            # Payments answers 409 while the same key is still being worked on.
            if problem_kind(exc) != "idempotency-key-in-progress" or attempt == attempts:
                raise
        await asyncio.sleep(backoff * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


class ServiceTokens:
    """This service's access token (client credentials), shared by every call and
    renewed when it is about to expire or when a callee refuses it."""

    def __init__(
        self, http: httpx.AsyncClient, client_id: str, client_secret: str, margin: float = 30.0
    ) -> None:
        self._http = http
        self._auth = (client_id, client_secret)
        self._margin = margin
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()

    async def token(self) -> str:
        if self._token is not None and time.monotonic() < self._expires_at:
            return self._token
        async with self._lock:
            if self._token is None or time.monotonic() >= self._expires_at:
                await self._fetch()
        assert self._token is not None
        return self._token

    def forget(self, token: str) -> None:
        if self._token == token:
            self._token = None

    async def _fetch(self) -> None:
        try:
            response = await self._http.post(
                "/oauth/token", data={"grant_type": "client_credentials"}, auth=self._auth
            )
        except httpx.HTTPError as exc:
            raise ServiceUnavailable(f"identity: {exc}") from exc
        if response.status_code != 200:
            raise ServiceUnavailable(f"identity refused the service token: {response.text[:200]}")
        body = response.json()
        lifetime = float(body.get("expires_in") or 300)
        self._token = str(body["access_token"])
        self._expires_at = time.monotonic() + max(lifetime - self._margin, lifetime / 2)

    async def close(self) -> None:
        await self._http.aclose()


class _Authorized:
    def __init__(self, client: ServiceClient, tokens: ServiceTokens) -> None:
        self.client = client
        self.tokens = tokens

    async def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        for attempt in (1, 2):
            token = await self.tokens.token()
            try:
                return await self.client.request(
                    method,
                    path,
                    json=json,
                    params=params,
                    headers={**(headers or {}), "Authorization": f"Bearer {token}"},
                )
            except ServiceError as exc:
                # A refused service token (expired, keys rotated): fetch a new one once.
                if exc.status != 401 or attempt == 2 or problem_kind(exc) != "unauthorized":
                    raise
                self.tokens.forget(token)
        raise AssertionError("unreachable")


# --- Catalog --------------------------------------------------------------------------


class OutOfStock(Exception):
    def __init__(self, shortages: list[dict[str, Any]]) -> None:
        super().__init__("out of stock")
        self.shortages = shortages


class ReservationConflict(Exception):
    """The reservation cannot move that way (committed, released or expired)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


class CatalogClient(_Authorized):
    async def products(self, skus: list[str]) -> dict[str, Product]:
        """Current products by SKU (prices, stock); unknown SKUs are absent."""
        found: dict[str, Product] = {}
        for start in range(0, len(skus), 100):
            chunk = skus[start : start + 100]
            rows = await self.client.get_json("/products/batch", params={"sku": chunk})
            for row in rows:
                product = Product.model_validate(row)
                found[product.sku] = product
        return found

    async def reserve(
        self, reference: str, lines: list[tuple[str, int]], ttl_seconds: int
    ) -> tuple[Reservation, bool]:
        """All lines or none; idempotent by reference. Returns (reservation, created)."""
        body = {
            "reference": reference,
            "lines": [{"sku": sku, "quantity": quantity} for sku, quantity in lines],
            "ttl_seconds": ttl_seconds,
        }

        async def call() -> httpx.Response:
            return await self.call("POST", "/reservations", json=body)

        try:
            response = await again_if_unavailable(call)
        except ServiceError as exc:
            if problem_kind(exc) == "out-of-stock":
                raise OutOfStock(list(exc.problem.get("shortages") or [])) from exc
            if problem_kind(exc) == "duplicate-reference":
                # Reserved concurrently under the same reference: read the winner's.
                response = await again_if_unavailable(call)
            else:
                raise
        return Reservation.model_validate(response.json()), response.status_code == 201

    async def _move(self, reservation_id: str, action: str) -> Reservation:
        async def call() -> httpx.Response:
            return await self.call("POST", f"/reservations/{reservation_id}/{action}")

        try:
            response = await again_if_unavailable(call)
        except ServiceError as exc:
            if exc.status == 409:
                raise ReservationConflict(problem_kind(exc), str(exc)) from exc
            raise
        return Reservation.model_validate(response.json())

    async def commit(self, reservation_id: str) -> Reservation:
        return await self._move(reservation_id, "commit")

    async def release(self, reservation_id: str) -> Reservation:
        return await self._move(reservation_id, "release")

    async def adjust_stock(self, sku: str, delta: int, reason: str, bearer: str) -> None:
        """The catalog's admin stock adjustment, made with the staff member's own token
        (the catalog has no service-role restock of a committed reservation yet)."""
        await self.client.request(
            "POST",
            f"/admin/products/{sku}/stock",
            json={"delta": delta, "reason": reason[:200]},
            headers={"Authorization": f"Bearer {bearer}"},
        )


# --- Payments -------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentView:
    id: str
    status: str
    amount: int
    currency: str
    refunded: int
    customer_id: str | None = None
    requested_by: str | None = None  # the subject of the token that created it
    next_action: dict[str, Any] | None = None
    failure_code: str | None = None
    failure_message: str | None = None

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> PaymentView:
        failure = body.get("failure") or {}
        return cls(
            id=str(body["id"]),
            status=str(body["status"]),
            amount=int(body["amount"]["amount"]),
            currency=str(body["amount"]["currency"]),
            refunded=int((body.get("refunded") or {}).get("amount") or 0),
            customer_id=body.get("customer_id"),
            requested_by=body.get("requested_by"),
            next_action=body.get("next_action"),
            failure_code=failure.get("code"),
            failure_message=failure.get("message"),
        )


class PaymentDeclined(Exception):
    def __init__(self, payment_id: str | None, code: str, message: str) -> None:
        super().__init__(message)
        self.payment_id = payment_id
        self.code = code
        self.message = message


class PaymentRefused(Exception):
    """Payments refused the request itself (a bad method token, step-up, a conflict);
    carries the problem document to pass on."""

    def __init__(self, error: ServiceError) -> None:
        super().__init__(str(error))
        self.status = error.status
        self.kind = problem_kind(error)
        self.problem = error.problem


def _declined(error: ServiceError) -> PaymentDeclined:
    return PaymentDeclined(
        error.problem.get("payment_id"),
        str(error.problem.get("decline_code") or "generic"),
        str(error.problem.get("detail") or "The payment was declined."),
    )


def _customer(token: str | None) -> dict[str, str]:
    return {CUSTOMER_TOKEN_HEADER: f"Bearer {token}"} if token else {}


class PaymentsClient(_Authorized):
    async def _post(
        self, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> PaymentView:
        async def call() -> httpx.Response:
            return await self.call("POST", path, json=body, headers=headers)

        try:
            response = await again_if_unavailable(call)
        except ServiceError as exc:
            if exc.status == 402:
                raise _declined(exc) from exc
            raise PaymentRefused(exc) from exc
        return PaymentView.from_body(response.json())

    async def create(
        self,
        *,
        order_id: str,
        amount: int,
        currency: str,
        customer_id: str,
        payment_method: str,
        customer_token: str | None,
        confirm: bool = True,
    ) -> PaymentView:
        """Charge for the order. The Idempotency-Key is derived from the order, so that
        however often this is called for an order it charges at most once."""
        key = f"order-{order_id}" if confirm else f"order-{order_id}-deferred"
        body = {
            "amount": amount,
            "currency": currency,
            "reference": order_id,
            "customer_id": customer_id,
            "payment_method": payment_method,
            "confirm": confirm,
            "metadata": {"order_id": order_id},
        }
        return await self._post(
            "/payments", body, {"Idempotency-Key": key, **_customer(customer_token)}
        )

    async def confirm(self, payment_id: str, customer_token: str | None) -> PaymentView:
        return await self._post(f"/payments/{payment_id}/confirm", None, _customer(customer_token))

    async def cancel(self, payment_id: str) -> PaymentView:
        return await self._post(f"/payments/{payment_id}/cancel")

    async def refund(self, payment_id: str, *, key: str, reason: str) -> PaymentView:
        return await self._post(
            f"/payments/{payment_id}/refunds", {"reason": reason[:200]}, {"Idempotency-Key": key}
        )

    async def for_order(self, order_id: str) -> list[PaymentView]:
        response = await self.call("GET", "/payments", params={"reference": order_id})
        return [PaymentView.from_body(row) for row in response.json()]
