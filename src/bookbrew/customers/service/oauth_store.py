"""Authlib's storage hooks over the request's async session. Authlib runs in a worker
thread (`oauth.run_oauth`); each hook hops back to the event loop and waits for it."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import anyio.from_thread
from authlib.oauth2.rfc6749.errors import InvalidGrantError
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.customers import repository
from bookbrew.customers.models import AuthorizationCodeRow, RefreshTokenRow
from bookbrew.customers.service import audit
from bookbrew.customers.service.oauth_models import (
    AccessToken,
    Client,
    Code,
    EndUser,
    RefreshToken,
    StarletteOAuth2Request,
)
from bookbrew.customers.service.security import Security, sha256_hex
from bookbrew.platform.revocation import Revocations

T = TypeVar("T")

# A used code's row is kept this long after it expires, to recognise a second use.
USED_CODE_RETENTION = timedelta(days=1)


class Store:
    """Authlib's storage hooks over the request's session. Called from the worker
    thread; each call runs on the event loop and waits for it."""

    def __init__(
        self,
        session: AsyncSession,
        security: Security,
        ip: str | None,
        revocations: Revocations | None = None,
    ) -> None:
        self.session = session
        self.security = security
        self.ip = ip
        self.revocations = revocations

    @staticmethod
    def run(fn: Callable[..., Coroutine[Any, Any, T]], *args: Any) -> T:
        return anyio.from_thread.run(fn, *args)

    async def client(self, client_id: str) -> Client | None:
        row = await repository.client(self.session, client_id[:64])
        return Client.of(row) if row else None

    async def save_code(self, code: str, request: StarletteOAuth2Request) -> None:
        user: EndUser = request.user
        data = request.payload.data
        now = datetime.now(UTC)
        await repository.delete_codes_expired_before(
            self.session, user.customer_id, now - USED_CODE_RETENTION
        )
        self.session.add(
            AuthorizationCodeRow(
                code_hash=sha256_hex(code),
                client_id=request.client.client_id,
                customer_id=user.customer_id,
                redirect_uri=request.payload.redirect_uri,
                scope=request.scope or "",
                code_challenge=data.get("code_challenge"),
                code_challenge_method=data.get("code_challenge_method"),
                auth_time=user.auth_time,
                amr=user.amr,
                expires_at=now
                + timedelta(seconds=self.security.settings.authorization_code_ttl_seconds),
            )
        )
        await self.session.flush()

    async def code(self, code: str, client: Client) -> Code | None:
        row = await repository.authorization_code(self.session, sha256_hex(code))
        if row is None or row.client_id != client.client_id:
            return None
        if row.used_at is not None:
            # RFC 6749 4.1.2: refused, and what the first use issued is revoked.
            await self.code_reused(row)
            return None
        if row.expires_at < datetime.now(UTC):
            return None
        return Code(row)

    async def consume_code(self, code: Code, family_id: str) -> None:
        """Mark the code used by the sign-in `family_id` (the tokens just issued)."""
        now = datetime.now(UTC)
        if not await repository.mark_authorization_code_used(
            self.session, code.row.code_hash, family_id, now
        ):
            # Used by a concurrent exchange in between: both sign-ins end.
            await repository.revoke_family(self.session, family_id, now)
            await self.session.refresh(code.row)
            await self.code_reused(code.row)
            raise InvalidGrantError("The code was used already.")

    async def code_reused(self, row: AuthorizationCodeRow) -> None:
        """A code presented again leaked (or was replayed): end the sign-in its first
        use started, its refresh tokens and (on this service's deny-list) its access
        tokens, which carry the family as `sid`."""
        await self.session.flush()
        if row.family_id:
            await repository.revoke_family(self.session, row.family_id, datetime.now(UTC))
            if self.revocations is not None:
                await self.revocations.revoke_session(row.family_id)
        await audit.record(
            self.session,
            audit.AUTHORIZATION_CODE_REUSED,
            customer_id=row.customer_id,
            client_id=row.client_id,
            ip=self.ip,
            family_id=row.family_id,
        )

    async def end_user(self, customer_id: str, auth_time: int, amr: list[str]) -> EndUser | None:
        customer = await repository.customer(self.session, customer_id)
        if customer is None or customer.status != "active":
            return None
        return EndUser(customer.id, list(customer.roles), auth_time, list(amr))

    async def save_token(self, token: dict[str, Any], request: StarletteOAuth2Request) -> None:
        if "refresh_token" not in token or request.user is None:
            return
        user: EndUser = request.user
        now = datetime.now(UTC)
        self.session.add(
            RefreshTokenRow(
                token_hash=sha256_hex(token["refresh_token"]),
                family_id=user.family_id,
                client_id=request.client.client_id,
                customer_id=user.customer_id,
                scope=token.get("scope", ""),
                auth_time=user.auth_time,
                amr=user.amr,
                created_at=now,
                expires_at=now
                + timedelta(seconds=self.security.settings.refresh_token_ttl_seconds),
            )
        )
        await self.session.flush()

    async def refresh_token(self, token: str) -> RefreshToken | None:
        row = await repository.refresh_token(self.session, sha256_hex(token))
        if row is None or row.revoked_at is not None:
            return None
        if row.used_at is not None:
            await self.reuse_detected(row)
            return None
        if row.expires_at < datetime.now(UTC):
            return None
        return RefreshToken(row)

    async def refresh_token_to_revoke(self, token: str) -> RefreshToken | None:
        row = await repository.refresh_token(self.session, sha256_hex(token))
        return RefreshToken(row) if row is not None and row.revoked_at is None else None

    async def rotate_out(self, token: RefreshToken) -> None:
        if not await repository.mark_refresh_token_used(
            self.session, token.row.token_hash, datetime.now(UTC)
        ):
            # Used by a concurrent request in between: the same token twice is reuse.
            await self.reuse_detected(token.row)
            raise InvalidGrantError()

    async def reuse_detected(self, row: RefreshTokenRow) -> None:
        await self.session.flush()
        await repository.revoke_family(self.session, row.family_id, datetime.now(UTC))
        await audit.record(
            self.session,
            audit.REFRESH_TOKEN_REUSED,
            customer_id=row.customer_id,
            client_id=row.client_id,
            ip=self.ip,
            family_id=row.family_id,
        )

    async def revoke(self, token: RefreshToken | AccessToken, client: Client) -> None:
        now = datetime.now(UTC)
        if isinstance(token, RefreshToken):
            family, customer_id = token.row.family_id, token.row.customer_id
        else:
            family, customer_id = str(token.claims.get("sid") or ""), None
        if family:
            await repository.revoke_family(self.session, family, now)
        await audit.record(
            self.session,
            audit.TOKEN_REVOKED,
            customer_id=customer_id,
            client_id=client.client_id,
            ip=self.ip,
            family_id=family,
        )
