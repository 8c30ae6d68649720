"""The OAuth 2.0 authorization server, on Authlib's framework-neutral core.

Authlib ships Flask and Django integrations only; this is the thin Starlette one:
`AuthorizationServer` turns a Starlette request into an Authlib `OAuth2Request` and
Authlib's `(status, body, headers)` answer back into a response. Authlib's core is
synchronous, so the routes run it in a worker thread (`run_oauth`) and its storage hooks
hop back to the event loop (`anyio.from_thread.run`) to use the request's async
session: one transaction, still committed only by the request dependency.

Grants: authorization code + PKCE (S256 only, required for public clients; a code used
twice revokes the sign-in its first use started, RFC 6749 4.1.2), refresh
token with rotation and reuse detection (a used token presented again revokes its
whole family), client credentials; RFC 7009 revocation. Access tokens are RFC 9068
JWTs signed with the current ES256 key."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread
import jwt
from authlib.common.security import generate_token
from authlib.oauth2 import AuthorizationServer as _AuthorizationServer
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc6749.errors import InvalidRequestError
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator
from joserfc.jwk import KeySet
from sqlalchemy.ext.asyncio import AsyncSession

from bookbrew.customers.service.oauth_models import (
    PUBLIC_AUTH,
    SCOPES,
    SECRET_AUTH,
    AccessToken,
    Client,
    Code,
    EndUser,
    RefreshToken,
    StarletteOAuth2Request,
)
from bookbrew.customers.service.oauth_store import Store
from bookbrew.customers.service.security import Security
from bookbrew.platform.revocation import Revocations

T = TypeVar("T")

# --- grants -------------------------------------------------------------------------------


class S256CodeChallenge(CodeChallenge):  # type: ignore[misc]
    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if grant.request.client.is_public and not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: send code_challenge (S256).")
        if data.get("code_challenge") and data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("code_challenge_method must be S256.")
        super().validate_code_challenge(grant, redirect_uri)


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = [*SECRET_AUTH, *PUBLIC_AUTH]

    @property
    def store(self) -> Store:
        return self.server.store  # type: ignore[no-any-return]

    def save_authorization_code(self, code: str, request: StarletteOAuth2Request) -> None:
        self.store.run(self.store.save_code, code, request)

    def query_authorization_code(self, code: str, client: Client) -> Code | None:
        return self.store.run(self.store.code, code, client)

    def delete_authorization_code(self, authorization_code: Code) -> None:
        # Kept, marked used by the sign-in just issued: a second use revokes it.
        user: EndUser = self.request.user
        self.store.run(self.store.consume_code, authorization_code, user.family_id)

    def authenticate_user(self, authorization_code: Code) -> EndUser | None:
        row = authorization_code.row
        return self.store.run(self.store.end_user, row.customer_id, row.auth_time, row.amr)


class RefreshTokenGrant(grants.RefreshTokenGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = [*SECRET_AUTH, *PUBLIC_AUTH]
    INCLUDE_NEW_REFRESH_TOKEN = True

    @property
    def store(self) -> Store:
        return self.server.store  # type: ignore[no-any-return]

    def authenticate_refresh_token(self, refresh_token: str) -> RefreshToken | None:
        return self.store.run(self.store.refresh_token, refresh_token)

    def authenticate_user(self, refresh_token: RefreshToken) -> EndUser | None:
        row = refresh_token.row
        user = self.store.run(self.store.end_user, row.customer_id, row.auth_time, row.amr)
        if user is not None:
            user.family_id = row.family_id  # the rotated token stays in its family
        return user

    def revoke_old_credential(self, refresh_token: RefreshToken) -> None:
        self.store.run(self.store.rotate_out, refresh_token)


class ClientCredentialsGrant(grants.ClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = SECRET_AUTH


class Revocation(RevocationEndpoint):  # type: ignore[misc]
    CLIENT_AUTH_METHODS = [*SECRET_AUTH, *PUBLIC_AUTH]

    @property
    def store(self) -> Store:
        return self.server.store  # type: ignore[no-any-return]

    def query_token(self, token_string: str, token_type_hint: str | None) -> Any:
        if token_type_hint != "access_token":
            found = self.store.run(self.store.refresh_token_to_revoke, token_string)
            if found is not None or token_type_hint == "refresh_token":
                return found
        return self.server.read_access_token(token_string)

    def revoke_token(self, token: RefreshToken | AccessToken, request: Any) -> None:
        self.store.run(self.store.revoke, token, request.client)


# --- tokens -------------------------------------------------------------------------------


class AccessTokens(JWTBearerTokenGenerator):  # type: ignore[misc]
    """RFC 9068 access tokens with the claims `platform.auth` reads."""

    def __init__(self, security: Security) -> None:
        settings = security.settings
        super().__init__(
            issuer=settings.token_issuer,
            alg="ES256",
            refresh_token_generator=lambda **_: generate_token(48),
            expires_generator=settings.access_token_ttl_seconds,
        )
        self.security = security

    def get_jwks(self) -> KeySet:
        return self.security.keys.signing_key_set()

    def get_audiences(self, client: Client, user: EndUser | None, scope: str) -> str:
        return self.security.settings.token_audience

    def get_auth_time(self, user: EndUser | None) -> int | None:
        return user.auth_time if user else None

    def get_amr(self, user: EndUser | None) -> list[str] | None:
        return user.amr if user else None

    def get_acr(self, user: EndUser | None) -> str | None:
        return user.acr if user else None

    def get_jti(self, client: Client, grant_type: str, user: EndUser | None, scope: str) -> str:
        return uuid.uuid4().hex

    def get_extra_claims(
        self, client: Client, grant_type: str, user: EndUser | None, scope: str
    ) -> dict[str, Any]:
        if user is None:
            return {"roles": client.roles}
        return {"roles": user.roles, "sid": user.family_id}


class AuthorizationServer(_AuthorizationServer):  # type: ignore[misc]
    """One per request (cheap), bound to that request's session through its store."""

    def __init__(self, store: Store) -> None:
        super().__init__(scopes_supported=SCOPES)
        self.store = store
        self.register_token_generator("default", AccessTokens(store.security))
        self.register_grant(AuthorizationCodeGrant, [S256CodeChallenge(required=True)])
        self.register_grant(RefreshTokenGrant)
        self.register_grant(ClientCredentialsGrant)
        self.register_endpoint(Revocation)

    def query_client(self, client_id: str) -> Client | None:
        return self.store.run(self.store.client, client_id)

    def save_token(self, token: dict[str, Any], request: StarletteOAuth2Request) -> None:
        self.store.run(self.store.save_token, token, request)

    def create_oauth2_request(self, request: Any) -> Any:
        return request

    def create_json_request(self, request: Any) -> Any:
        return request

    def handle_response(
        self, status: int, body: Any, headers: list[tuple[str, str]]
    ) -> tuple[int, Any, list[tuple[str, str]]]:
        return status, body, list(headers)

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        return None

    def read_access_token(self, token: str) -> AccessToken | None:
        """One of our own access tokens, if it verifies (any published key)."""
        try:
            kid = str(jwt.get_unverified_header(token).get("kid", ""))
            key = self.store.run(self.store.security.keys.verification_key, kid)
            if key is None:
                return None
            settings = self.store.security.settings
            claims = jwt.decode(
                token,
                key=key,
                algorithms=["ES256"],
                audience=settings.token_audience,
                issuer=settings.token_issuer,
            )
        except jwt.PyJWTError:
            return None
        return AccessToken(claims)


async def run_oauth(
    session: AsyncSession,
    security: Security,
    ip: str | None,
    work: Callable[[AuthorizationServer], T],
    *,
    revocations: Revocations | None = None,
) -> T:
    """Run Authlib (synchronous) in a worker thread; its storage calls come back here.
    `revocations`: where a reused authorization code puts the sign-in it started."""
    server = AuthorizationServer(Store(session, security, ip, revocations))
    return await anyio.to_thread.run_sync(work, server)
