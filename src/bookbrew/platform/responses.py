"""Serving read-mostly answers to clients (the BFFs): bodies cached as bytes through the
cache port, strong ETags with conditional GETs (`If-None-Match` → 304), Cache-Control,
URLs relative to the app's mount point, prices for display, and another service's
failure turned into the problem a client should see."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import httpx
import orjson
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict

from bookbrew.platform.cache import Cache
from bookbrew.platform.http import ServiceClient, ServiceError, ServiceUnavailable
from bookbrew.platform.problems import PROBLEM_BASE, PROBLEM_JSON, Problem, problem_response

log = logging.getLogger(__name__)

JSON = "application/json"


class ProblemDocument(BaseModel):
    """RFC 9457 problem details, as every error response carries them (for OpenAPI)."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": ProblemDocument.model_json_schema()}},
    }


def documented_problem(description: str) -> dict[str, Any]:
    """An OpenAPI response entry: `description`, with a problem document body."""
    return _problem(description)


# OpenAPI documentation of what a cached read endpoint can answer besides 200.
READ_RESPONSES: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the `If-None-Match` ETag is current"},
    400: _problem("Bad request (for example a cursor this listing did not produce)"),
    404: _problem("Not found"),
    422: _problem("A parameter is missing or malformed; see `errors`"),
    503: _problem("A service this answer needs is unavailable; see `Retry-After`"),
}


# ---- ETags and conditional requests -------------------------------------------------


def strong_etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 §13.1.2: `If-None-Match` uses the weak comparison, and `*` matches."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(
        candidate.strip().removeprefix("W/") == opaque for candidate in if_none_match.split(",")
    )


def conditional_response(
    request: Request,
    body: bytes,
    *,
    media_type: str = JSON,
    max_age: int,
    public: bool = True,
    headers: dict[str, str] | None = None,
) -> Response:
    """200 with the body, or 304 without one when the client already holds it. Both
    carry the ETag and Cache-Control, as RFC 9110 asks of a 304."""
    etag = strong_etag(body)
    headers = {
        **(headers or {}),
        "ETag": etag,
        "Cache-Control": f"{'public' if public else 'private'}, max-age={max_age}",
    }
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


# ---- the response cache -------------------------------------------------------------


def cache_key(route: str, request: Request, params: dict[str, Any]) -> str:
    """`route` plus the validated parameters, normalized: order-free, unset ones
    dropped, and the mount point included because bodies carry URLs under it."""
    normalized = {
        name: sorted(value) if isinstance(value, list | tuple | set) else value
        for name, value in params.items()
        if value is not None and value != [] and value != ()
    }
    normalized["@root"] = request.scope.get("root_path", "")
    digest = hashlib.sha256(orjson.dumps(normalized, option=orjson.OPT_SORT_KEYS)).hexdigest()
    return f"{route}:{digest[:40]}"


# Renders in flight, per event loop and cache key: concurrent misses share one.
_rendering: dict[tuple[int, str], asyncio.Future[bytes]] = {}


async def cached_body(
    cache: Cache, key: str, *, ttl_seconds: float, render: Callable[[], Awaitable[bytes]]
) -> bytes:
    """The cached body for `key`, else `render()`'s, stored for `ttl_seconds`.

    Concurrent misses for one key in this process render once and share the body (no
    stampede on the service behind when a popular entry expires). The cache only saves
    work: when it fails the answer is rendered anyway, so a Redis outage slows the BFF
    down instead of taking it down. Errors from `render` propagate to everyone waiting
    for that render, and nothing is stored."""
    try:
        body = await cache.get(key)
    except Exception:  # any adapter's failure: the port promises no error types
        log.warning("response cache unavailable; rendering %s", key, exc_info=True)
        return await render()
    if body is not None:
        return body
    loop = asyncio.get_running_loop()
    flight = (id(loop), key)
    pending = _rendering.get(flight)
    if pending is not None and pending.get_loop() is loop:
        try:
            return await asyncio.shield(pending)
        except asyncio.CancelledError:
            if not pending.cancelled():
                raise  # this request was cancelled, not the render it waited for
            return await render()  # the first asker went away mid-render
    future: asyncio.Future[bytes] = loop.create_future()
    _rendering[flight] = future
    try:
        body = await render()
    except asyncio.CancelledError:
        future.cancel()
        raise
    except BaseException as exc:
        future.set_exception(exc)
        future.exception()  # retrieved: no "never retrieved" warning without waiters
        raise
    finally:
        if _rendering.get(flight) is future:
            del _rendering[flight]
    future.set_result(body)
    try:
        await cache.set(key, body, ttl_seconds)
    except Exception:
        log.warning("response cache unavailable; %s not stored", key, exc_info=True)
    return body


async def cached_response(
    request: Request,
    cache: Cache,
    key: str,
    *,
    ttl_seconds: float,
    render: Callable[[], Awaitable[bytes]],
    media_type: str = JSON,
    max_age: int | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """Serve `render()`'s bytes through the cache, with ETag/304 and Cache-Control
    (max-age defaults to the cache TTL)."""
    body = await cached_body(cache, key, ttl_seconds=ttl_seconds, render=render)
    return conditional_response(
        request,
        body,
        media_type=media_type,
        max_age=int(ttl_seconds) if max_age is None else max_age,
        headers=headers,
    )


async def cached_json(
    request: Request,
    cache: Cache,
    key: str,
    *,
    ttl_seconds: float,
    build: Callable[[], Awaitable[BaseModel]],
    max_age: int | None = None,
) -> Response:
    """`cached_response` for a pydantic model, cached as its JSON bytes."""

    async def render() -> bytes:
        return (await build()).model_dump_json().encode()

    return await cached_response(
        request, cache, key, ttl_seconds=ttl_seconds, render=render, max_age=max_age
    )


# An image proxied from another service is served from this origin: keep any script
# an SVG might carry from running, and browsers from sniffing another type.
IMAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    "X-Content-Type-Options": "nosniff",
}


