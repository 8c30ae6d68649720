"""Recording interactions over HTTP publishes `interaction.recorded` once, for the right
shopper, and curation learns from it like any other interaction event."""

from __future__ import annotations

import httpx
import pytest

from bookbrew.contracts.interactions import INTERACTION_RECORDED
from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.platform.events.bus import Subscription
from bookbrew.platform.events.envelope import CloudEvent
from tests.support import eventually


@pytest.fixture
async def recorded(curation) -> list[CloudEvent]:  # type: ignore[no-untyped-def]
    events: list[CloudEvent] = []

    async def on(event: CloudEvent) -> None:
        events.append(event)

    curation.hub.bus.subscribe(Subscription("test.interactions", (INTERACTION_RECORDED,), on))
    return events


def bearer(key: DevSigningKey, subject: str, roles: list[str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {key.mint(subject, roles=roles)}"}


async def test_a_shopper_records_for_themselves(curation, recorded, signing_key) -> None:  # type: ignore[no-untyped-def]
    client: httpx.AsyncClient = curation.client
    response = await client.post(
        "/interactions",
        json={"sku": "CF-00001", "kind": "click", "source": "home"},
        headers=bearer(signing_key, "cust-1", ["customer"]),
    )
    assert response.status_code == 202, response.text
    await eventually(lambda: recorded)
    assert recorded[0].data["customer_id"] == "cust-1" and recorded[0].data["kind"] == "click"


async def test_an_anonymous_visitor_records_under_its_id(curation, recorded) -> None:  # type: ignore[no-untyped-def]
    response = await curation.client.post(
        "/interactions", json={"sku": "CF-00001", "kind": "view", "anonymous_id": "visitor-12345"}
    )
    assert response.status_code == 202, response.text
    await eventually(lambda: recorded)
    assert recorded[0].data["customer_id"] is None
    assert recorded[0].data["anonymous_id"] == "visitor-12345"


async def test_nobody_records_for_someone_else(curation, signing_key) -> None:  # type: ignore[no-untyped-def]
    as_other = await curation.client.post(
        "/interactions",
        json={"sku": "CF-00001", "kind": "view", "customer_id": "cust-2"},
        headers=bearer(signing_key, "cust-1", ["customer"]),
    )
    assert as_other.status_code == 403
    anonymous = await curation.client.post(
        "/interactions", json={"sku": "CF-00001", "kind": "view", "customer_id": "cust-2"}
    )
    assert anonymous.status_code == 403


async def test_staff_record_their_own_views_and_name_nobody_else(
    curation, recorded, signing_key
) -> None:  # type: ignore[no-untyped-def]
    staff = bearer(signing_key, "staff-1", ["customer", "admin"])
    own = await curation.client.post(
        "/interactions", json={"sku": "CF-00001", "kind": "view"}, headers=staff
    )
    assert own.status_code == 202, own.text
    await eventually(lambda: recorded)
    assert recorded[0].data["customer_id"] == "staff-1"
    for_another = await curation.client.post(
        "/interactions",
        json={"sku": "CF-00001", "kind": "view", "customer_id": "cust-2"},
        headers=staff,
    )
    assert for_another.status_code == 403  # only a service names another customer


@pytest.mark.parametrize(
    "body",
    [
        {"sku": "CF-00001", "kind": "purchase", "anonymous_id": "visitor-12345"},
        {"sku": "CF-00001", "kind": "rating", "anonymous_id": "visitor-12345"},
        {"sku": "CF-00001", "kind": "view", "value": 3, "anonymous_id": "visitor-12345"},
        {"sku": "CF-00001", "kind": "view"},
        {"sku": "../x", "kind": "view", "anonymous_id": "visitor-12345"},
    ],
)
async def test_bad_interactions_are_refused(curation, body) -> None:  # type: ignore[no-untyped-def]
    response = await curation.client.post("/interactions", json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
