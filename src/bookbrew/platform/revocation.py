"""A deny-list of ended sign-ins, so that a still-valid access token stops working at once.

Access tokens are JWTs every service verifies locally; they cannot be recalled, only
outlived. When a sign-in must end before its tokens expire (the customer was erased, an
authorization code was used twice), the service puts the token's subject (`sub`) or its
sign-in (`sid`, the refresh-token family) here, and the service's verifier refuses such
tokens with a 401 from then on.

Entries are kept in the service's cache port (`platform.cache`: in memory embedded, Redis
when `CACHE_URL` says so, shared by the replicas) and in this process, so an entry
survives the cache's LRU eviction and is known here before the cache is attached. An
entry lives `ttl_seconds`, far longer than any access token (customers issue them for
minutes): a subject erased never signs in again, and a sign-in id is never reused.

Wiring, in a service's `app.py`: subscribe `revocations.erasure_subscription(SERVICE)`
(the `customer.erased` event feeds the list), then in the lifespan
`await revocations.install(app, runtime)`; it wraps `app.state.verifier`, so `require()`
and every route that verifies a token itself are covered."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from bookbrew.contracts.customers import CUSTOMER_ERASED, CustomerErased
from bookbrew.platform.auth import Principal, TokenVerifier, unauthorized
from bookbrew.platform.cache import Cache
from bookbrew.platform.events.bus import Subscription
from bookbrew.platform.events.envelope import CloudEvent

if TYPE_CHECKING:
    from fastapi import FastAPI

    from bookbrew.platform.runtime import Runtime

log = logging.getLogger(__name__)

# Longer than any access token lives (customers' default is 5 minutes), with room for a
# configured lifetime of hours and the verifiers' clock leeway.
DEFAULT_TTL_SECONDS = 24 * 3600.0

ENDED = "this sign-in has ended; sign in again"


def _subject_key(subject: str) -> str:
    return f"revoked:sub:{subject}"


def _session_key(session_id: str) -> str:
    return f"revoked:sid:{session_id}"


class Revocations:
    """The deny-list of one service. `sessions=True` also checks each token's `sid`
    (only the identity service revokes single sign-ins; elsewhere that would be a cache
    lookup per request that never hits)."""

    def __init__(self, *, ttl_seconds: float = DEFAULT_TTL_SECONDS, sessions: bool = False) -> None:
        self.ttl_seconds = ttl_seconds
        self.checks_sessions = sessions
        self._cache: Cache | None = None
        self._local: dict[str, float] = {}  # key -> time.monotonic() it expires

    # --- writing ----------------------------------------------------------------------

    async def revoke_subject(self, subject: str) -> None:
        """Refuse every token of `subject` (an erased customer)."""
        await self._add(_subject_key(subject))

    async def revoke_session(self, session_id: str) -> None:
        """Refuse every token of one sign-in (the `sid` claim)."""
        await self._add(_session_key(session_id))

    async def _add(self, key: str) -> None:
        now = time.monotonic()
        self._local = {k: until for k, until in self._local.items() if until > now}
        self._local[key] = now + self.ttl_seconds
        if self._cache is not None:
            # Raises when the cache is down: the event is retried (then dead-lettered),
            # while this process refuses the tokens already.
            await self._cache.set(key, str(int(time.time())).encode(), self.ttl_seconds)

    async def use_cache(self, cache: Cache | None) -> None:
        """Share the list through `cache` from now on; entries made before go there too."""
        self._cache = cache
        if cache is None:
            return
        now = time.monotonic()
        try:
            for key, until in list(self._local.items()):
                if until > now:
                    await cache.set(key, str(int(time.time())).encode(), until - now)
        except Exception:
            log.warning("revocation list: cache unavailable; entries kept here", exc_info=True)

    # --- reading ----------------------------------------------------------------------

    def _keys(self, principal: Principal) -> list[str]:
        keys = [_subject_key(principal.subject)]
        session_id = principal.claims.get("sid")
        if self.checks_sessions and session_id:
            keys.append(_session_key(str(session_id)))
        return keys

    async def is_revoked(self, principal: Principal) -> bool:
        keys = self._keys(principal)
        now = time.monotonic()
        if any(self._local.get(key, 0.0) > now for key in keys):
            return True
        if self._cache is None:
            return False
        try:
            for key in keys:
                if await self._cache.get(key) is not None:
                    return True
        except Exception:
            # The list is a second line behind short token lifetimes: a cache outage
            # must not refuse every request. Entries this process received still hold.
            log.warning("revocation list unavailable; token checked without it", exc_info=True)
        return False

    # --- wiring -----------------------------------------------------------------------

    def erasure_subscription(self, service: str) -> Subscription:
        """`customer.erased` puts the customer on this list: their access tokens still
        within their lifetime are refused from then on. A queue of the service's own, so
        it never waits behind other consumers; no inbox: adding twice changes nothing."""

        async def on_erased(event: CloudEvent) -> None:
            await self.revoke_subject(CustomerErased.model_validate(event.data).customer_id)

        return Subscription(f"{service}.revocations", (CUSTOMER_ERASED,), on_erased)

    def guard(self, verifier: TokenVerifier) -> RevocationCheckingVerifier:
        return RevocationCheckingVerifier(verifier, self)

    async def install(self, app: FastAPI, runtime: Runtime) -> None:
        """Attach the service's cache and make its verifier consult the list. Call in
        the lifespan, once `service_runtime` has set the verifier (and after any code
        that replaces it)."""
        await self.use_cache(runtime.cache)
        assert runtime.verifier is not None
        app.state.verifier = self.guard(runtime.verifier)
        app.state.revocations = self


class RevocationCheckingVerifier:
    """A `TokenVerifier` that also refuses tokens on the deny-list (401). Everything else
    (keys, issuer, audience) is the wrapped verifier's."""

    def __init__(self, inner: TokenVerifier, revocations: Revocations) -> None:
        self.inner = inner
        self.revocations = revocations

    async def verify(self, token: str) -> Principal:
        principal = await self.inner.verify(token)
        if await self.revocations.is_revoked(principal):
            raise unauthorized(ENDED)
        return principal

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
