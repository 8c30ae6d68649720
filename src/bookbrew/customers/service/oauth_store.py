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

T = TypeVar("T")


class Store:
    """Authlib's storage hooks over the request's session. Called from the worker
    thread; each call runs on the event loop and waits for it."""

    def __init__(self, session: AsyncSession, security: Security, ip: str | None) -> None:
        self.session = session
        self.security = security
        self.ip = ip

    @staticmethod
    def run(fn: Callable[..., Coroutine[Any, Any, T]], *args: Any) -> T:
        return anyio.from_thread.run(fn, *args)

    async def client(self, client_id: str) -> Client | None:
        row = await repository.client(self.session, client_id[:64])
        return Client.of(row) if row else None

    async def save_code(self, code: str, request: StarletteOAuth2Request) -> None:
        user: EndUser = request.user
        data = request.payload.data
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
                expires_at=datetime.now(UTC)
                + timedelta(seconds=self.security.settings.authorization_code_ttl_seconds),
            )
        )
        await self.session.flush()

    async def code(self, code: str, client: Client) -> Code | None:
        row = await repository.authorization_code(self.session, sha256_hex(code))
        if row is None or row.client_id != client.client_id or row.expires_at < datetime.now(UTC):
            return None
        return Code(row)

    async def consume_code(self, code: Code) -> None:
        if not await repository.delete_authorization_code(self.session, code.row.code_hash):
            raise InvalidGrantError("The code was used already.")

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
