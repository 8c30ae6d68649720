"""What the orders use cases share; built once in the app's lifespan."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bookbrew.orders.clients import CatalogClient, PaymentsClient
from bookbrew.orders.settings import OrdersSettings
from bookbrew.platform.cache import Cache
from bookbrew.platform.crypto import KeyRing
from bookbrew.platform.db import Database


@dataclass
class OrdersContext:
    db: Database
    cache: Cache
    catalog: CatalogClient
    payments: PaymentsClient
    settings: OrdersSettings
    ring: KeyRing  # encrypts shipping addresses at rest


class ContextHolder:
    """The context for event handlers, which are subscribed before it is built."""

    def __init__(self) -> None:
        self._ready = asyncio.Event()
        self._context: OrdersContext | None = None

    def set(self, context: OrdersContext) -> None:
        self._context = context
        self._ready.set()

    async def get(self) -> OrdersContext:
        await self._ready.wait()
        assert self._context is not None
        return self._context
