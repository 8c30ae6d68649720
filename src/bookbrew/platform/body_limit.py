"""A request body limit for every service (`MAX_BODY_BYTES`, 1 MiB by default): a pure
ASGI middleware answering 413 with an RFC 9457 problem.

A `Content-Length` above the limit is refused before the app runs. A body without one
(chunked, or a length that lies) is counted as it streams in: the read that passes the
limit raises `BodyTooLarge` (an `HTTPException`, which FastAPI's body parsing lets
through), and from then on the answer is this middleware's 413, whatever the app makes
of the failed read."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bookbrew.platform.problems import problem_response

DEFAULT_MAX_BODY_BYTES = 1_048_576


@dataclass
class BodyLimit:
    """The limit of one app, set from its settings when its runtime starts."""

    max_bytes: int = DEFAULT_MAX_BODY_BYTES


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than {limit} bytes.")


async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    response = problem_response(
        Request(scope),
        413,
        "payload-too-large",
        "Content Too Large",
        f"The request body is larger than {limit} bytes.",
        headers={"Connection": "close"},
    )
    await response(scope, receive, send)


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, limit: BodyLimit | None = None) -> None:
        self.app = app
        self.limit = limit or BodyLimit()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit.max_bytes
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(scope, receive, send, limit)
            return

        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                raise BodyTooLarge(limit)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge(limit)
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                # Whatever the app made of the failed read (a 400, a 500), it is a 413.
                started = True
                await _refuse(scope, receive, send, limit)
            if exceeded:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            if started:
                return  # the 413 went out (or an answer had begun before the limit)
            started = True
            await _refuse(scope, receive, send, limit)
            return
        if exceeded and not started:
            await _refuse(scope, receive, send, limit)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses these; else the stream is counted
    return None
