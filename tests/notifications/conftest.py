"""A notifications app with a real SMTP server (aiosmtpd) behind a switchable TCP proxy,
events published onto the hub's bus, and factories for the events it consumes."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI

from bookbrew.contracts import customers, orders
from bookbrew.notifications.app import create_app
from bookbrew.notifications.models import DeliveryRow
from bookbrew.notifications.settings import NotificationsSettings
from bookbrew.platform.events.envelope import CloudEvent, new_event
from bookbrew.platform.hub import Hub
from tests.support import TcpProxy, eventually


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Mailbox:
    """What the SMTP server received, parsed."""

    received: list[tuple[list[str], bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        with self.lock:
            raw = [content for _, content in self.received]
        return [email.message_from_bytes(r, policy=email.policy.default) for r in raw]  # type: ignore[misc]

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield box, controller.port
    finally:
        controller.stop()


@pytest.fixture
async def smtp_proxy(mailbox: tuple[Mailbox, int]) -> AsyncIterator[TcpProxy]:
    proxy = TcpProxy("127.0.0.1", mailbox[1])
    await proxy.up()
    try:
        yield proxy
    finally:
        await proxy.down()


@pytest.fixture
def settings_factory(tmp_path: Path, jwks_file: Path) -> Callable[..., NotificationsSettings]:
    def make(**overrides: Any) -> NotificationsSettings:
        values: dict[str, Any] = {
            "data_dir": tmp_path,
            "jwks_file": str(jwks_file),
            "environment": "test",
            "smtp_host": "127.0.0.1",
            "smtp_port": 1,
            "smtp_timeout_seconds": 3.0,
            "public_url": "http://notifications.test",
            "shop_url": "http://shop.test",
            "retry_base_seconds": 0.05,
            "retry_max_seconds": 0.2,
            "worker_poll_seconds": 0.05,
            "digest_enabled": False,
            "expo_enabled": True,
            "expo_push_url": "http://127.0.0.1:9/--/api/v2/push/send",  # nothing listens
            "webpush_enabled": False,
        }
        values.update(overrides)
        return NotificationsSettings(**values)

    return make


class NotificationsUnderTest:
    def __init__(self, app: FastAPI, client: httpx.AsyncClient, hub: Hub) -> None:
        self.app = app
        self.client = client
        self.hub = hub

    @property
    def db(self):  # type: ignore[no-untyped-def]
        return self.app.state.runtime.db

    async def publish(self, event: CloudEvent) -> None:
        await self.hub.bus.publish(event)
        await self.hub.bus.drain()

    async def deliveries(self, **where: Any) -> list[DeliveryRow]:
        from sqlalchemy import select

        async with self.db.sessions() as session:
            query = select(DeliveryRow).order_by(DeliveryRow.created_at)
            for name, value in where.items():
                query = query.where(getattr(DeliveryRow, name) == value)
            return list((await session.scalars(query)).all())

    async def settled(self, **where: Any) -> list[DeliveryRow]:
        """Wait until no matching delivery is pending or failed (being retried)."""

        async def done() -> list[DeliveryRow] | None:
            rows = await self.deliveries(**where)
            return rows if rows and all(r.status in ("sent", "dead") for r in rows) else None

        result: list[DeliveryRow] = await eventually(done, timeout=15)
        return result


@asynccontextmanager
async def running(settings: NotificationsSettings) -> AsyncIterator[NotificationsUnderTest]:
    hub = Hub()
    app = create_app(settings, hub)
    hub.register("notifications", app)
    async with hub.running([("notifications", app)]):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://notifications.test"
        ) as client:
            yield NotificationsUnderTest(app, client, hub)


@pytest.fixture
async def notifications(
    settings_factory: Callable[..., NotificationsSettings], smtp_proxy: TcpProxy
) -> AsyncIterator[NotificationsUnderTest]:
    async with running(settings_factory(smtp_port=smtp_proxy.port)) as under_test:
        yield under_test


def registered(
    customer_id: str | None = None,
    *,
    email_address: str | None = None,
    name: str = "Ana",
    locale: str = "en",
    marketing_consent: bool = False,
) -> CloudEvent:
    customer_id = customer_id or f"cust-{uuid.uuid4().hex[:8]}"
    payload = customers.CustomerRegistered(
        customer_id=customer_id,
        email=email_address or f"{customer_id}@example.com",
        display_name=name,
        locale=locale,
        verification_url=f"http://shop.test/verify-email?token=tok-{customer_id}",
        marketing_consent=marketing_consent,
    )
    return new_event("customers", customers.CUSTOMER_REGISTERED, payload, subject=customer_id)


def order_event(
    customer_id: str,
    type_: str = orders.ORDER_CONFIRMED,
    *,
    reason: str | None = None,
    shipping_address: orders.ShippingAddress | None = None,
) -> CloudEvent:
    order_id = str(uuid.uuid4())
    payload = orders.OrderEvent(
        order_id=order_id,
        customer_id=customer_id,
        status=type_.rsplit(".", 1)[-1],
        lines=[
            orders.OrderEventLine(
                sku="BK-0001",
                name="The Left Hand of Darkness",
                category="book",
                quantity=1,
                unit_price={"amount": 1299, "currency": "EUR"},  # type: ignore[arg-type]
            ),
            orders.OrderEventLine(
                sku="CF-0007",
                name="Ethiopia Yirgacheffe",
                category="coffee",
                quantity=2,
                unit_price={"amount": 950, "currency": "EUR"},  # type: ignore[arg-type]
            ),
        ],
        total={"amount": 3199, "currency": "EUR"},  # type: ignore[arg-type]
        reason=reason,
        occurred_at=datetime(2026, 11, 24, 10, 0, tzinfo=UTC),
        shipping_address=shipping_address,
    )
    return new_event("orders", type_, payload, subject=order_id)


def parts(message: EmailMessage) -> tuple[str, str]:
    """(text/plain, text/html) of a multipart/alternative message."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    return text.get_content(), html.get_content()