# ---- URLs and prices as clients show them -------------------------------------------


def mounted_url(request: Request, path: str) -> str:
    """`path` (starting with `/`) as a client reaches it through this app, whether it
    runs standalone or mounted under a prefix such as `/mobile`."""
    root: str = request.scope.get("root_path", "")
    return root.rstrip("/") + path


_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}
_MINOR_DIGITS = {"JPY": 0, "KRW": 0, "ISK": 0, "CLP": 0, "BHD": 3, "KWD": 3, "JOD": 3, "TND": 3}


def display_price(amount: int, currency: str) -> str:
    """Minor units as a shopper reads them: `€12.99`, `¥1500`, `12.50 CHF`."""
    digits = _MINOR_DIGITS.get(currency, 2)
    number = f"{Decimal(amount).scaleb(-digits):.{digits}f}"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


# ---- another service's failure, as the client's problem ------------------------------


def upstream_problem_kind(problem: dict[str, Any]) -> str:
    kind = str(problem.get("type", ""))
    return kind.removeprefix(PROBLEM_BASE) if kind.startswith(PROBLEM_BASE) else "upstream-error"


def install_upstream_problem_handlers(app: FastAPI, *, retry_after_seconds: int = 5) -> None:
    """Map what `ServiceClient` raises to problems: unavailable → 503 with Retry-After;
    a 4xx answer to the request the client made → the same status and problem type.
    A 401/403 means this service's own call was refused, which the client cannot fix,
    so it becomes a 502."""

    async def unavailable(request: Request, exc: Exception) -> JSONResponse:
        return problem_response(
            request,
            503,
            "service-unavailable",
            "Service Unavailable",
            "A service this answer needs is not responding; please try again shortly.",
            {"Retry-After": str(retry_after_seconds)},
        )

    async def refused(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ServiceError)
        if exc.status in (401, 403, 407):
            log.error("a service refused our call (%s): %s", exc.status, exc.problem)
            return problem_response(
                request, 502, "bad-gateway", "Bad Gateway", "A service refused this request."
            )
        extra = {"errors": exc.problem["errors"]} if "errors" in exc.problem else {}
        return problem_response(
            request,
            exc.status,
            upstream_problem_kind(exc.problem),
            str(exc.problem.get("title") or "Bad Request"),
            str(exc.problem["detail"]) if exc.problem.get("detail") else None,
            **extra,
        )

    app.add_exception_handler(ServiceUnavailable, unavailable)
    app.add_exception_handler(ServiceError, refused)


# ---- calls made on a signed-in user's behalf ----------------------------------------

# Problem members of another service's answer a client may act on (besides the standard
# ones): validation errors, and what a step-up or re-authentication asks for.
_RELAYED_MEMBERS = ("errors", "acr_values", "max_age")


def user_problem(exc: ServiceError) -> Problem:
    """A refusal of a call made with the *user's* token, as that user's problem: unlike
    `install_upstream_problem_handlers` (the BFF's own calls, where 401/403 are our
    fault), a 401 or 403 here is about the user's sign-in, so it keeps its status and
    type, and a `WWW-Authenticate` challenge is rebuilt for it (RFC 6750, RFC 9470)."""
    problem = exc.problem
    kind = upstream_problem_kind(problem)
    extra = {name: problem[name] for name in _RELAYED_MEMBERS if name in problem}
    headers: dict[str, str] | None = None
    if exc.status == 401:
        headers = {"WWW-Authenticate": 'Bearer realm="bookbrew"'}
    elif exc.status == 403 and kind in ("step-up-required", "reauthentication-required"):
        challenge = 'Bearer error="insufficient_user_authentication"'
        if "acr_values" in extra:
            challenge += f', acr_values="{extra["acr_values"]}"'
        if isinstance(extra.get("max_age"), int):
            challenge += f", max_age={extra['max_age']}"
        headers = {"WWW-Authenticate": challenge}
    detail = str(problem.get("detail") or problem.get("title") or "The request was refused.")
    title = str(problem.get("title") or "") or None
    return Problem(exc.status, kind, detail, title=title, headers=headers, **extra)


async def call_as_user(
    client: ServiceClient,
    method: str,
    path: str,
    token: str,
    *,
    params: dict[str, Any] | None = None,
    json: Any = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """Call another service with the user's bearer token; its 4xx problems become the
    user's (`user_problem`), its unavailability stays a `ServiceUnavailable` (→ 503)."""
    try:
        return await client.request(
            method,
            path,
            params=params,
            json=json,
            headers={**(headers or {}), "Authorization": f"Bearer {token}"},
        )
    except ServiceError as exc:
        raise user_problem(exc) from exc


def relay_json(response: httpx.Response, *, body: Any = None) -> Response:
    """Another service's JSON answer as this app's, status kept. Answers about one user
    are never stored by shared caches (`no-store`)."""
    content = response.content if body is None else orjson.dumps(body)
    return Response(
        content,
        status_code=response.status_code,
        media_type=JSON,
        headers={"Cache-Control": "private, no-store"},
    )
