"""HTTP clients between services: timeouts, retries on idempotent calls, a circuit
breaker, W3C trace context, and problem details turned back into exceptions.

In the embedded profile the transport is an in-process ASGI transport: the same client
code, no sockets."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable
from typing import Any, TypeVar

import httpx

from bookbrew.platform.observability import inject_headers

log = logging.getLogger(__name__)

T = TypeVar("T")

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


class ServiceUnavailable(Exception):
    """The other service did not answer usefully (down, timing out, 5xx, breaker open)."""


class ServiceError(Exception):
    """The other service answered with a 4xx problem; carries its problem document."""

    def __init__(self, status: int, problem: dict[str, Any]) -> None:
        super().__init__(problem.get("detail") or problem.get("title") or str(status))
        self.status = status
        self.problem = problem


class CircuitBreaker:
    """Closed → open after `threshold` consecutive failures; half-open after `reset_after`
    seconds lets one trial call through, whose outcome closes or reopens it."""

    def __init__(self, threshold: int = 5, reset_after: float = 10.0) -> None:
        self.threshold = threshold
        self.reset_after = reset_after
        self.failures = 0
        self.opened_at: float | None = None
        self._trial_running = False

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "closed"
        if time.monotonic() - self.opened_at >= self.reset_after:
            return "half-open"
        return "open"

    def before_call(self) -> None:
        state = self.state
        if state == "open" or (state == "half-open" and self._trial_running):
            raise ServiceUnavailable("circuit open")
        if state == "half-open":
            self._trial_running = True

    def record_success(self) -> None:
        self.failures = 0
        self.opened_at = None
        self._trial_running = False

    def record_failure(self) -> None:
        self.failures += 1
        self._trial_running = False
        if self.failures >= self.threshold or self.opened_at is not None:
            self.opened_at = time.monotonic()


class ServiceClient:
    def __init__(
        self,
        name: str,
        base_url: str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 2.0,
        retries: int = 2,
        backoff: float = 0.05,
        breaker: CircuitBreaker | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self.retries = retries
        self.backoff = backoff
        self.breaker = breaker or CircuitBreaker()
        self._client = httpx.AsyncClient(
            base_url=base_url,
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 1.0)),
            headers=headers,
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=50),
        )

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """Return the response for 2xx/3xx; raise ServiceError (4xx) or ServiceUnavailable."""
        method = method.upper()
        attempts = 1 + (self.retries if method in IDEMPOTENT else 0)
        last_error: Exception | None = None
        for attempt in range(1, attempts + 1):
            self.breaker.before_call()
            try:
                response = await self._client.request(
                    method,
                    path,
                    params=params,
                    json=json,
                    headers=inject_headers(dict(headers or {})),
                )
            except httpx.HTTPError as exc:
                self.breaker.record_failure()
                last_error = exc
            else:
                if response.status_code < 500:
                    self.breaker.record_success()
                    if response.status_code >= 400:
                        raise ServiceError(response.status_code, _problem(response))
                    return response
                self.breaker.record_failure()
                last_error = ServiceError(response.status_code, _problem(response))
            if attempt < attempts:
                await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
        log.warning("%s unavailable: %s", self.name, last_error)
        raise ServiceUnavailable(f"{self.name}: {last_error}") from last_error

    async def post_form(self, path: str, data: dict[str, str]) -> httpx.Response:
        """POST an `application/x-www-form-urlencoded` body (OAuth endpoints take them)
        and return the response for any status below 500, whose 4xx bodies the caller
        reads (OAuth errors are JSON 400/401s). Never retried: a code or a refresh token
        works once."""
        self.breaker.before_call()
        try:
            response = await self._client.post(path, data=data, headers=inject_headers({}))
        except httpx.HTTPError as exc:
            self.breaker.record_failure()
            raise ServiceUnavailable(f"{self.name}: {exc}") from exc
        if response.status_code >= 500:
            self.breaker.record_failure()
            raise ServiceUnavailable(f"{self.name}: {response.status_code}")
        self.breaker.record_success()
        return response

    async def within(self, seconds: float, call: Awaitable[T]) -> T:
        """Await a call to this service within a time budget (a page's, not the HTTP
        client's). Past it: ServiceUnavailable, counted as a failure by the circuit
        breaker, which then skips the service for a while."""
        try:
            return await asyncio.wait_for(call, timeout=seconds)
        except TimeoutError:
            self.breaker.record_failure()
            raise ServiceUnavailable(f"{self.name}: no answer within {seconds:.2f}s") from None

    async def get_json(self, path: str, **kwargs: Any) -> Any:
        return (await self.request("GET", path, **kwargs)).json()

    async def post_json(self, path: str, json: Any, **kwargs: Any) -> Any:
        return (await self.request("POST", path, json=json, **kwargs)).json()

    async def close(self) -> None:
        await self._client.aclose()


def _problem(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {"status": response.status_code, "title": response.reason_phrase}
    return body if isinstance(body, dict) else {"status": response.status_code}
