"""Access-token signing keys (ES256): kept encrypted in the database, rotated with an
overlap window, published as a JWKS, and used in-process to verify this service's own
tokens (no HTTP call to itself)."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from joserfc.jwk import ECKey, KeySet
from jwt import PyJWK
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.customers.models import SigningKeyRow
from bookbrew.platform.auth import JwksSource
from bookbrew.platform.crypto import KeyRing
from bookbrew.platform.db import Database

ALG = "ES256"


def _aad(kid: str) -> str:
    return f"signing_keys:{kid}"


def new_key_row(ring: KeyRing, now: datetime) -> SigningKeyRow:
    kid = f"{now:%Y%m%d}-{uuid.uuid4().hex[:12]}"
    key = ECKey.generate_key("P-256", parameters={"kid": kid, "use": "sig", "alg": ALG})
    pem = key.as_pem(private=True).decode()
    return SigningKeyRow(
        kid=kid,
        alg=ALG,
        private_key_enc=ring.encrypt_text(pem, aad=_aad(kid)),
        public_jwk=dict(key.as_dict(private=False)),
        created_at=now,
    )


class SigningKeys:
    """The in-memory view of the key table. Loaded at start and after a rotation; a
    verification under an unknown kid reloads it (another replica may have rotated)."""

    def __init__(self, db: Database, ring: KeyRing, *, overlap: timedelta) -> None:
        self.db = db
        self.ring = ring
        self.overlap = overlap
        self._signing: ECKey | None = None
        self._published: dict[str, dict[str, Any]] = {}
        self._verifying: dict[str, PyJWK] = {}
        self._loaded_at = 0.0

    async def load(self) -> None:
        now = datetime.now(UTC)
        async with self.db.unit_of_work() as session:
            rows = await _published_rows(session, now)
            active = [row for row in rows if row.retired_at is None]
            if not active:
                row = new_key_row(self.ring, now)
                session.add(row)
                await session.flush()
                rows.append(row)
                active = [row]
        current = max(active, key=lambda row: (row.created_at, row.kid))
        pem = self.ring.decrypt_text(current.private_key_enc, aad=_aad(current.kid))
        self._signing = ECKey.import_key(
            pem, parameters={"kid": current.kid, "use": "sig", "alg": current.alg}
        )
        self._published = {row.kid: dict(row.public_jwk) for row in rows}
        self._verifying = {kid: PyJWK(jwk) for kid, jwk in self._published.items()}
        self._loaded_at = time.monotonic()

    async def rotate(self, session: AsyncSession) -> str:
        """Make a new signing key; the old ones stop signing now and leave the JWKS once
        every token they signed has expired (plus the overlap). Call `load` after commit."""
        now = datetime.now(UTC)
        for row in await _published_rows(session, now):
            if row.retired_at is None:
                row.retired_at = now
                row.unpublish_at = now + self.overlap
        row = new_key_row(self.ring, now + timedelta(microseconds=1))
        session.add(row)
        await session.flush()
        return row.kid

    @property
    def current_kid(self) -> str:
        assert self._signing is not None, "signing keys not loaded"
        return str(self._signing.kid)

    def signing_key_set(self) -> KeySet:
        assert self._signing is not None, "signing keys not loaded"
        return KeySet([self._signing])

    def jwks(self) -> dict[str, Any]:
        return {"keys": list(self._published.values())}

    async def verification_key(self, kid: str) -> PyJWK | None:
        if kid not in self._verifying and time.monotonic() - self._loaded_at > 30:
            await self.load()
        return self._verifying.get(kid)


async def _published_rows(session: AsyncSession, now: datetime) -> list[SigningKeyRow]:
    return list(
        (
            await session.scalars(
                select(SigningKeyRow).where(
                    or_(SigningKeyRow.unpublish_at.is_(None), SigningKeyRow.unpublish_at > now)
                )
            )
        ).all()
    )


async def reencrypt_signing_keys(session: AsyncSession, ring: KeyRing) -> int:
    changed = 0
    for row in (await session.scalars(select(SigningKeyRow))).all():
        if ring.needs_rotation(row.private_key_enc):
            row.private_key_enc = ring.rotate(row.private_key_enc, aad=_aad(row.kid).encode())
            changed += 1
    await session.flush()
    return changed


class OwnKeysJwks(JwksSource):
    """The verifier's key source inside the customers service: its own signing keys,
    then (development and tests only) whatever JWKS the settings name."""

    def __init__(self, keys: SigningKeys, fallback: JwksSource | None) -> None:
        super().__init__()
        self._own = keys
        self._fallback = fallback

    async def key(self, kid: str) -> PyJWK | None:
        found = await self._own.verification_key(kid)
        if found is None and self._fallback is not None:
            return await self._fallback.key(kid)
        return found
