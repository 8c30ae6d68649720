"""JWT access-token verification against a JWKS (RFC 7517), with roles and scopes.

The identity service issues RFC 9068 access tokens signed with an asymmetric key and
publishes its JWKS; every other service verifies locally. `require()` builds FastAPI
dependencies such as `Depends(require(roles={"admin"}))`.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jwt
from fastapi import Request
from jwt import PyJWK, PyJWKSet

from bookbrew.platform.problems import Problem

ALGORITHMS = ["ES256", "EdDSA", "RS256"]


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[str] = frozenset()
    scopes: frozenset[str] = frozenset()
    client_id: str | None = None
    acr: str | None = None
    amr: tuple[str, ...] = ()
    auth_time: int | None = None
    claims: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_admin(self) -> bool:
        return "admin" in self.roles

    def has_recent_second_factor(self, max_age_seconds: int) -> bool:
        if not ({"mfa", "otp"} & set(self.amr)) or self.auth_time is None:
            return False
        return time.time() - self.auth_time <= max_age_seconds


def unauthorized(detail: str) -> Problem:
    return Problem(
        401, "unauthorized", detail, headers={"WWW-Authenticate": 'Bearer realm="bookbrew"'}
    )


class JwksSource:
    """Keys by `kid`, from a JWKS URL (refreshed on unknown kid, at most every 30 s) or a
    local JWKS document."""

    def __init__(
        self,
        *,
        url: str = "",
        document: dict[str, Any] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        min_refresh_seconds: float = 30.0,
    ) -> None:
        self.url = url
        self._keys: dict[str, PyJWK] = {}
        self._fetched_at = 0.0
        self._min_refresh = min_refresh_seconds
        self._lock = asyncio.Lock()
        self._transport = transport
        if document is not None:
            self._load(document)

    @classmethod
    def from_file(cls, path: str) -> JwksSource:
        return cls(document=json.loads(Path(path).read_text()))

    def _load(self, document: dict[str, Any]) -> None:
        # Fetched keys are added to what is known (a local file's keys stay).
        for key in PyJWKSet.from_dict(document).keys:
            if key.key_id:
                self._keys[key.key_id] = key

    async def key(self, kid: str) -> PyJWK | None:
        if kid in self._keys or not self.url:
            return self._keys.get(kid)
        async with self._lock:
            if kid not in self._keys and time.monotonic() - self._fetched_at >= self._min_refresh:
                self._fetched_at = time.monotonic()
                async with httpx.AsyncClient(transport=self._transport, timeout=3) as client:
                    response = await client.get(self.url)
                    response.raise_for_status()
                    self._load(response.json())
        return self._keys.get(kid)


class TokenVerifier:
    def __init__(self, jwks: JwksSource, *, issuer: str, audience: str, leeway: int = 30) -> None:
        self.jwks = jwks
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway

    async def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise unauthorized("malformed access token") from exc
        if header.get("alg") not in ALGORITHMS:
            raise unauthorized("unsupported token algorithm")
        if str(header.get("typ", "")).lower() not in ("at+jwt", "application/at+jwt"):
            raise unauthorized("not an access token (RFC 9068 typ at+jwt)")
        try:
            key = await self.jwks.key(str(header.get("kid", "")))
        except httpx.HTTPError as exc:
            raise Problem(503, "identity-unavailable", "cannot fetch signing keys") from exc
        if key is None:
            raise unauthorized("unknown signing key")
        try:
            claims = jwt.decode(
                token,
                key=key,
                algorithms=[str(header["alg"])],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise unauthorized("access token expired") from exc
        except jwt.PyJWTError as exc:
            raise unauthorized("invalid access token") from exc
        return Principal(
            subject=str(claims["sub"]),
            roles=frozenset(claims.get("roles") or ()),
            scopes=frozenset(str(claims.get("scope", "")).split()),
            client_id=claims.get("client_id"),
            acr=claims.get("acr"),
            amr=tuple(claims.get("amr") or ()),
            auth_time=claims.get("auth_time"),
            claims=claims,
        )


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return token.strip()


def require(
    *, roles: Iterable[str] = (), scopes: Iterable[str] = ()
) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency that admits a token carrying any of `roles` (if given) and all of
    `scopes`. The verifier lives in `app.state.verifier`, set by the app factory."""
    wanted_roles = frozenset(roles)
    wanted_scopes = frozenset(scopes)

    async def dependency(request: Request) -> Principal:
        token = bearer_token(request)
        if token is None:
            raise unauthorized("a bearer access token is required")
        verifier: TokenVerifier = request.app.state.verifier
        principal = await verifier.verify(token)
        request.scope.setdefault("state", {})["subject"] = principal.subject
        if wanted_roles and not (wanted_roles & principal.roles):
            raise Problem(403, "forbidden", f"requires role: {' or '.join(sorted(wanted_roles))}")
        missing = wanted_scopes - principal.scopes
        if missing:
            raise Problem(403, "insufficient-scope", f"missing scope: {' '.join(sorted(missing))}")
        return principal

    return dependency


def build_verifier(
    *,
    jwks_url: str,
    jwks_file: str,
    issuer: str,
    audience: str,
    transport: httpx.AsyncBaseTransport | None = None,
) -> TokenVerifier:
    """Keys from the identity service's JWKS URL, plus those of a local JWKS file (the
    development key of `bookbrew token`) when one is configured."""
    document = json.loads(Path(jwks_file).read_text()) if jwks_file else None
    source = JwksSource(url=jwks_url, document=document, transport=transport)
    return TokenVerifier(source, issuer=issuer, audience=audience)
