"""Registration and verification (events through the outbox), profile, addresses,
preferences, object-level access (IDOR), admin routes, erasure."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from bookbrew.contracts import customers as contract
from bookbrew.customers.models import AddressRow, CustomerRow
from tests.customers.conftest import CustomersUnderTest
from tests.support import eventually

ADDRESS = {
    "label": "home",
    "recipient": "Ana Lima",
    "line1": "Rua Augusta 1500",
    "city": "São Paulo",
    "postal_code": "01304-001",
    "country": "BR",
}


async def test_registration_publishes_a_verification_link_that_verifies(
    customers: CustomersUnderTest,
) -> None:
    customer_id = await customers.register(
        "ana@example.org", locale="pt-BR", marketing_consent=True
    )
    event = customers.registered("ana@example.org")
    assert event is not None and event.source == "/bookbrew/customers"
    assert event.data["locale"] == "pt-BR" and event.data["marketing_consent"] is True
    link = urlsplit(event.data["verification_url"])
    token = parse_qs(link.query)["token"][0]

    verified = await customers.client.post("/email-verifications", json={"token": token})
    assert verified.status_code == 200 and verified.json()["email_verified"] is True
    await eventually(
        lambda: any(e.type == contract.CUSTOMER_EMAIL_VERIFIED for e in customers.events)
    )
    assert any(e.data == {"customer_id": customer_id} for e in customers.events)

    forged = await customers.client.post("/email-verifications", json={"token": token + "x"})
    assert forged.status_code == 400
    assert forged.headers["content-type"] == "application/problem+json"


async def test_registering_a_taken_address_answers_the_same_and_sends_nothing(
    customers: CustomersUnderTest,
) -> None:
    await customers.register("ana@example.org")
    again = await customers.client.post(
        "/customers",
        json={"email": "ANA@example.org", "password": "x" * 12, "display_name": "Other"},
    )
    assert again.status_code == 202
    assert sum(e.type == contract.CUSTOMER_REGISTERED for e in customers.events) == 1


async def test_bad_registration_input_is_a_problem(customers: CustomersUnderTest) -> None:
    answer = await customers.client.post(
        "/customers", json={"email": "not-an-email", "password": "short", "display_name": ""}
    )
    assert answer.status_code == 422
    assert answer.json()["type"].endswith("/validation-error")


async def test_a_customer_manages_profile_addresses_and_preferences(
    customers: CustomersUnderTest,
) -> None:
    await customers.register("ana@example.org")
    headers = await customers.customer_headers("ana@example.org")
    patched = await customers.client.patch(
        "/customers/me",
        json={"phone": "+55 11 99999-0000", "date_of_birth": "1990-04-01", "full_name": "Ana Lima"},
        headers=headers,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["phone"] == "+55 11 99999-0000"
    assert patched.json()["date_of_birth"] == "1990-04-01"

    added = await customers.client.post("/customers/me/addresses", json=ADDRESS, headers=headers)
    assert added.status_code == 201, added.text
    assert added.json()["is_default"] is True and added.json()["city"] == "São Paulo"
    address_id = added.json()["id"]
    changed = await customers.client.put(
        f"/customers/me/addresses/{address_id}",
        json={**ADDRESS, "line1": "Avenida Paulista 1"},
        headers=headers,
    )
    assert changed.json()["line1"] == "Avenida Paulista 1"
    listed = await customers.client.get("/customers/me/addresses", headers=headers)
    assert [a["id"] for a in listed.json()] == [address_id]

    prefs = {"favourite_categories": ["coffee", "book"], "tastes": {"roast": ["dark"]}}
    saved = await customers.client.put("/customers/me/preferences", json=prefs, headers=headers)
    assert saved.status_code == 200 and saved.json()["tastes"] == {"roast": ["dark"]}

    removed = await customers.client.delete(
        f"/customers/me/addresses/{address_id}", headers=headers
    )
    assert removed.status_code == 204


async def test_a_customer_cannot_read_or_change_another_customers_data(
    customers: CustomersUnderTest,
) -> None:
    ana = await customers.register("ana@example.org")
    await customers.register("bob@example.org")
    ana_headers = await customers.customer_headers("ana@example.org")
    bob_headers = await customers.customer_headers("bob@example.org")
    address = await customers.client.post(
        "/customers/me/addresses", json=ADDRESS, headers=ana_headers
    )
    address_id = address.json()["id"]

    attempts = [
        customers.client.get(f"/customers/{ana}", headers=bob_headers),
        customers.client.patch(
            f"/customers/{ana}", json={"phone": "+1 555 0100"}, headers=bob_headers
        ),
        customers.client.get(f"/customers/{ana}/addresses", headers=bob_headers),
        customers.client.put(
            f"/customers/{ana}/addresses/{address_id}", json=ADDRESS, headers=bob_headers
        ),
        customers.client.delete(f"/customers/{ana}/addresses/{address_id}", headers=bob_headers),
        customers.client.get(f"/customers/{ana}/preferences", headers=bob_headers),
        customers.client.delete(f"/customers/{ana}", headers=bob_headers),
        # Bob's own account route with Ana's address id: still not found.
        customers.client.put(
            f"/customers/me/addresses/{address_id}", json=ADDRESS, headers=bob_headers
        ),
    ]
    for call in attempts:
        answer = await call
        assert answer.status_code == 404, answer.text
    still = await customers.client.get(f"/customers/{ana}/addresses", headers=ana_headers)
    assert len(still.json()) == 1
    anonymous = await customers.client.get(f"/customers/{ana}")
    assert anonymous.status_code == 401


async def test_admin_routes_refuse_customer_tokens_and_admins_can_act(
    customers: CustomersUnderTest, admin_headers: dict[str, str]
) -> None:
    ana = await customers.register("ana@example.org")
    headers = await customers.customer_headers("ana@example.org")
    for path in ("/admin/audit", "/admin/customers?email=ana@example.org"):
        refused = await customers.client.get(path, headers=headers)
        assert refused.status_code == 403, refused.text
    assert (
        await customers.client.post("/admin/signing-keys/rotation", headers=headers)
    ).status_code == 403

    found = await customers.client.get(
        "/admin/customers", params={"email": "ana@example.org"}, headers=admin_headers
    )
    assert found.status_code == 200 and found.json()["id"] == ana
    read = await customers.client.get(f"/customers/{ana}", headers=admin_headers)
    assert read.status_code == 200
    granted = await customers.client.post(
        f"/admin/customers/{ana}/roles",
        json={"role": "admin"},
        headers=admin_headers,
    )
    assert granted.status_code == 200 and "admin" in granted.json()["roles"]
    audit = (await customers.client.get("/admin/audit", headers=admin_headers)).json()
    assert {"admin.action"} <= {entry["kind"] for entry in audit}
    # The new admin's next token carries the role.
    new_token = await customers.customer_headers("ana@example.org")
    assert (await customers.client.get("/admin/audit", headers=new_token)).status_code == 200


async def test_service_clients_read_but_never_change_customers(
    customers: CustomersUnderTest,
) -> None:
    ana = await customers.register("ana@example.org")
    token = await customers.client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=("orders", "orders-dev-secret"),
    )
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    assert (await customers.client.get(f"/customers/{ana}", headers=headers)).status_code == 200
    changed = await customers.client.patch(
        f"/customers/{ana}", json={"display_name": "x"}, headers=headers
    )
    assert changed.status_code == 404


async def test_erasure_removes_personal_data_and_tells_other_services(
    customers: CustomersUnderTest,
) -> None:
    ana = await customers.register("ana@example.org", phone="+55 11 99999-0000")
    tokens = await customers.sign_in("ana@example.org")
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    await customers.client.post("/customers/me/addresses", json=ADDRESS, headers=headers)

    erased = await customers.client.delete("/customers/me", headers=headers)
    assert erased.status_code == 204, erased.text
    await eventually(lambda: any(e.type == contract.CUSTOMER_ERASED for e in customers.events))
    assert [e.data for e in customers.events if e.type == contract.CUSTOMER_ERASED] == [
        {"customer_id": ana}
    ]

    async with customers.db.sessions() as session:
        row = await session.get(CustomerRow, ana)
        assert row is not None and row.status == "erased"
        personal = (row.email_enc, row.display_name_enc, row.phone_enc, row.email_index)
        assert personal == (None, None, None, None) and row.password_hash is None
        assert (await session.scalars(select(AddressRow))).all() == []
    assert (await customers.client.get("/customers/me", headers=headers)).status_code == 404
    refresh = await customers.client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
            "client_id": "bookbrew-web",
        },
    )
    assert refresh.status_code == 400
    page, _, _ = await customers.authorize_page()
    answer = await customers.submit_login(page, "ana@example.org", "correct horse battery staple")
    assert answer.status_code == 401
    # The address is free again.
    await customers.register("ana@example.org")
