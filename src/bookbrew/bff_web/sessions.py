"""Server-side sessions of the web app (the BFF pattern for browser apps): the browser
holds only an opaque, HttpOnly cookie; the OAuth tokens live here, in the cache port
(memory embedded, Redis distributed), encrypted under a key derived from SECRET_KEY and
keyed by a hash of the cookie, so a cache dump yields neither usable cookies nor
readable tokens.

Also here: the sign-in's pending state (state + PKCE verifier, bound to the browser by a
nonce cookie), `return_to` checks (no open redirect), CSRF (double submit of the
session's token in `X-CSRF-Token`) and transparent refresh with rotation."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
import time
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

import orjson
from fastapi import Request, Response

from bookbrew.bff_web.settings import BffWebSettings
from bookbrew.clients.identity import GrantRefused, Identity, Tokens
from bookbrew.platform.cache import Cache
from bookbrew.platform.crypto import DecryptionError, KeyRing
from bookbrew.platform.http import ServiceUnavailable

log = logging.getLogger(__name__)

SESSION_COOKIE = "bookbrew_session"
LOGIN_COOKIE = "bookbrew_login"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_RETURN_TO = 2000


# ---- where to go after signing in ----------------------------------------------------


def safe_return_to(value: str | None, default: str = "/") -> str:
    """`value` if it is a path on this origin (`/…`), else `default`: never another
    origin (`//evil.example`, `/\\evil.example`, `https://…`), never control characters."""
    if not value or len(value) > MAX_RETURN_TO:
        return default
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return default
    return value


# ---- the session ---------------------------------------------------------------------


@dataclass
class Profile:
    """What the web app shows of the signed-in shopper."""

    id: str
    display_name: str
    email: str
    roles: list[str]
    mfa_enabled: bool
    email_verified: bool = True

    @classmethod
    def of(cls, body: dict[str, Any]) -> Profile:
        return cls(
            id=str(body["id"]),
            display_name=str(body.get("display_name") or ""),
            email=str(body.get("email") or ""),
            roles=[str(role) for role in body.get("roles") or []],
            mfa_enabled=bool(body.get("mfa_enabled")),
            email_verified=bool(body.get("email_verified", True)),
        )


@dataclass
class Session:
    customer_id: str
    access_token: str
    refresh_token: str
    expires_at: float
    scope: str
    csrf_token: str
    profile: Profile
    created_at: float = field(default_factory=time.time)

    def with_tokens(self, tokens: Tokens) -> Session:
        self.access_token = tokens.access_token
        # Rotation: the old refresh token is spent; always keep the new one.
        self.refresh_token = tokens.refresh_token or self.refresh_token
        self.expires_at = tokens.expires_at
        self.scope = tokens.scope or self.scope
        return self

    def dump(self) -> bytes:
        return orjson.dumps(asdict(self))

    @classmethod
    def load(cls, raw: bytes) -> Session:
        data = orjson.loads(raw)
        data["profile"] = Profile(**data["profile"])
        return cls(**data)


@dataclass
class PendingSignIn:
    state: str
    verifier: str
    redirect_uri: str
    return_to: str
    browser: str  # sha256 of the browser's login nonce cookie
    step_up: bool = False


class SessionEnded(Exception):
    """The sign-in behind a session is over (refresh refused): sign in again."""


class Sessions:
    """Sessions and pending sign-ins in the cache port."""

    def __init__(self, cache: Cache, settings: BffWebSettings, identity: Identity) -> None:
        self.cache = cache
        self.settings = settings
        self.identity = identity
        self._ring = KeyRing.derived(settings.secret_key.get_secret_value(), "bff_web:sessions")
        self._refreshing: dict[str, asyncio.Lock] = {}

    # -- storage --

    @staticmethod
    def _key(kind: str, secret: str) -> str:
        return f"{kind}:{hashlib.sha256(secret.encode()).hexdigest()[:48]}"

    async def _put(self, key: str, value: bytes, ttl: float) -> None:
        sealed = self._ring.encrypt(value, aad=key.encode())
        await self.cache.set(key, sealed.encode(), ttl)

    async def _get(self, key: str) -> bytes | None:
        sealed = await self.cache.get(key)
        if sealed is None:
            return None
        try:
            return self._ring.decrypt(sealed.decode(), aad=key.encode())
        except (DecryptionError, UnicodeDecodeError):
            log.warning("an unreadable session entry was dropped (key changed?)")
            await self.cache.delete(key)
            return None

    # -- pending sign-ins --

    async def begin_sign_in(self, pending: PendingSignIn) -> None:
        raw = orjson.dumps(asdict(pending))
        await self._put(self._key("login", pending.state), raw, self.settings.login_ttl_seconds)

    async def finish_sign_in(self, state: str) -> PendingSignIn | None:
        """The pending sign-in of `state`, once: a state cannot be replayed."""
        key = self._key("login", state)
        raw = await self._get(key)
        if raw is None:
            return None
        await self.cache.delete(key)
        return PendingSignIn(**orjson.loads(raw))

    # -- sessions --

    async def create(self, tokens: Tokens, profile: Profile) -> tuple[str, Session]:
        session_id = secrets.token_urlsafe(32)
        session = Session(
            customer_id=profile.id,
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_at=tokens.expires_at,
            scope=tokens.scope,
            csrf_token=secrets.token_urlsafe(32),
            profile=profile,
        )
        await self.save(session_id, session)
        return session_id, session

    async def save(self, session_id: str, session: Session) -> None:
        key = self._key("session", session_id)
        await self._put(key, session.dump(), self.settings.session_ttl_seconds)

    async def get(self, session_id: str) -> Session | None:
        if not session_id or len(session_id) > 200:
            return None
        raw = await self._get(self._key("session", session_id))
        return Session.load(raw) if raw is not None else None

    async def end(self, session_id: str, session: Session | None) -> None:
        """Revoke the sign-in at the identity service and forget the session."""
        await self.cache.delete(self._key("session", session_id))
        if session is not None and session.refresh_token:
            await self.identity.revoke(session.refresh_token)

    # -- tokens --

    async def access_token(self, session_id: str, session: Session) -> str:
        """The session's access token, refreshed first when near expiry. Concurrent
        requests of one session refresh once (a refresh token presented twice would
        look like theft and revoke the whole sign-in): in this process by a lock, across
        replicas by a short-lived marker in the cache."""
        if session.expires_at - time.time() > self.settings.refresh_leeway_seconds:
            return session.access_token
        return await self.refresh(session_id, session)

    async def refresh(self, session_id: str, session: Session, *, force: bool = False) -> str:
        """A new access token now (`force`: even if this one has time left, e.g. the
        account's roles changed and the token must carry them)."""
        lock = self._refreshing.setdefault(session_id, asyncio.Lock())
        try:
            async with lock:
                return await self._refresh(session_id, session, force=force)
        finally:
            if not lock.locked():
                self._refreshing.pop(session_id, None)

    async def _refresh(self, session_id: str, session: Session, *, force: bool = False) -> str:
        marker = self._key("refreshing", session_id)
        latest = await self.get(session_id)
        if latest is None:
            raise SessionEnded("session gone")
        renewed = latest.access_token != session.access_token  # by a concurrent request
        if renewed or (
            not force and latest.expires_at - time.time() > self.settings.refresh_leeway_seconds
        ):
            session.with_tokens(_tokens_of(latest))
            return latest.access_token
        if await self.cache.incr(marker, 10) > 1:
            return await self._await_other_refresh(session_id, session)
        try:
            tokens = await self.identity.refresh(latest.refresh_token)
        except GrantRefused as refused:
            log.info("session ended: refresh refused (%s)", refused.error)
            await self.cache.delete(self._key("session", session_id))
            raise SessionEnded(refused.error) from refused
        except ServiceUnavailable:
            if latest.expires_at > time.time():
                return latest.access_token  # still valid for a little while
            raise
        finally:
            await self.cache.delete(marker)
        session.with_tokens(tokens)
        await self.save(session_id, session)
        return session.access_token

    async def _await_other_refresh(self, session_id: str, session: Session) -> str:
        """Another replica is refreshing this session: wait for its result briefly."""
        deadline = time.monotonic() + 5.0
        while time.monotonic() < deadline:
            await asyncio.sleep(0.05)
            latest = await self.get(session_id)
            if latest is None:
                raise SessionEnded("session gone")
            if latest.access_token != session.access_token:
                session.with_tokens(_tokens_of(latest))
                return latest.access_token
        if session.expires_at > time.time():
            return session.access_token
        raise ServiceUnavailable("session refresh did not finish")


def _tokens_of(session: Session) -> Tokens:
    return Tokens(session.access_token, session.refresh_token, session.expires_at, session.scope)


# ---- cookies -------------------------------------------------------------------------


def cookie_secure(request: Request, settings: BffWebSettings) -> bool:
    if settings.session_cookie_secure is not None:
        return settings.session_cookie_secure
    return request.url.scheme == "https"


def set_session_cookie(
    response: Response, request: Request, settings: BffWebSettings, session_id: str
) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=settings.session_ttl_seconds,
        path="/",
        httponly=True,
        samesite="lax",
        secure=cookie_secure(request, settings),
    )


def clear_session_cookie(response: Response, request: Request, settings: BffWebSettings) -> None:
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        httponly=True,
        samesite="lax",
        secure=cookie_secure(request, settings),
    )


def cleared_cookie_header(request: Request, settings: BffWebSettings) -> str:
    """A `Set-Cookie` value that removes the session cookie (for problem responses)."""
    probe = Response()
    clear_session_cookie(probe, request, settings)
    return probe.headers["set-cookie"]


def browser_nonce(request: Request) -> str | None:
    nonce = request.cookies.get(LOGIN_COOKIE)
    return nonce if nonce and 20 <= len(nonce) <= 100 else None


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def same_secret(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given).encode(), expected.encode())
