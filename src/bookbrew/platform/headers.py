"""Security headers on every response of every service, set once here (a pure ASGI
middleware that `create_service_app` installs outermost).

- `X-Content-Type-Options: nosniff`, a `Referrer-Policy` and `X-Frame-Options: DENY`
  on everything;
- a `Content-Security-Policy` with `frame-ancestors 'none'`: for HTML the app's page
  policy (the API docs get one that lets Swagger UI and ReDoc load), for SVG images a
  sandbox without scripts, for JSON and the rest a policy that allows nothing.

A header the response already carries wins: the sign-in pages and the web app set their
own CSP (`customers.api.oauth`, `bff_web.spa`), and a mounted app's answer passes the
embedded shop's root middleware unchanged. An app may also replace its default HTML
policy (`create_service_app(html_csp=...)`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REFERRER_POLICY = "strict-origin-when-cross-origin"

# Server-rendered pages without a policy of their own (e.g. notifications' unsubscribe
# page: inline styles, a form posting back to itself).
HTML_CSP = (
    "default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# FastAPI's Swagger UI and ReDoc: their bundles, fonts and an inline start-up script
# come from a CDN; requests ("Try it out") go to this origin.
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com; img-src 'self' data: https:; connect-src 'self'; "
    "worker-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# An SVG opened on its own is a document: no scripts, no requests, inline styles only.
IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"
# JSON, problems, plain text, metrics: nothing to load, never framed.
API_CSP = "default-src 'none'; frame-ancestors 'none'"


@dataclass
class HeaderPolicy:
    html_csp: str = HTML_CSP
    docs_csp: str = DOCS_CSP
    # Paths (below the app's mount) answered with `docs_csp`.
    docs_paths: frozenset[str] = field(default_factory=frozenset)
    referrer_policy: str = REFERRER_POLICY

    def csp_for(self, path: str, content_type: str) -> str:
        media = content_type.split(";", 1)[0].strip().lower()
        if media in ("text/html", "application/xhtml+xml"):
            return self.docs_csp if path in self.docs_paths else self.html_csp
        if media == "image/svg+xml":
            return IMAGE_CSP
        return API_CSP


def app_path(scope: Scope) -> str:
    """The path below the app's mount (`/docs` of `/svc/catalog/docs`)."""
    path: str = scope.get("path", "")
    root: str = scope.get("root_path", "")
    if root and path.startswith(root):
        return path[len(root) :] or "/"
    return path


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, policy: HeaderPolicy | None = None) -> None:
        self.app = app
        self.policy = policy or HeaderPolicy()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = app_path(scope)
        policy = self.policy

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", policy.referrer_policy)
                # frame-ancestors for browsers too old to know it
                headers.setdefault("X-Frame-Options", "DENY")
                if "content-security-policy" not in headers:
                    content_type = headers.get("content-type", "")
                    headers["Content-Security-Policy"] = policy.csp_for(path, content_type)
            await send(message)

        await self.app(scope, receive, send_with_headers)
