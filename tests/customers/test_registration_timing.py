"""Sign-up takes the same time whether or not the address has an account (issue 13,
item 8): the password is hashed on both paths, argon2 being nearly all of the work.
Counted, not timed (bench/ measures speed): the real hasher runs, and records each call."""

from __future__ import annotations

from argon2 import PasswordHasher
from sqlalchemy import func, select

from bookbrew.contracts import customers as contract
from bookbrew.customers.models import CustomerRow
from tests.customers.conftest import CustomersUnderTest
from tests.support import eventually


class CountingHasher(PasswordHasher):
    """The service's own argon2id parameters; remembers what it hashed."""

    def __init__(self, like: PasswordHasher) -> None:
        super().__init__(
            time_cost=like.time_cost,
            memory_cost=like.memory_cost,
            parallelism=like.parallelism,
            hash_len=like.hash_len,
            salt_len=like.salt_len,
            type=like.type,
        )
        self.hashed: list[str] = []

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        self.hashed.append(password if isinstance(password, str) else password.decode())
        return super().hash(password, salt=salt)


async def test_a_taken_address_costs_the_same_password_hash_as_a_new_one(
    customers: CustomersUnderTest,
) -> None:
    hasher = CountingHasher(customers.security.hasher)
    customers.security.hasher = hasher

    await customers.register("ana@example.org", password="first long passphrase")
    assert hasher.hashed == ["first long passphrase"]

    taken = await customers.client.post(
        "/customers",
        json={
            "email": "ANA@example.org",
            "password": "second long passphrase",
            "display_name": "Other",
        },
    )
    fresh = await customers.client.post(
        "/customers",
        json={"email": "bea@example.org", "password": "third long passphrase", "display_name": "B"},
    )

    # The same answer, and the same work: one argon2 hash each.
    assert taken.status_code == fresh.status_code == 202
    assert taken.json() == fresh.json()
    assert hasher.hashed == [
        "first long passphrase",
        "second long passphrase",
        "third long passphrase",
    ]
    # Nothing was created for the taken address: two accounts, one event each.
    async with customers.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(CustomerRow)) == 2
    await eventually(lambda: customers.registered("bea@example.org"))
    assert sum(e.type == contract.CUSTOMER_REGISTERED for e in customers.events) == 2
