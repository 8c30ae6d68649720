"""Key rotation for data at rest: re-wrap every stored value under the key ring's
primary key, in batches (each its own transaction), so old keys can leave the ring.
Run after putting a new key first in ENCRYPTION_KEYS (admin route or command)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.customers import repository
from bookbrew.customers.schemas import ReencryptionReport
from bookbrew.customers.service.addresses import aad as address_aad
from bookbrew.customers.service.signing_keys import reencrypt_signing_keys
from bookbrew.platform.crypto import KeyRing
from bookbrew.platform.db import Database

CUSTOMER_FIELDS = ("email", "display_name", "full_name", "phone", "date_of_birth", "totp_secret")


async def _customers_batch(session: AsyncSession, ring: KeyRing, after: str) -> tuple[int, str]:
    changed, last = 0, ""
    for customer in await repository.all_customers(session, after=after):
        last = customer.id
        for field in CUSTOMER_FIELDS:
            token = getattr(customer, f"{field}_enc")
            if token is not None and ring.needs_rotation(token):
                aad = f"customers:{customer.id}:{field}".encode()
                setattr(customer, f"{field}_enc", ring.rotate(token, aad=aad))
                changed += 1
    await session.flush()
    return changed, last


async def _addresses_batch(session: AsyncSession, ring: KeyRing, after: str) -> tuple[int, str]:
    changed, last = 0, ""
    for row in await repository.all_addresses(session, after=after):
        last = row.id
        if ring.needs_rotation(row.data_enc):
            row.data_enc = ring.rotate(row.data_enc, aad=address_aad(row).encode())
            changed += 1
    await session.flush()
    return changed, last


async def reencrypt_all(db: Database, ring: KeyRing) -> ReencryptionReport:
    counts = {"customer_fields": 0, "addresses": 0}
    for name, batch in (("customer_fields", _customers_batch), ("addresses", _addresses_batch)):
        after = ""
        while True:
            async with db.unit_of_work() as session:
                changed, last = await batch(session, ring, after)
            counts[name] += changed
            if not last:
                break
            after = last
    async with db.unit_of_work() as session:
        keys = await reencrypt_signing_keys(session, ring)
    return ReencryptionReport(signing_keys=keys, **counts)
