"""The embedded profile's shared parts: one in-process event bus and in-process HTTP
transports to every hosted service app. In the distributed profile there is no hub;
services build RabbitMQ buses and reach each other by URL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import httpx
from starlette.types import ASGIApp

from bookbrew.platform.events.bus import InProcessBus


class Hub:
    def __init__(self) -> None:
        self.bus = InProcessBus()
        self._apps: dict[str, ASGIApp] = {}

    def register(self, name: str, app: ASGIApp) -> None:
        self._apps[name] = app

    def transport(self, name: str) -> httpx.AsyncBaseTransport:
        return _LazyASGITransport(self, name)

    def app(self, name: str) -> ASGIApp:
        try:
            return self._apps[name]
        except KeyError:
            raise LookupError(f"service {name!r} is not hosted in this process") from None

    @asynccontextmanager
    async def running(self, apps: list[tuple[str, object]]) -> AsyncIterator[None]:
        """Run the hosted apps' lifespans in order (dependencies first) and the bus."""
        async with AsyncExitStack() as stack:
            for _, app in apps:
                await stack.enter_async_context(app.router.lifespan_context(app))  # type: ignore[attr-defined]
            await self.bus.start()
            stack.push_async_callback(self.bus.close)
            yield


class _LazyASGITransport(httpx.AsyncBaseTransport):
    """Resolves the target app at call time, so clients can be built before every app is."""

    def __init__(self, hub: Hub, name: str) -> None:
        self._hub = hub
        self._name = name
        self._inner: httpx.ASGITransport | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            app = self._hub.app(self._name)
        except LookupError as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc
        # Looked up on every call, so a re-registered app takes over at once.
        if self._inner is None or self._inner.app is not app:
            # A crash inside the hosted app reaches the caller as that app's 500 response,
            # as it would over a socket, not as the raw exception.
            self._inner = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        return await self._inner.handle_async_request(request)
