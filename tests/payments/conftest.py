"""A payments app on a real database, driven over HTTP (in-process ASGI transport)."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from bookbrew.payments.app import create_app
from bookbrew.payments.models import outbox
from bookbrew.payments.settings import PaymentsSettings
from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.platform.hub import Hub

SUCCESS = "4242424242424242"
SCA = "4000002500003155"
DECLINES = {
    "4000000000009995": "insufficient-funds",
    "4000000000009979": "stolen-card",
    "4000000000000069": "expired-card",
    "4000000000000119": "processing-error",
    "4000000000000002": "generic",
}


class PaymentsUnderTest:
    def __init__(self, app: FastAPI, client: httpx.AsyncClient, hub: Hub) -> None:
        self.app = app
        self.client = client
        self.hub = hub

    @property
    def db(self):  # type: ignore[no-untyped-def]
        return self.app.state.runtime.db

    @property
    def provider(self):  # type: ignore[no-untyped-def]
        return self.app.state.payments.provider

    async def tokenize(self, headers: dict[str, str], number: str = SUCCESS) -> str:
        response = await self.client.post(
            "/payment-methods",
            headers=headers,
            json={"number": number, "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        )
        assert response.status_code == 201, response.text
        return str(response.json()["token"])

    async def pay(
        self,
        headers: dict[str, str],
        *,
        number: str = SUCCESS,
        amount: int = 2500,
        key: str | None = None,
        **body: Any,
    ) -> httpx.Response:
        token = await self.tokenize(headers, number)
        payload = {
            "amount": amount,
            "currency": "EUR",
            "reference": body.pop("reference", f"order-{uuid.uuid4().hex[:8]}"),
            "payment_method": token,
            **body,
        }
        return await self.client.post(
            "/payments",
            json=payload,
            headers={**headers, "Idempotency-Key": key or uuid.uuid4().hex},
        )

    async def events(self, type_suffix: str) -> int:
        async with self.db.sessions() as session:
            return int(
                await session.scalar(
                    select(func.count())
                    .select_from(outbox)
                    .where(outbox.c.type == f"bookbrew.payment.{type_suffix}")
                )
                or 0
            )


@pytest.fixture
def payments_settings(tmp_path: Path, jwks_file: Path) -> Callable[..., PaymentsSettings]:
    def make(**overrides: Any) -> PaymentsSettings:
        values: dict[str, Any] = {
            "data_dir": tmp_path,
            "jwks_file": str(jwks_file),
            "environment": "test",
            "webhook_poll_seconds": 0.2,
            **overrides,
        }
        return PaymentsSettings(**values)

    return make


@pytest.fixture
def make_payments(
    payments_settings: Callable[..., PaymentsSettings],
) -> Callable[..., Any]:
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def start(**overrides: Any) -> AsyncIterator[PaymentsUnderTest]:
        hub = Hub()
        app = create_app(payments_settings(**overrides), hub)
        hub.register("payments", app)
        async with hub.running([("payments", app)]):
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://payments"
            ) as client:
                yield PaymentsUnderTest(app, client, hub)

    return start


@pytest.fixture
async def payments(make_payments: Callable[..., Any]) -> AsyncIterator[PaymentsUnderTest]:
    async with make_payments() as under_test:
        yield under_test


@pytest.fixture
def mfa_headers(signing_key: DevSigningKey) -> dict[str, str]:
    token = signing_key.mint(
        "customer-1", roles=["customer"], amr=["pwd", "mfa", "otp"], auth_time=int(time.time())
    )
    return {"Authorization": f"Bearer {token}"}
