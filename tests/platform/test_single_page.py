"""The mobile app's web build at /m/ of the embedded shop: files, the page for client
routes with its CSP, problems for missing assets, and the app's sign-in callback known
to the identity service."""

from __future__ import annotations

from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

from bookbrew.platform.single_page import file_under
from bookbrew.shop import MOBILE_WEB_CSP, create_embedded_app


def build(dist: Path) -> None:
    (dist / "_expo/static/js/web").mkdir(parents=True)
    (dist / "index.html").write_text('<div id="root"></div><script src="/m/_expo/a.js"></script>')
    (dist / "_expo/static/js/web/entry-1.js").write_text("console.log(1)")
    (dist / "favicon.ico").write_bytes(b"\x00\x01")


async def test_the_mobile_web_build_is_served_under_m(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build(dist)
    app = create_embedded_app(tmp_path / "shop", seed=False, mobile_web_dist=dist)
    async with LifespanManager(app, startup_timeout=120):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://shop") as http:
            for route in ("/m/", "/m/products/BK-1", "/m/auth/callback"):
                page = await http.get(route)
                assert page.status_code == 200 and 'id="root"' in page.text, route
                assert page.headers["content-security-policy"] == MOBILE_WEB_CSP
            bundle = await http.get("/m/_expo/static/js/web/entry-1.js")
            assert bundle.text == "console.log(1)"
            assert "immutable" in bundle.headers["cache-control"]
            assert (await http.get("/m/favicon.ico")).content == b"\x00\x01"
            missing = await http.get("/m/_expo/static/js/web/gone.js")
            assert missing.status_code == 404
            assert missing.headers["content-type"] == "application/problem+json"
            escape = await http.get("/m/..%2F..%2Fpyproject.toml")
            assert "[project]" not in escape.text
            assert (await http.post("/m/")).status_code == 405
        customers = app.state.hub.app("customers")
        redirects = customers.state.runtime.settings.mobile_redirect_uris
        assert "http://127.0.0.1:8000/m/auth/callback" in redirects
        assert "bookbrew://auth/callback" in redirects


def test_files_outside_the_build_are_never_served(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "assets" / "app.js").write_text("ok")
    (tmp_path / "secret.txt").write_text("no")
    for path in (
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/\x00",
        "/assets",
    ):
        assert file_under(dist.resolve(), path) is None, path
    assert file_under(dist.resolve(), "/assets/app.js") == (dist / "assets" / "app.js").resolve()
