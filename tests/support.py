"""Helpers for tests."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Any


async def eventually(
    predicate: Callable[[], Any | Awaitable[Any]], timeout: float = 10.0, interval: float = 0.05
) -> Any:
    """Poll an async or sync predicate until it is truthy; return its value."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = predicate()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(interval)


class TcpProxy:
    """A switchable TCP forwarder, to take a real broker "down" and back "up" for one
    client without touching the broker itself."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._server: asyncio.base_events.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        self._writers: set[asyncio.StreamWriter] = set()

    async def reserve_port(self) -> int:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        return self.port

    async def up(self) -> None:
        if not self.port:
            await self.reserve_port()
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)

    async def down(self) -> None:
        """Stop listening and cut every open connection."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None
        for writer in list(self._writers):
            writer.close()
        for pipe in list(self._pipes):
            pipe.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)
        self._pipes.clear()
        self._writers.clear()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._writers.update({writer, upstream_writer})
        for source, sink in ((reader, upstream_writer), (upstream_reader, writer)):
            task = asyncio.create_task(self._pipe(source, sink))
            self._pipes.add(task)
            task.add_done_callback(self._pipes.discard)

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()


def recommendation_list(
    recommendation_id: str, skus: Sequence[str], *, model_version: str = "m-7"
) -> dict[str, Any]:
    """A curation answer (picks, similar) of the contract's shape, for stand-ins."""
    from bookbrew.contracts.catalog import Money
    from bookbrew.contracts.curation import RecommendationList, RecommendedItem

    listed = RecommendationList(
        recommendation_id=recommendation_id,
        customer_id=None,
        context="home",
        strategy="model",
        model_version=model_version,
        generated_at=datetime(2026, 1, 1, tzinfo=UTC),
        items=[
            RecommendedItem(
                sku=sku,
                name=sku,
                category="coffee",
                price=Money(amount=1000, currency="EUR"),
                reason="alike",
                score=0.5,
                novel=False,
            )
            for sku in skus
        ],
    )
    return listed.model_dump(mode="json")
