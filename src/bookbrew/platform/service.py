"""The shape every service app shares: problem handlers, security headers, a request
body limit, observability, health and metrics, built by each service's `create_app`
factory (the composition root). The limit and where metrics are served come from the
service's settings when its runtime starts (`platform.runtime`)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from bookbrew.platform.body_limit import BodyLimit, BodyLimitMiddleware
from bookbrew.platform.headers import HTML_CSP, HeaderPolicy, SecurityHeadersMiddleware
from bookbrew.platform.observability import ObservabilityMiddleware, metrics_response
from bookbrew.platform.problems import install_problem_handlers

ReadinessCheck = Callable[[], Awaitable[Any]]


def _operation_id(route: APIRoute) -> str:
    # Stable ids (the function name) so generated TypeScript clients keep their names.
    return route.name


def create_service_app(
    *,
    service: str,
    title: str,
    description: str,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]],
    version: str = "1.0.0",
    html_csp: str = HTML_CSP,
) -> FastAPI:
    """`html_csp`: the policy of HTML answers that set none themselves."""
    app = FastAPI(
        title=title,
        description=description,
        version=version,
        lifespan=lifespan,
        generate_unique_id_function=_operation_id,
        # Our own middleware traces, measures and logs each request with the project's
        # metric names; FastAPI's native telemetry would record every span a second time.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.service = service
    app.state.readiness = {}
    app.state.body_limit = BodyLimit()
    app.state.public_metrics = False  # until the runtime says otherwise
    install_problem_handlers(app)
    # Outermost last: headers on every answer (the 413s too), and the 413s measured.
    app.add_middleware(BodyLimitMiddleware, limit=app.state.body_limit)
    app.add_middleware(ObservabilityMiddleware, service=service)
    docs = frozenset(
        path for path in (app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url) if path
    )
    app.add_middleware(
        SecurityHeadersMiddleware, policy=HeaderPolicy(html_csp=html_csp, docs_paths=docs)
    )

    @app.get("/health/live", tags=["health"], operation_id="health_live")
    async def health_live() -> dict[str, str]:
        return {"status": "ok", "service": service}

    @app.get("/health/ready", tags=["health"], operation_id="health_ready")
    async def health_ready(request: Request) -> JSONResponse:
        checks: dict[str, ReadinessCheck] = request.app.state.readiness
        results = await asyncio.gather(
            *(asyncio.wait_for(check(), 2.0) for check in checks.values()), return_exceptions=True
        )
        report = {
            name: "ok"
            if not isinstance(result, BaseException)
            else f"failing: {type(result).__name__}"
            for name, result in zip(checks, results, strict=True)
        }
        healthy = all(value == "ok" for value in report.values())
        return JSONResponse(
            {"status": "ok" if healthy else "unavailable", "service": service, "checks": report},
            status_code=200 if healthy else 503,
        )

    app.add_route("/metrics", metrics_response, include_in_schema=False)
    return app
