"""What BFF Mobile's routes depend on: the shopper's bearer token (the app signs in
itself, with code + PKCE, and sends `Authorization: Bearer …`; this BFF keeps no
session and passes the token through), the app install's id for a guest's cart, the
settings, and one typed client per upstream service."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Annotated, Any

import httpx
from fastapi import Depends, Header, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from bookbrew.bff_mobile.service import Screens
from bookbrew.bff_mobile.settings import BffMobileSettings
from bookbrew.platform import responses
from bookbrew.platform.auth import unauthorized
from bookbrew.platform.deps import get_runtime
from bookbrew.platform.http import ServiceClient
from bookbrew.platform.responses import conditional_response, documented_problem

BEARER_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: documented_problem("No bearer token, or one the services do not accept"),
    403: documented_problem("`step-up-required`: sign in again with a second factor"),
    404: responses.READ_RESPONSES[404],
    422: responses.READ_RESPONSES[422],
    503: responses.READ_RESPONSES[503],
}


async def _settings(request: Request) -> BffMobileSettings:
    settings = get_runtime(request).settings
    assert isinstance(settings, BffMobileSettings)
    return settings


async def _screens(request: Request) -> Screens:
    return Screens(
        catalog=request.app.state.catalog,
        root=responses.mounted_url(request, ""),
        curation=request.app.state.curation,
    )


# Declares the bearer scheme in the OpenAPI document; the token itself is checked by
# the services it is passed to.
_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="An access token from the identity service (authorization code + PKCE)",
)


def _maybe_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str | None:
    return credentials.credentials if credentials is not None else None


def _token(token: Annotated[str | None, Depends(_maybe_token)]) -> str:
    if token is None:
        raise unauthorized("a bearer access token is required")
    return token


def _client(name: str) -> Any:
    def upstream(request: Request) -> ServiceClient:
        client: ServiceClient = getattr(request.app.state, name)
        return client

    upstream.__name__ = f"get_{name}"
    return Depends(upstream)


Settings = Annotated[BffMobileSettings, Depends(_settings)]
ScreensDep = Annotated[Screens, Depends(_screens)]
Token = Annotated[str, Depends(_token)]
MaybeToken = Annotated[str | None, Depends(_maybe_token)]
Catalog = Annotated[ServiceClient, _client("catalog")]
Customers = Annotated[ServiceClient, _client("customers")]
Questionnaires = Annotated[ServiceClient, _client("questionnaire")]
Orders = Annotated[ServiceClient, _client("orders")]
Payments = Annotated[ServiceClient, _client("payments")]
Notifications = Annotated[ServiceClient, _client("notifications")]
DeviceIdHeader = Annotated[
    str | None,
    Header(
        alias="X-Device-Id",
        pattern=r"^[A-Za-z0-9_-]{20,64}$",
        description="The app install's random id (kept on the device): a guest's cart is "
        "kept under it. Ignored with a bearer token, except by `POST /api/cart/merge`.",
    ),
]


def guest_cart_id(settings: BffMobileSettings, device_id: str) -> str:
    """The orders service's guest cart id for an app install: derived with the BFF's
    secret, so a device id names one cart and a cart id gives no device id away."""
    key = settings.secret_key.get_secret_value().encode()
    digest = hmac.new(key, b"guest-cart:" + device_id.encode(), hashlib.sha256).digest()
    return "gc_" + base64.urlsafe_b64encode(digest).decode()[:24]


# Answers about one shopper or one install vary with who asks.
PERSONAL = {"Vary": "Authorization, X-Device-Id"}


def personal_read(request: Request, answer: httpx.Response, body: bytes | None = None) -> Response:
    """A shopper's own data (the answer's, or `body` made from it), revalidated by ETag
    (`If-None-Match` → 304), never stored by shared caches."""
    content = answer.content if body is None else body
    return conditional_response(request, content, max_age=0, public=False, headers=PERSONAL)
