"""What the mobile app does to sign in, for tests: authorization code + PKCE as the public
client `bookbrew-mobile` in a browser tab (with the second factor when the account has
one), then the code for tokens at the identity service."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyotp

from tests.bff_web.embedded import PASSWORD, Shop, form_action, hidden

APP_CALLBACK = "bookbrew://auth/callback"


async def authorize(
    shop: Shop, email: str, *, totp_secret: str | None = None, **params: str
) -> dict[str, Any]:
    """What the app does in the system browser: code + PKCE as `bookbrew-mobile`
    (with the second factor when the account has one), then the code for tokens."""
    verifier = secrets.token_urlsafe(48)
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )
    async with shop.browser() as tab:
        page = await tab.get(
            "/svc/customers/oauth/authorize",
            params={
                "response_type": "code",
                "client_id": "bookbrew-mobile",
                "redirect_uri": APP_CALLBACK,
                "scope": "profile addresses orders payments",
                "state": "s1",
                "code_challenge": challenge,
                "code_challenge_method": "S256",
                **params,
            },
        )
        assert page.status_code == 200, page.text
        answer = await tab.post(
            form_action(page),
            data={
                "csrf_token": hidden(page.text, "csrf_token"),
                "authorization_request": hidden(page.text, "authorization_request"),
                "email": email,
                "password": PASSWORD,
            },
        )
        if totp_secret is not None:
            answer = await tab.post(
                form_action(answer),
                data={
                    "csrf_token": hidden(answer.text, "csrf_token"),
                    "authorization_request": hidden(answer.text, "authorization_request"),
                    "pending": hidden(answer.text, "pending"),
                    "code": pyotp.TOTP(totp_secret).at(time.time() + 30),
                },
            )
        assert answer.status_code == 302, answer.text
        assert answer.headers["location"].startswith(APP_CALLBACK)
        code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
        tokens = await tab.post(
            "/svc/customers/oauth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": APP_CALLBACK,
                "client_id": "bookbrew-mobile",
                "code_verifier": verifier,
            },
        )
        assert tokens.status_code == 200, tokens.text
        body: dict[str, Any] = tokens.json()
        return body


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}
