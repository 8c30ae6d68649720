"""The identity (customers) service's OAuth 2.0 token endpoint as the BFFs use it: code
exchange with PKCE and refresh with rotation (BFF Web, for its public client
`bookbrew-web`), and revocation (both BFFs: a sign-out ends the sign-in's whole family
of refresh tokens)."""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any

import httpx

from bookbrew.platform.http import ServiceClient, ServiceUnavailable

log = logging.getLogger(__name__)


def pkce_pair() -> tuple[str, str]:
    """RFC 7636: a high-entropy verifier and its S256 challenge."""
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    expires_at: float
    scope: str


class GrantRefused(Exception):
    """The token endpoint refused the grant (`invalid_grant`: the code or refresh token
    is spent, revoked or expired). Carries the OAuth error code."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


class Identity:
    def __init__(self, client: ServiceClient, *, client_id: str) -> None:
        self.client = client
        self.client_id = client_id

    async def _token(self, form: dict[str, str]) -> Tokens:
        response = await self.client.post_form(
            "/oauth/token", {**form, "client_id": self.client_id}
        )
        body: dict[str, Any] = _json(response)
        if response.status_code != 200 or "access_token" not in body:
            raise GrantRefused(str(body.get("error") or f"http-{response.status_code}"))
        return Tokens(
            access_token=str(body["access_token"]),
            refresh_token=str(body.get("refresh_token") or ""),
            expires_at=time.time() + float(body.get("expires_in") or 300),
            scope=str(body.get("scope") or ""),
        )

    async def exchange_code(self, code: str, *, verifier: str, redirect_uri: str) -> Tokens:
        return await self._token(
            {
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "code_verifier": verifier,
            }
        )

    async def refresh(self, refresh_token: str) -> Tokens:
        return await self._token({"grant_type": "refresh_token", "refresh_token": refresh_token})

    async def revoke(self, refresh_token: str) -> None:
        """RFC 7009; revoking the refresh token ends the whole sign-in (its family).
        Best effort: a session is cleared here whether or not this call got through."""
        try:
            await self.client.post_form(
                "/oauth/revoke",
                {
                    "token": refresh_token,
                    "token_type_hint": "refresh_token",
                    "client_id": self.client_id,
                },
            )
        except ServiceUnavailable:
            log.warning("could not revoke a refresh token: identity unavailable")


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
