"""The SES adapter against moto's server mode: the raw MIME message arrives, headers and
both parts included."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Callable, Iterator

import boto3
import httpx
import pytest
from moto.server import ThreadedMotoServer

from bookbrew.notifications.settings import NotificationsSettings
from tests.notifications.conftest import free_port, order_event, parts, registered, running


@pytest.fixture
def ses_endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": "eu-west-1",
    }.items():
        monkeypatch.setenv(name, value)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=free_port(), verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        # SES only sends from a verified identity.
        boto3.client("sesv2", region_name="eu-west-1", endpoint_url=endpoint).create_email_identity(
            EmailIdentity="hello@bookbrew.localhost"
        )
        yield endpoint
    finally:
        server.stop()


def sent_through_ses(endpoint: str) -> list[dict[str, object]]:
    data = httpx.get(f"{endpoint}/moto-api/data.json").json()
    return list(data.get("ses", {}).get("RawMessage", []))


async def test_an_order_confirmation_is_sent_through_ses(
    settings_factory: Callable[..., NotificationsSettings], ses_endpoint: str
) -> None:
    settings = settings_factory(
        email_provider="ses", ses_endpoint_url=ses_endpoint, ses_region="eu-west-1"
    )
    async with running(settings) as notifications:
        await notifications.publish(registered("ses-1", email_address="ses@example.com"))
        confirmed = order_event("ses-1")
        await notifications.publish(confirmed)
        rows = await notifications.settled(customer_id="ses-1")
        assert {r.status for r in rows} == {"sent"}, [r.last_error for r in rows]

    messages = sent_through_ses(ses_endpoint)
    assert len(messages) == 2  # the welcome and the receipt
    receipt_raw = next(m for m in messages if "confirmed" in str(m["raw_data"]))
    # moto merges the explicit Destination with the To header; both name the customer.
    assert set(receipt_raw["destinations"]) == {"ses@example.com"}  # type: ignore[arg-type]
    assert receipt_raw["source"] == "BookBrew <hello@bookbrew.localhost>"
    receipt = email.message_from_string(str(receipt_raw["raw_data"]), policy=email.policy.default)
    assert receipt["To"] == "ses@example.com"
    assert receipt["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = parts(receipt)  # type: ignore[arg-type]
    assert "Total: €31.99" in text and "€31.99" in html
    provider_ids = {r.provider_message_id for r in rows}
    assert receipt_raw["id"] in provider_ids
