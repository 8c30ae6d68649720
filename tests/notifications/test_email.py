"""E-mail through a real SMTP server: the receipt, exactly one message per event, retries
while SMTP is down, the dead-letter state, locales, and marketing consent."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from bookbrew.contracts import curation, customers, orders
from bookbrew.notifications.service.deliveries import Intent, plan
from bookbrew.notifications.settings import NotificationsSettings
from bookbrew.platform.events.envelope import new_event
from tests.notifications.conftest import (
    Mailbox,
    NotificationsUnderTest,
    order_event,
    parts,
    registered,
    running,
)
from tests.support import TcpProxy, eventually


async def test_an_order_confirmation_reaches_the_smtp_server_with_lines_and_total(
    settings_factory: Callable[..., NotificationsSettings],
    smtp_proxy: TcpProxy,
    mailbox: tuple[Mailbox, int],
    database_url: str,
) -> None:
    box, _ = mailbox
    settings = settings_factory(smtp_port=smtp_proxy.port, database_url=database_url)
    async with running(settings) as notifications:
        await notifications.publish(registered("cust-1", email_address="ana@example.com"))
        confirmed = order_event("cust-1")
        await notifications.publish(confirmed)
        receipts = await eventually(
            lambda: [m for m in box.to("ana@example.com") if "confirmed" in m["Subject"]]
        )

        assert len(receipts) == 1
        receipt = receipts[0]
        number = confirmed.data["order_id"].replace("-", "")[:8].upper()
        assert receipt["Subject"] == f"Your BookBrew order {number} is confirmed"
        assert receipt["From"] == "BookBrew <hello@bookbrew.localhost>"
        assert receipt.get_content_type() == "multipart/alternative"
        text, html = parts(receipt)
        assert "1 × The Left Hand of Darkness — €12.99" in text  # noqa: RUF001
        assert "2 × Ethiopia Yirgacheffe — €19.00" in text  # noqa: RUF001
        assert "Total: €31.99" in text
        assert "The Left Hand of Darkness" in html and "€31.99" in html
        assert html.lstrip().startswith("<!DOCTYPE html>")

        unsubscribe = receipt["List-Unsubscribe"]
        assert re.fullmatch(r"<http://notifications\.test/unsubscribe\?token=[\w.-]+>", unsubscribe)
        assert receipt["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

        [delivery] = await notifications.settled(event_id=confirmed.id)
        assert (delivery.status, delivery.attempts, delivery.channel) == ("sent", 1, "email")
        assert delivery.provider_message_id == receipt["Message-ID"]
        # Recipients as the SMTP envelope saw them: the welcome and the receipt.
        assert [rcpt for rcpt, _ in box.received] == [["ana@example.com"], ["ana@example.com"]]


async def test_the_order_confirmation_shows_where_the_order_ships(
    notifications: NotificationsUnderTest, mailbox: tuple[Mailbox, int]
) -> None:
    box, _ = mailbox
    await notifications.publish(registered("cust-addr", email_address="ana@example.com"))
    address = orders.ShippingAddress(
        recipient="Ana <Lima>",
        line1="Rua Augusta 100",
        line2="3º Esq.",
        city="Lisboa",
        postal_code="1100-053",
        country="PT",
    )
    await notifications.publish(order_event("cust-addr", shipping_address=address))
    [receipt] = await eventually(
        lambda: [m for m in box.to("ana@example.com") if "confirmed" in m["Subject"]]
    )
    text, html = parts(receipt)
    text = text.replace("\r\n", "\n")
    assert "We'll ship it to:\n  Ana <Lima>\n  Rua Augusta 100\n  3º Esq.\n" in text
    assert "  1100-053 Lisboa\n  PT\n" in text
    assert "Ana &lt;Lima&gt;<br>Rua Augusta 100<br>3º Esq.<br>1100-053 Lisboa<br>PT" in html
    assert "Ana <Lima>" not in html  # autoescaped


async def test_the_welcome_email_carries_the_verification_link(
    notifications: NotificationsUnderTest, mailbox: tuple[Mailbox, int]
) -> None:
    box, _ = mailbox
    await notifications.publish(registered("cust-2", name="Bea <b>"))
    [welcome] = await eventually(lambda: box.to("cust-2@example.com"))
    text, html = parts(welcome)
    assert welcome["Subject"].startswith("Welcome to BookBrew, Bea <b>")
    assert "http://shop.test/verify-email?token=tok-cust-2" in text
    assert 'href="http://shop.test/verify-email?token=tok-cust-2"' in html
    assert "Bea &lt;b&gt;" in html and "Bea <b>" not in html  # autoescaped


async def test_a_duplicated_event_sends_one_message(
    notifications: NotificationsUnderTest, mailbox: tuple[Mailbox, int]
) -> None:
    box, _ = mailbox
    await notifications.publish(registered("cust-3"))
    confirmed = order_event("cust-3")
    await notifications.publish(confirmed)
    await notifications.publish(confirmed)  # the broker redelivers it
    await notifications.hub.bus.publish(confirmed)
    await notifications.hub.bus.publish(confirmed)  # ... several times over
    await notifications.hub.bus.drain()
    # Past the inbox too: planning the same event again creates no second delivery.
    notifier = notifications.app.state.notifier
    intent = Intent(confirmed.id, confirmed.type, "order_confirmed", "cust-3", "transactional", {})
    async with notifications.db.unit_of_work() as session:
        assert await plan(session, notifier, intent) == []

    await notifications.settled(customer_id="cust-3")
    assert len(await notifications.deliveries(event_id=confirmed.id)) == 1
    await eventually(lambda: len(box.to("cust-3@example.com")) == 2)
    subjects = sorted(m["Subject"] for m in box.to("cust-3@example.com"))
    assert "is confirmed" in subjects[1] and subjects[0].startswith("Welcome")


async def test_smtp_down_is_retried_and_nothing_is_lost(
    notifications: NotificationsUnderTest, smtp_proxy: TcpProxy, mailbox: tuple[Mailbox, int]
) -> None:
    box, _ = mailbox
    await smtp_proxy.down()
    await notifications.publish(registered("cust-4"))
    events = [order_event("cust-4"), order_event("cust-4", orders.ORDER_SHIPPED)]
    for event in events:
        await notifications.publish(event)

    async def retried() -> bool:
        rows = await notifications.deliveries(customer_id="cust-4")
        return len(rows) == 3 and all(r.status == "failed" and r.attempts >= 2 for r in rows)

    await eventually(retried)
    assert box.received == []
    assert "SMTP" in ((await notifications.deliveries(customer_id="cust-4"))[0].last_error or "")

    await smtp_proxy.up()
    rows = await notifications.settled(customer_id="cust-4")
    assert {r.status for r in rows} == {"sent"}
    await eventually(lambda: len(box.to("cust-4@example.com")) == 3)
    subjects = [m["Subject"] for m in box.to("cust-4@example.com")]
    assert len(set(subjects)) == 3  # each message exactly once


async def test_a_delivery_that_keeps_failing_goes_dead_and_an_admin_can_retry_it(
    settings_factory: Callable[..., NotificationsSettings],
    smtp_proxy: TcpProxy,
    mailbox: tuple[Mailbox, int],
    admin_headers: dict[str, str],
) -> None:
    box, _ = mailbox
    await smtp_proxy.down()
    async with running(settings_factory(smtp_port=smtp_proxy.port, max_attempts=2)) as app:
        await app.publish(registered("cust-5"))
        [dead] = await app.settled(customer_id="cust-5")
        assert (dead.status, dead.attempts) == ("dead", 2)

        listed = await app.client.get("/admin/deliveries?status=dead", headers=admin_headers)
        assert listed.status_code == 200
        assert [d["id"] for d in listed.json()] == [dead.id]
        assert listed.json()[0]["last_error"].startswith("SMTP")

        await smtp_proxy.up()
        retried = await app.client.post(f"/admin/deliveries/{dead.id}/retry", headers=admin_headers)
        assert retried.status_code == 200 and retried.json()["status"] == "pending"
        [sent] = await app.settled(customer_id="cust-5")
        assert sent.status == "sent"
        await eventually(lambda: len(box.to("cust-5@example.com")) == 1)
        again = await app.client.post(f"/admin/deliveries/{dead.id}/retry", headers=admin_headers)
        assert again.status_code == 409


async def test_portuguese_customers_get_portuguese_messages(
    notifications: NotificationsUnderTest, mailbox: tuple[Mailbox, int]
) -> None:
    box, _ = mailbox
    await notifications.publish(registered("cust-6", name="João", locale="pt-BR"))
    await notifications.publish(order_event("cust-6"))
    await eventually(lambda: len(box.to("cust-6@example.com")) == 2)
    welcome, receipt = sorted(box.to("cust-6@example.com"), key=lambda m: "pedido" in m["Subject"])
    assert welcome["Subject"] == "Boas-vindas à BookBrew, João — confirme seu e-mail"
    assert receipt["Subject"].startswith("Seu pedido BookBrew ")
    text, html = parts(receipt)
    assert "Olá, João!" in text and "Total: € 31,99" in text
    assert '<html lang="pt-BR">' in html and "Acompanhar pedido" in html


async def test_an_unsubscribed_customer_gets_no_marketing_but_still_gets_receipts(
    notifications: NotificationsUnderTest,
    mailbox: tuple[Mailbox, int],
    admin_headers: dict[str, str],
) -> None:
    box, _ = mailbox
    for customer_id, consent in (("fan", True), ("quitter", True), ("silent", False)):
        await notifications.publish(registered(customer_id, marketing_consent=consent))
        picks = curation.RecommendationsUpdated(
            customer_id=customer_id,
            recommendation_id=f"rec-{customer_id}",
            model_version="v1",
            context="home",
            skus=["CF-0007", "BK-0001", "CF-0007"],
            generated_at="2026-11-24T09:00:00Z",  # type: ignore[arg-type]
        )
        await notifications.publish(new_event("curation", curation.RECOMMENDATIONS_UPDATED, picks))
    [welcome] = await eventually(lambda: box.to("quitter@example.com"))

    # The quitter uses the one-click link from the welcome e-mail's header (RFC 8058).
    link = urlsplit(welcome["List-Unsubscribe"].strip("<>"))
    page = await notifications.client.get(f"{link.path}?{link.query}")
    assert page.status_code == 200 and "<form" in page.text
    one_click = await notifications.client.post(
        f"{link.path}?{link.query}", data={"List-Unsubscribe": "One-Click"}
    )
    assert one_click.status_code == 200

    run = await notifications.client.post("/admin/digest/run", headers=admin_headers)
    assert run.status_code == 200 and run.json()["deliveries"] == 1
    [digest] = await eventually(
        lambda: [m for m in box.to("fan@example.com") if "picks" in m["Subject"]]
    )
    text, _ = parts(digest)
    assert "CF-0007" in text and "http://shop.test/products/BK-0001" in text
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    again = await notifications.client.post("/admin/digest/run", headers=admin_headers)
    assert again.json()["deliveries"] == 0  # one digest a week

    await notifications.publish(order_event("quitter"))
    await eventually(
        lambda: [m for m in box.to("quitter@example.com") if "confirmed" in m["Subject"]]
    )
    await notifications.settled()
    for customer_id in ("quitter", "silent"):
        assert not [m for m in box.to(f"{customer_id}@example.com") if "picks" in m["Subject"]]
        rows = await notifications.deliveries(customer_id=customer_id, kind="weekly_digest")
        assert rows == []


async def test_an_erased_customer_is_forgotten(
    notifications: NotificationsUnderTest,
    smtp_proxy: TcpProxy,
    customer_headers: dict[str, str],
) -> None:
    await smtp_proxy.down()
    await notifications.publish(registered("customer-1"))
    await eventually(lambda: notifications.deliveries(customer_id="customer-1", status="failed"))
    erased = customers.CustomerErased(customer_id="customer-1")
    await notifications.publish(new_event("customers", customers.CUSTOMER_ERASED, erased))

    [row] = await notifications.deliveries(customer_id="customer-1")
    assert (row.status, row.last_error, row.context_enc) == ("dead", "customer erased", "")
    mine = await notifications.client.get("/me/preferences", headers=customer_headers)
    assert mine.status_code == 404


async def test_the_log_channel_writes_each_email_to_a_file(
    settings_factory: Callable[..., NotificationsSettings], tmp_path: Path
) -> None:
    async with running(settings_factory(email_provider="log")) as notifications:
        await notifications.publish(registered("cust-7"))
        [row] = await notifications.settled(customer_id="cust-7")
    [written] = (tmp_path / "mail").glob("*.eml")
    message = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    assert row.status == "sent" and message["To"] == "cust-7@example.com"
