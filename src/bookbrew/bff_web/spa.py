"""The built web app (`web/dist`, from Vite) served at `/`: files as they are, hashed
assets under `/assets/` cacheable for a year, and `index.html` (never cached) for any
other GET the app routes itself, such as `/products/BK-001` or `/verify-email?token=…`.

It is installed as the router's *fallback*, not as a route: it only sees requests no
route or mount matched, so it can never shadow the APIs or the embedded shop's mounts
(`/mobile`, `/svc/…`, added after this app is built). Paths that belong to the APIs
keep their 404 problem."""

from __future__ import annotations

from pathlib import Path

from starlette.responses import FileResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from bookbrew.platform.single_page import file_under

# Never answered with the web app: a missing API resource is a 404 problem, not HTML.
RESERVED_PREFIXES = ("/api/", "/auth/", "/media/", "/health/", "/svc/", "/mobile/", "/docs/")
RESERVED_PATHS = frozenset(
    {
        "/api",
        "/auth",
        "/media",
        "/health",
        "/svc",
        "/mobile",
        "/metrics",
        "/openapi.json",
        "/docs",
        "/redoc",
    }
)
ASSETS = "/assets/"

# The web app's page: its own bundles, styles and fonts (Vite emits no inline script or
# style; React sets styles through the CSSOM), calls to this origin only, images from
# here, data: (the MFA QR code) or a product's absolute https URL, and never framed.
# Sign-in is a navigation to /auth/login, which form-action does not govern.
APP_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
    "font-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def reserved(path: str) -> bool:
    return path in RESERVED_PATHS or path.startswith(RESERVED_PREFIXES)


class SpaFallback:
    """An ASGI app for requests nothing else matched: the web app's files, else
    `not_found` (the router's own 404)."""

    def __init__(self, dist: Path, not_found: ASGIApp, *, asset_max_age: int) -> None:
        self.dist = dist.resolve()
        self.not_found = not_found
        self.asset_headers = {"Cache-Control": f"public, max-age={asset_max_age}, immutable"}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        index = self.dist / "index.html"
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or reserved(path)
            or not index.is_file()
        ):
            await self.not_found(scope, receive, send)
            return
        found = file_under(self.dist, path)
        if found is not None and found != index:
            headers = (
                self.asset_headers
                if path.startswith(ASSETS)
                else {"Cache-Control": "public, max-age=0, must-revalidate"}
            )
            await FileResponse(found, headers=headers)(scope, receive, send)
            return
        if path.startswith(ASSETS):  # a missing asset is a 404, not the app's page
            await self.not_found(scope, receive, send)
            return
        await FileResponse(
            index,
            media_type="text/html",
            headers={"Cache-Control": "no-cache", "Content-Security-Policy": APP_CSP},
        )(scope, receive, send)
