"""What Authlib's core asks a server to provide: the client, the signed-in user, the
stored authorization code and refresh token, and a request built from Starlette's."""

from __future__ import annotations

import hmac
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from authlib.oauth2 import OAuth2Request
from authlib.oauth2.rfc6749 import ClientMixin
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload

from bookbrew.customers.models import AuthorizationCodeRow, OAuthClientRow, RefreshTokenRow
from bookbrew.customers.service.security import sha256_hex

SCOPES = ["profile", "addresses", "orders", "payments", "customers.read"]
APP_SCOPE = "profile addresses orders payments"
SERVICE_SCOPE = "customers.read orders payments"
PUBLIC_AUTH = ["none"]
SECRET_AUTH = ["client_secret_basic", "client_secret_post"]


# --- the models Authlib asks for ------------------------------------------------------


@dataclass
class Client(ClientMixin):  # type: ignore[misc]
    client_id: str
    secret_hash: str | None
    redirect_uris: list[str]
    grant_types: list[str]
    scope: str
    roles: list[str]

    @classmethod
    def of(cls, row: OAuthClientRow) -> Client:
        return cls(
            row.client_id,
            row.secret_hash,
            list(row.redirect_uris),
            list(row.grant_types),
            row.scope,
            list(row.roles),
        )

    @property
    def is_public(self) -> bool:
        return self.secret_hash is None

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return None  # redirect_uri is always required, as in OAuth 2.1

    def get_allowed_scope(self, scope: str | None) -> str:
        allowed = self.scope.split()
        if not scope:
            return self.scope
        return " ".join(s for s in scope.split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return self.secret_hash is not None and hmac.compare_digest(
            sha256_hex(client_secret), self.secret_hash
        )

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in (PUBLIC_AUTH if self.is_public else SECRET_AUTH)

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and "authorization_code" in self.grant_types

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.grant_types


@dataclass
class EndUser:
    """Who signed in, and how: becomes `sub`, `roles`, `auth_time`, `amr` and `acr`."""

    customer_id: str
    roles: list[str]
    auth_time: int
    amr: list[str]
    family_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def get_user_id(self) -> str:
        return self.customer_id

    @property
    def acr(self) -> str:
        return "aal2" if "mfa" in self.amr else "aal1"


@dataclass
class Code:
    row: AuthorizationCodeRow

    @property
    def code_challenge(self) -> str | None:
        return self.row.code_challenge

    @property
    def code_challenge_method(self) -> str | None:
        return self.row.code_challenge_method

    def get_redirect_uri(self) -> str:
        return self.row.redirect_uri

    def get_scope(self) -> str:
        return self.row.scope


@dataclass
class RefreshToken:
    row: RefreshTokenRow

    def check_client(self, client: Client) -> bool:
        return self.row.client_id == client.client_id

    def get_scope(self) -> str:
        return self.row.scope


@dataclass
class AccessToken:
    claims: dict[str, Any]

    def check_client(self, client: Client) -> bool:
        return bool(self.claims.get("client_id") == client.client_id)


# --- the request adapter ----------------------------------------------------------------


class StarletteOAuth2Request(OAuth2Request):  # type: ignore[misc]
    """An Authlib request from what a Starlette route read. The transport check of the
    base class is skipped: TLS ends at the ingress, in front of the service."""

    def __init__(
        self,
        method: str,
        uri: str,
        headers: Mapping[str, str],
        *,
        args: Mapping[str, str],
        form: Mapping[str, str] | None = None,
    ) -> None:
        self.method = method
        self.uri = uri
        self.headers = headers
        self._body = None
        self._args = dict(args)
        self._form = dict(form or {})
        self.payload = BasicOAuth2Payload(self._form if method == "POST" else self._args)
        self.client: Any = None
        self.auth_method: Any = None
        self.user: Any = None
        self.authorization_code: Any = None
        self.refresh_token: Any = None
        self.credential: Any = None
        self._scope: str | None = None

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form
