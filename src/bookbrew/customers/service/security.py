"""What the customers use cases share, built once in the lifespan from settings: the
key ring for personal fields, the e-mail index, the password hasher, signing keys."""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import date
from typing import Any

import jwt
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from bookbrew.customers.models import CustomerRow
from bookbrew.customers.service.signing_keys import SigningKeys
from bookbrew.customers.settings import CustomersSettings
from bookbrew.platform.crypto import BlindIndex, KeyRing, derive_key

PERSONAL_FIELDS = ("email", "display_name", "full_name", "phone", "date_of_birth")


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_secret(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


@dataclass
class Security:
    settings: CustomersSettings
    ring: KeyRing
    email_index: BlindIndex
    hasher: PasswordHasher
    keys: SigningKeys
    _dummy_hash: str = ""

    @classmethod
    def build(cls, settings: CustomersSettings, keys: SigningKeys) -> Security:
        hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost,
            memory_cost=settings.argon2_memory_kib,
            parallelism=settings.argon2_parallelism,
            type=Type.ID,
        )
        return cls(settings, keys.ring, settings.email_index(), hasher, keys)

    # --- passwords (argon2id, off the event loop) -----------------------------------

    async def hash_password(self, password: str) -> str:
        return await asyncio.to_thread(self.hasher.hash, password)

    async def check_password(self, stored: str | None, password: str) -> bool:
        """Always runs one argon2 verification, so an unknown account costs the same time."""
        if not self._dummy_hash:
            self._dummy_hash = await self.hash_password(new_secret())
        try:
            return (
                await asyncio.to_thread(self.hasher.verify, stored or self._dummy_hash, password)
                and stored is not None
            )
        except (VerificationError, InvalidHashError):
            return False

    # --- personal fields ---------------------------------------------------------------

    def seal(self, customer_id: str, field: str, value: str | None) -> str | None:
        if value is None:
            return None
        return self.ring.encrypt_text(value, aad=f"customers:{customer_id}:{field}")

    def open(self, customer: CustomerRow, field: str) -> str | None:
        token: str | None = getattr(customer, f"{field}_enc")
        if token is None:
            return None
        return self.ring.decrypt_text(token, aad=f"customers:{customer.id}:{field}")

    def set_personal(self, customer: CustomerRow, field: str, value: str | date | None) -> None:
        text = value.isoformat() if isinstance(value, date) else value
        setattr(customer, f"{field}_enc", self.seal(customer.id, field, text))

    # --- short-lived signed tokens (e-mail verification, pending MFA sign-in) -----------

    def _purpose_key(self, purpose: str) -> bytes:
        return derive_key(self.settings.secret_key.get_secret_value(), f"customers:{purpose}")

    def sign(self, purpose: str, ttl_seconds: int, **claims: Any) -> str:
        now = int(time.time())
        body = {**claims, "purpose": purpose, "iat": now, "exp": now + ttl_seconds}
        return jwt.encode(body, self._purpose_key(purpose), algorithm="HS256")

    def unsign(self, purpose: str, token: str) -> dict[str, Any] | None:
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._purpose_key(purpose),
                algorithms=["HS256"],
                options={"require": ["exp"]},
            )
        except jwt.PyJWTError:
            return None
        return claims if claims.get("purpose") == purpose else None
