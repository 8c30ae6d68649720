"""What every service answers on its public port whatever the route: security headers,
a 413 problem for bodies above `MAX_BODY_BYTES` (declared or streamed), and `/metrics`
only on the metrics port (or, in development without one, to loopback peers)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from bookbrew.catalog.app import create_app
from bookbrew.catalog.settings import CatalogSettings
from bookbrew.platform.devkeys import DevSigningKey


def settings(tmp_path: Path, jwks_file: Path, **overrides: Any) -> CatalogSettings:
    return CatalogSettings(
        data_dir=tmp_path, jwks_file=str(jwks_file), environment="test", **overrides
    )


def client(app: Any, peer: str = "127.0.0.1") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(peer, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://catalog")


async def test_every_answer_carries_the_security_headers(tmp_path: Path, jwks_file: Path) -> None:
    app = create_app(settings(tmp_path, jwks_file))
    async with LifespanManager(app), client(app) as http:
        for path, csp in [
            ("/products", "default-src 'none'; frame-ancestors 'none'"),
            ("/no-such-route", "default-src 'none'; frame-ancestors 'none'"),
            ("/docs", "https://cdn.jsdelivr.net"),
        ]:
            answer = await http.get(path)
            assert answer.headers["x-content-type-options"] == "nosniff", path
            assert answer.headers["x-frame-options"] == "DENY", path
            assert answer.headers["referrer-policy"] == "strict-origin-when-cross-origin"
            assert csp in answer.headers["content-security-policy"], path
            assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


async def _chunks(body: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


async def test_bodies_above_the_limit_are_a_413_problem_declared_or_streamed(
    tmp_path: Path, jwks_file: Path, signing_key: DevSigningKey
) -> None:
    app = create_app(settings(tmp_path, jwks_file, max_body_bytes=2_000))
    admin = {"Authorization": f"Bearer {signing_key.mint('staff-1', roles=['admin'])}"}
    big = b'{"sku": "' + b"A" * 5_000 + b'"}'
    async with LifespanManager(app), client(app) as http:
        declared = await http.post("/admin/products", content=big, headers=admin)
        streamed = await http.post(
            "/admin/products",
            content=_chunks(big, 512),  # no Content-Length: counted as it arrives
            headers={**admin, "Content-Type": "application/json"},
        )
        for answer in (declared, streamed):
            assert answer.status_code == 413, answer.text
            assert answer.headers["content-type"] == "application/problem+json"
            assert answer.json()["type"].endswith("payload-too-large")
            assert answer.headers["x-content-type-options"] == "nosniff"
        # Under the limit, the same route answers as usual (here: a validation problem).
        small = await http.post("/admin/products", json={"sku": "x"}, headers=admin)
        assert small.status_code == 422


async def test_metrics_live_on_their_own_port_never_on_the_public_one(
    tmp_path: Path, jwks_file: Path
) -> None:
    app = create_app(settings(tmp_path, jwks_file, metrics_port=0, metrics_host="127.0.0.1"))
    async with LifespanManager(app), client(app) as http:
        await http.get("/products")
        assert (await http.get("/metrics")).status_code == 404
        port = app.state.runtime.metrics.port
        async with httpx.AsyncClient() as scraper:
            scraped = await scraper.get(f"http://127.0.0.1:{port}/metrics")
        assert scraped.status_code == 200
        assert (
            "bookbrew_http_requests_total{" in scraped.text and 'service="catalog"' in scraped.text
        )


async def test_without_a_metrics_port_only_loopback_peers_outside_production_see_metrics(
    tmp_path: Path, jwks_file: Path
) -> None:
    app = create_app(settings(tmp_path, jwks_file))
    async with LifespanManager(app):
        async with client(app, "127.0.0.1") as local, client(app, "203.0.113.9") as remote:
            assert (await local.get("/metrics")).status_code == 200
            outside = await remote.get("/metrics")
            assert outside.status_code == 404
            assert outside.headers["content-type"] == "application/problem+json"
