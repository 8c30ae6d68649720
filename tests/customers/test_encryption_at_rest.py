"""Personal data is unreadable in the raw database (SQLite and MariaDB), and stays
readable through a key rotation and the re-encryption that follows it."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import SecretStr
from sqlalchemy import text

from bookbrew.customers.settings import CustomersSettings
from bookbrew.platform.crypto import KeyRing, generate_key_spec
from tests.customers.conftest import CustomersUnderTest, running
from tests.customers.test_accounts import ADDRESS

PERSONAL = {
    "email": "ana.lima@example.org",
    "full_name": "Ana Beatriz Lima",
    "phone": "+55 11 98765-4321",
    "date_of_birth": "1990-04-01",
}
SECRETS_IN_CLEAR = [
    "ana.lima@example.org",
    "Ana Beatriz Lima",
    "98765-4321",
    "1990-04-01",
    "Rua Augusta",
    "01304-001",
    "BEGIN PRIVATE KEY",
]


async def raw_dump(customers: CustomersUnderTest) -> str:
    dump = []
    async with customers.db.engine.connect() as connection:
        for table in ("customers", "addresses", "signing_keys", "audit_log", "refresh_tokens"):
            rows = (await connection.execute(text(f"SELECT * FROM {table}"))).all()
            dump.extend(repr(tuple(row)) for row in rows)
    return "\n".join(dump)


async def key_ids_in_use(customers: CustomersUnderTest) -> set[str]:
    async with customers.db.engine.connect() as connection:
        values = (
            await connection.execute(
                text(
                    "SELECT email_enc FROM customers UNION ALL SELECT phone_enc FROM customers "
                    "UNION ALL SELECT data_enc FROM addresses "
                    "UNION ALL SELECT private_key_enc FROM signing_keys"
                )
            )
        ).scalars()
        return {KeyRing.key_id_of(value) for value in values if value}


async def populate(customers: CustomersUnderTest) -> dict[str, str]:
    await customers.register(
        PERSONAL["email"],
        full_name=PERSONAL["full_name"],
        phone=PERSONAL["phone"],
        date_of_birth=PERSONAL["date_of_birth"],
    )
    headers = await customers.customer_headers(PERSONAL["email"])
    added = await customers.client.post("/customers/me/addresses", json=ADDRESS, headers=headers)
    assert added.status_code == 201
    return headers


async def read_back(customers: CustomersUnderTest) -> None:
    headers = await customers.customer_headers(PERSONAL["email"])
    profile = (await customers.client.get("/customers/me", headers=headers)).json()
    assert {key: profile[key] for key in PERSONAL} == PERSONAL
    addresses = (await customers.client.get("/customers/me/addresses", headers=headers)).json()
    assert addresses[0]["line1"] == ADDRESS["line1"]


async def test_raw_rows_show_no_personal_data(
    customers_settings: Callable[..., CustomersSettings], database_url: str
) -> None:
    async with running(customers_settings(database_url=database_url)) as customers:
        await populate(customers)
        await read_back(customers)
        dump = await raw_dump(customers)
        assert "v1.dev." in dump  # the encrypted tokens are there...
        for secret in SECRETS_IN_CLEAR:  # ...and nothing in the clear
            assert secret not in dump


async def test_after_key_rotation_all_data_still_reads(
    customers_settings: Callable[..., CustomersSettings],
    database_url: str,
    admin_headers: dict[str, str],
) -> None:
    first, second = generate_key_spec("k1"), generate_key_spec("k2")

    def settings(ring: str) -> CustomersSettings:
        return customers_settings(database_url=database_url, encryption_keys=SecretStr(ring))

    async with running(settings(first)) as customers:
        await populate(customers)
        assert await key_ids_in_use(customers) == {"k1"}

    # k2 becomes primary; k1 stays in the ring for reading.
    async with running(settings(f"{second},{first}")) as customers:
        await read_back(customers)
        report = await customers.client.post(
            "/admin/encryption/reencryption", headers=admin_headers
        )
        assert report.status_code == 200, report.text
        assert report.json()["addresses"] == 1 and report.json()["signing_keys"] >= 1
        assert await key_ids_in_use(customers) == {"k2"}

    # k1 has left the ring: everything (signing keys too) still reads.
    async with running(settings(second)) as customers:
        await read_back(customers)


def test_production_refuses_the_development_key_ring() -> None:
    import pytest

    with pytest.raises(ValueError, match="ENCRYPTION_KEYS"):
        CustomersSettings(environment="production", secret_key=SecretStr("s" * 40))
    ready = CustomersSettings(
        environment="production",
        secret_key=SecretStr("s" * 40),
        encryption_keys=SecretStr(generate_key_spec("k1")),
        email_index_key=SecretStr("i" * 40),
        service_clients=SecretStr("orders:" + "o" * 40),
    )
    assert ready.key_ring().primary == "k1"
    assert ready.service_client_secrets() == {"orders": "o" * 40}
