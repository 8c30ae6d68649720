"""An embedded mini-shop for BFF tests: a real catalog (SQLite, in-process bus) hosted in
a hub, a handful of products created through its admin API, and one BFF calling it
through the hub's in-process transport. Used by the BFF Web and BFF Mobile tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from bookbrew.catalog.app import create_app as create_catalog
from bookbrew.catalog.settings import CatalogSettings
from bookbrew.platform.hub import Hub
from bookbrew.platform.settings import ServiceSettings


def _book(
    sku: str, name: str, authors: list[str], genres: list[str], **extra: Any
) -> dict[str, Any]:
    return {
        "sku": sku,
        "name": name,
        "category": "book",
        "attributes": {"authors": authors, "genres": genres, "year": 1970},
        **extra,
    }


PRODUCTS: list[dict[str, Any]] = [
    _book(
        "BK-001",
        "The Left Hand of Darkness",
        ["Ursula K. Le Guin"],
        ["science fiction"],
        popularity=90,
        stock=10,
        price={"amount": 1299, "currency": "EUR"},
        description="A human envoy visits the planet Gethen, whose people have no fixed sex. " * 5,
    ),
    _book(
        "BK-002",
        "The Dispossessed",
        ["Ursula K. Le Guin"],
        ["science fiction"],
        popularity=70,
        stock=3,
        price={"amount": 1150, "currency": "EUR"},
        description="An ambiguous utopia.",
    ),
    _book(
        "BK-003",
        "A Wizard of Earthsea",
        ["Ursula K. Le Guin"],
        ["fantasy"],
        popularity=50,
        stock=7,
        price={"amount": 999, "currency": "EUR"},
    ),
    _book(
        "BK-004",
        "Dune",
        ["Frank Herbert"],
        ["science fiction"],
        popularity=99,
        stock=0,
        price={"amount": 1499, "currency": "EUR"},
    ),
    _book(
        "BK-005",
        "Neuromancer",
        ["William Gibson"],
        ["science fiction", "cyberpunk"],
        popularity=40,
        stock=5,
        price={"amount": 1099, "currency": "EUR"},
        images=["https://images.example.org/neuromancer.jpg"],
    ),
    _book(
        "BK-006",
        "Middlemarch",
        ["George Eliot"],
        ["classics"],
        popularity=60,
        stock=4,
        price={"amount": 899, "currency": "EUR"},
        images=["/static/middlemarch.png"],
    ),
    {
        "sku": "PF-001",
        "name": "Cedar Dusk",
        "category": "perfume",
        "popularity": 30,
        "stock": 8,
        "price": {"amount": 8900, "currency": "EUR"},
        "attributes": {
            "brand": "Maison Nord",
            "family": "woody",
            "concentration": "Eau de Parfum",
            "notes": {"top": ["bergamot"], "heart": ["cedar"], "base": ["vetiver"]},
        },
    },
    {
        "sku": "PF-002",
        "name": "Citrus Veil",
        "category": "perfume",
        "popularity": 45,
        "stock": 8,
        "price": {"amount": 6500, "currency": "EUR"},
        "attributes": {
            "brand": "Maison Nord",
            "family": "citrus",
            "concentration": "Eau de Toilette",
            "notes": {"top": ["lemon"], "heart": [], "base": ["musk"]},
        },
    },
    {
        "sku": "CF-001",
        "name": "Yirgacheffe Kochere",
        "category": "coffee",
        "popularity": 80,
        "stock": 20,
        "price": {"amount": 1450, "currency": "EUR"},
        "tags": ["single origin"],
        "attributes": {
            "origin": "Ethiopia",
            "process": "washed",
            "roast": "light",
            "flavor_notes": ["jasmine", "lemon"],
        },
    },
    {
        "sku": "CF-002",
        "name": "Sumatra Mandheling",
        "category": "coffee",
        "popularity": 85,
        "stock": 20,
        "price": {"amount": 1350, "currency": "EUR"},
        "attributes": {"origin": "Indonesia", "process": "semi-washed", "roast": "dark"},
    },
    {
        "sku": "CF-003",
        "name": "Huila Dark",
        "category": "coffee",
        "popularity": 20,
        "stock": 20,
        "price": {"amount": 1200, "currency": "EUR"},
        "attributes": {"origin": "Colombia", "process": "washed", "roast": "dark"},
    },
    {
        "sku": "CF-004",
        "name": "Sidamo Natural",
        "category": "coffee",
        "popularity": 10,
        "stock": 20,
        "price": {"amount": 1600, "currency": "EUR"},
        "attributes": {"origin": "Ethiopia", "process": "natural", "roast": "light"},
    },
    {
        "sku": "BV-001",
        "name": "Sencha Asahi",
        "category": "beverage",
        "popularity": 25,
        "stock": 9,
        "price": {"amount": 1800, "currency": "EUR"},
        "attributes": {"kind": "tea", "style": "Green tea"},
    },
    {
        "sku": "BV-002",
        "name": "Dry Cider",
        "category": "beverage",
        "popularity": 35,
        "stock": 9,
        "price": {"amount": 450, "currency": "EUR"},
        "attributes": {"kind": "cider", "style": "Dry cider", "abv": 5.5},
    },
]


class CatalogSwitch:
    """Stands in front of the catalog in the hub: records every request the BFF makes
    and, when `down`, answers 503 the way a gateway with no healthy upstream does."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.requests: list[httpx.URL] = []
        self.down = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.requests.append(httpx.URL(path=scope["path"], query=scope["query_string"]))
            if self.down:
                await JSONResponse({"title": "no upstream"}, status_code=503)(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def calls(self, path: str) -> list[httpx.URL]:
        return [url for url in self.requests if url.path == path]


@dataclass
class MiniShop:
    client: httpx.AsyncClient
    catalog: CatalogSwitch
    bff: FastAPI
    hub: Hub
    admin: httpx.AsyncClient  # the catalog's admin API, with an admin token


BffFactory = Callable[[Any, Hub | None], FastAPI]


@asynccontextmanager
async def mini_shop(
    tmp_path: Path,
    jwks_file: Path,
    admin_headers: dict[str, str],
    *,
    name: str,
    factory: BffFactory,
    settings: ServiceSettings,
    mount: str | None = None,
    products: list[dict[str, Any]] = PRODUCTS,
) -> AsyncIterator[MiniShop]:
    """Run the catalog and the BFF `name` in one hub; yield a client of the BFF (under
    `mount` when given, as the embedded shop mounts BFF Mobile at `/mobile`)."""
    hub = Hub()
    catalog_app = create_catalog(
        CatalogSettings(
            data_dir=tmp_path / "catalog",
            jwks_file=str(jwks_file),
            environment="test",
            sweep_interval_seconds=3600,
        ),
        hub,
    )
    switch = CatalogSwitch(catalog_app)
    hub.register("catalog", switch)
    bff = factory(settings, hub)
    hub.register(name, bff)
    async with hub.running([("catalog", catalog_app), (name, bff)]):
        served: ASGIApp = bff if mount is None else Starlette(routes=[Mount(mount, app=bff)])
        async with (
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=catalog_app),
                base_url="http://catalog",
                headers=admin_headers,
            ) as admin,
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=served), base_url="http://test"
            ) as client,
        ):
            for product in products:
                created = await admin.post("/admin/products", json=product)
                assert created.status_code == 201, created.text
            yield MiniShop(client=client, catalog=switch, bff=bff, hub=hub, admin=admin)


def assert_problem(
    response: httpx.Response, status: int, kind: str | None = None
) -> dict[str, Any]:
    """An RFC 9457 problem with `status` (and the stable `type` ending in `kind`)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://bookbrew.dev/problems/")
    if kind is not None:
        assert body["type"].endswith("/" + kind), body
    return body
