"""RFC 9457 problem details for every error a service returns."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_BASE = "https://bookbrew.dev/problems/"
PROBLEM_JSON = "application/problem+json"

log = logging.getLogger("bookbrew.problems")


class Problem(Exception):
    """Raise from any layer to answer with a problem document.

    `kind` becomes the stable `type` URI; `extra` members are added to the body.
    """

    def __init__(
        self,
        status: int,
        kind: str,
        detail: str,
        /,
        *,
        title: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.kind = kind
        self.title = title or HTTPStatus(status).phrase
        self.detail = detail
        self.headers = headers
        self.extra = extra


class NotFound(Problem):
    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(404, "not-found", detail, **extra)


class Conflict(Problem):
    def __init__(self, detail: str, kind: str = "conflict", **extra: Any) -> None:
        super().__init__(409, kind, detail, **extra)


def problem_response(
    request: Request,
    status: int,
    kind: str,
    title: str,
    detail: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + kind,
        "title": title,
        "status": status,
        "instance": request.url.path,
    }
    if detail:
        body["detail"] = detail
    # Extension members never overwrite the standard ones.
    body.update({k: v for k, v in extra.items() if k not in body})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _jsonable_errors(errors: Any) -> list[dict[str, Any]]:
    cleaned = []
    for error in errors:
        cleaned.append(
            {
                "loc": [str(part) for part in error.get("loc", ())],
                "msg": str(error.get("msg", "")),
                "type": str(error.get("type", "")),
            }
        )
    return cleaned


_KIND_BY_STATUS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation-error",
    429: "too-many-requests",
}


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(
            request, exc.status, exc.kind, exc.title, exc.detail, exc.headers, **exc.extra
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(
            request,
            422,
            "validation-error",
            "Your request is not valid",
            "One or more fields are missing or malformed; see `errors`.",
            errors=_jsonable_errors(exc.errors()),
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        kind = _KIND_BY_STATUS.get(exc.status_code, "http-error")
        detail = exc.detail if isinstance(exc.detail, str) else None
        return problem_response(
            request,
            exc.status_code,
            kind,
            HTTPStatus(exc.status_code).phrase,
            detail,
            getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(
            request,
            500,
            "internal-error",
            "Internal Server Error",
            "Something went wrong on our side.",
        )
