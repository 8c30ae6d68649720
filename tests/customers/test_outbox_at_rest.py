"""The customers outbox at rest (SQLite and MariaDB): after a sign-up the raw outbox
row holds neither the e-mail, the names nor the verification link in plain text, and
consumers still receive the whole `customer.registered` event."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import orjson
from sqlalchemy import text

from bookbrew.contracts import customers as contract
from bookbrew.customers.settings import CustomersSettings
from bookbrew.platform.events.outbox import KEEP_PUBLISHED, SEALED_DATA
from tests.customers.conftest import running
from tests.support import eventually

EMAIL = "ana.lima@example.org"
DISPLAY_NAME = "Anastasia Verwoerd"
FULL_NAME = "Anastasia Beatriz Verwoerd Lima"


async def test_the_sign_up_event_is_sealed_in_the_outbox_and_delivered_whole(
    customers_settings: Callable[..., CustomersSettings], database_url: str
) -> None:
    async with running(customers_settings(database_url=database_url)) as customers:
        customer_id = await customers.register(
            EMAIL, display_name=DISPLAY_NAME, full_name=FULL_NAME, locale="pt-BR"
        )

        # The consumer got everything it needs to send the welcome e-mail.
        event = customers.registered(EMAIL)
        assert event is not None
        assert event.data["customer_id"] == customer_id
        assert event.data["display_name"] == DISPLAY_NAME
        assert event.data["locale"] == "pt-BR"
        link = event.data["verification_url"]
        token = parse_qs(urlsplit(link).query)["token"][0]

        async with customers.db.engine.connect() as connection:
            rows = (
                (await connection.execute(text("SELECT * FROM outbox ORDER BY id")))
                .mappings()
                .all()
            )
        registered = [row for row in rows if row["type"] == contract.CUSTOMER_REGISTERED]
        assert len(registered) == 1
        dump = "\n".join(repr(dict(row)) for row in rows)
        for secret in (EMAIL, DISPLAY_NAME, FULL_NAME, link, token, "Verwoerd"):
            assert secret not in dump
        stored = orjson.loads(registered[0]["body"])
        assert "data" not in stored and stored[SEALED_DATA].startswith("v1.dev.")
        assert stored["id"] == event.id and stored["subject"] == customer_id

        # The link still works: what was sealed is what was sent.
        verified = await customers.client.post("/email-verifications", json={"token": token})
        assert verified.status_code == 200, verified.text
        await eventually(
            lambda: any(e.type == contract.CUSTOMER_EMAIL_VERIFIED for e in customers.events)
        )

        # Published rows are purged after minutes, not days.
        relay = customers.app.state.runtime.relay
        assert relay.keep_published == KEEP_PUBLISHED
