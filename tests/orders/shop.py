"""A shop for orders tests: identity, catalog, payments and orders apps in one `Hub`
(the embedded composition of `bookbrew.shop`), talking over the hub's in-process HTTP.
Each service keeps its own store: SQLite files by default, or real MariaDB databases,
Redis and a RabbitMQ bus for the distributed-profile tests."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from bookbrew.catalog.app import create_app as create_catalog
from bookbrew.catalog.settings import CatalogSettings
from bookbrew.customers.app import create_app as create_customers
from bookbrew.customers.settings import CustomersSettings
from bookbrew.orders.app import create_app as create_orders
from bookbrew.orders.models import OrderRow, outbox
from bookbrew.orders.settings import OrdersSettings
from bookbrew.payments.app import create_app as create_payments
from bookbrew.payments.settings import PaymentsSettings
from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.platform.hub import Hub

SUCCESS = "4242424242424242"
SCA = "4000002500003155"
DECLINE = "4000000000000002"
INSUFFICIENT_FUNDS = "4000000000009995"
ADDRESS: dict[str, Any] = {
    "recipient": "Ada Lovelace",
    "line1": "Unter den Linden 1",
    "city": "Berlin",
    "postal_code": "10117",
    "country": "DE",
}


def coffee(sku: str, *, stock: int = 10, price: int = 1299, **extra: Any) -> dict[str, Any]:
    return {
        "sku": sku,
        "name": f"Ethiopia Yirgacheffe {sku}",
        "category": "coffee",
        "description": "Washed, light roast.",
        "price": {"amount": price, "currency": "EUR"},
        "stock": stock,
        "attributes": {"origin": "Ethiopia", "process": "washed", "roast": "light"},
        **extra,
    }


@dataclass
class Shop:
    hub: Hub
    apps: dict[str, FastAPI]
    key: DevSigningKey
    orders: httpx.AsyncClient
    catalog: httpx.AsyncClient
    payments: httpx.AsyncClient
    admin: dict[str, str] = field(default_factory=dict)

    # --- identities -------------------------------------------------------------------

    def customer(self, subject: str | None = None, *, mfa: bool = False) -> dict[str, str]:
        subject = subject or f"cust-{uuid.uuid4().hex[:12]}"
        extra: dict[str, Any] = {}
        if mfa:
            extra = {"amr": ["pwd", "otp"], "auth_time": int(time.time())}
        token = self.key.mint(subject, roles=["customer"], ttl_seconds=900, **extra)
        return {"Authorization": f"Bearer {token}"}

    @staticmethod
    def subject(headers: dict[str, str]) -> str:
        import jwt

        token = headers["Authorization"].split()[1]
        return str(jwt.decode(token, options={"verify_signature": False})["sub"])

    # --- catalog and payments -----------------------------------------------------------

    async def product(self, sku: str, **options: Any) -> dict[str, Any]:
        answer = await self.catalog.post(
            "/admin/products", json=coffee(sku, **options), headers=self.admin
        )
        assert answer.status_code == 201, answer.text
        return dict(answer.json())

    async def stock(self, sku: str) -> int:
        answer = await self.catalog.get(f"/admin/products/{sku}", headers=self.admin)
        return int(answer.json()["stock"])

    async def card(self, headers: dict[str, str], number: str = SUCCESS) -> str:
        answer = await self.payments.post(
            "/payment-methods",
            headers=headers,
            json={"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        )
        assert answer.status_code == 201, answer.text
        return str(answer.json()["token"])

    async def payments_of(self, order_id: str) -> list[dict[str, Any]]:
        service = self.key.mint("orders", roles=["service"])
        answer = await self.payments.get(
            "/payments",
            params={"reference": order_id},
            headers={"Authorization": f"Bearer {service}"},
        )
        assert answer.status_code == 200, answer.text
        return list(answer.json())

    # --- cart and checkout --------------------------------------------------------------

    async def add(self, headers: dict[str, str], sku: str, quantity: int = 1) -> httpx.Response:
        return await self.orders.post(
            "/cart/lines", json={"sku": sku, "quantity": quantity}, headers=headers
        )

    async def checkout(
        self,
        headers: dict[str, str],
        *,
        number: str = SUCCESS,
        key: str | None = None,
        token: str | None = None,
        address: dict[str, Any] | None = None,
    ) -> httpx.Response:
        token = token or await self.card(headers, number)
        return await self.orders.post(
            "/checkout",
            json={"payment_method": token, "shipping_address": address or ADDRESS},
            headers={**headers, "Idempotency-Key": key or uuid.uuid4().hex},
        )

    async def buy(
        self, sku: str, quantity: int = 1, *, number: str = SUCCESS, **checkout: Any
    ) -> tuple[dict[str, str], httpx.Response]:
        headers = checkout.pop("headers", None) or self.customer()
        added = await self.add(headers, sku, quantity)
        assert added.status_code == 200, added.text
        return headers, await self.checkout(headers, number=number, **checkout)

    # --- the orders service's own records -----------------------------------------------

    @property
    def orders_app(self) -> FastAPI:
        return self.apps["orders"]

    @property
    def context(self):  # type: ignore[no-untyped-def]
        return self.orders_app.state.orders

    async def events(self, order_id: str | None = None) -> list[tuple[str, str | None]]:
        """(type, subject) of what orders staged in its outbox, in order."""
        async with self.context.db.sessions() as session:
            rows = (await session.execute(select(outbox.c.type, outbox.c.body))).all()
        import orjson

        found = [(row.type, orjson.loads(row.body).get("subject")) for row in rows]
        return [item for item in found if order_id is None or item[1] == order_id]

    async def order_count(self) -> int:
        async with self.context.db.sessions() as session:
            return int(await session.scalar(select(func.count()).select_from(OrderRow)) or 0)

    async def drain(self) -> None:
        drain = getattr(self.hub.bus, "drain", None)
        if drain is not None:
            await drain()


@asynccontextmanager
async def running_shop(
    tmp_path: Path,
    jwks_file: Path,
    key: DevSigningKey,
    *,
    urls: dict[str, str] | None = None,
    cache_url: str = "memory://",
    hub: Hub | None = None,
    orders: dict[str, Any] | None = None,
) -> AsyncIterator[Shop]:
    """`urls`: a database URL per service (default: SQLite files under tmp_path)."""
    urls = urls or {}
    hub = hub or Hub()
    common: dict[str, Any] = {
        "data_dir": tmp_path,
        "jwks_file": str(jwks_file),
        "jwks_url": "http://customers/.well-known/jwks.json",
        "environment": "test",
        "outbox_poll_seconds": 0.1,
    }

    def db(name: str) -> dict[str, Any]:
        # A whole shop in one process on a busy machine (1,000 checkouts at once): a
        # request may queue for a pooled connection far longer than in a real service.
        if name not in urls:
            return {}
        return {"database_url": urls[name], "database_pool_timeout_seconds": 300.0}

    apps: dict[str, FastAPI] = {
        "customers": create_customers(CustomersSettings(**common, **db("customers")), hub),
        "catalog": create_catalog(CatalogSettings(**common, **db("catalog")), hub),
        "payments": create_payments(
            PaymentsSettings(**common, **db("payments"), webhook_poll_seconds=0.2), hub
        ),
        "orders": create_orders(
            OrdersSettings(
                **common,
                **db("orders"),
                cache_url=cache_url,
                **{"sweep_interval_seconds": 3600.0, **(orders or {})},
            ),
            hub,
        ),
    }
    for name, app in apps.items():
        hub.register(name, app)

    def client(name: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=apps[name]), base_url=f"http://{name}", timeout=120
        )

    async with hub.running(list(apps.items())):
        async with client("orders") as o, client("catalog") as c, client("payments") as p:
            admin = {"Authorization": f"Bearer {key.mint('staff-1', roles=['admin'])}"}
            yield Shop(hub, apps, key, o, c, p, admin)
