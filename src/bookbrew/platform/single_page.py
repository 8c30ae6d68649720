"""A built single-page app served from a folder under a mount (the Expo app's web
build at `/m/` in the embedded shop): its files as they are, the page for every other
path below the mount (the app's router takes it from there), a problem 404 for missing
hashed assets and when nothing is built.

Starlette's `StaticFiles(html=True)` serves the files but answers 404 for a client-side
route such as `/m/products/BK-1`; this is the fallback to the page it lacks."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse
from starlette.types import Receive, Scope, Send

from bookbrew.platform.headers import app_path
from bookbrew.platform.problems import problem_response

IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}


def file_under(dist: Path, relative: str) -> Path | None:
    """The file `relative` names inside `dist` (resolved), or None: nothing outside it
    (`..`, symlinks out), no NUL, no directory."""
    relative = relative.lstrip("/")
    if not relative or "\x00" in relative:
        return None
    candidate = (dist / relative).resolve()
    if not candidate.is_relative_to(dist) or not candidate.is_file():
        return None
    return candidate


class SinglePageApp:
    def __init__(self, dist: Path, *, csp: str, assets: str = "/_expo/") -> None:
        self.dist = dist.resolve()
        self.csp = csp
        self.assets = assets

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        relative = app_path(scope)
        index = self.dist / "index.html"
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            response = problem_response(Request(scope), 405, "method-not-allowed", "Not Allowed")
            await response(scope, receive, send)
            return
        found = file_under(self.dist, relative)
        if found is not None and found != index:
            hashed = relative.startswith(self.assets)
            headers = IMMUTABLE if hashed else {"Cache-Control": "public, max-age=0"}
            await FileResponse(found, headers=headers)(scope, receive, send)
            return
        if relative.startswith(self.assets) or not index.is_file():
            detail = (
                "Not built: run `npm run export:web` in mobile/." if not index.is_file() else None
            )
            response = problem_response(Request(scope), 404, "not-found", "Not Found", detail)
            await response(scope, receive, send)
            return
        await FileResponse(
            index,
            media_type="text/html",
            headers={"Cache-Control": "no-cache", "Content-Security-Policy": self.csp},
        )(scope, receive, send)
