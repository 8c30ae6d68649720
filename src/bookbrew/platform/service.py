"""The shape every service app shares: problem handlers, observability, health and
metrics, built by each service's `create_app` factory (the composition root)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

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
) -> FastAPI:
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
    install_problem_handlers(app)
    app.add_middleware(ObservabilityMiddleware, service=service)

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
