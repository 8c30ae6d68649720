"""A catalog app on a real database, driven over HTTP (in-process ASGI transport)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bookbrew.catalog.app import create_app
from bookbrew.catalog.settings import CatalogSettings
from bookbrew.platform.hub import Hub


class CatalogUnderTest:
    def __init__(self, app: FastAPI, client: httpx.AsyncClient, hub: Hub) -> None:
        self.app = app
        self.client = client
        self.hub = hub

    @property
    def db(self):  # type: ignore[no-untyped-def]
        return self.app.state.runtime.db


@pytest.fixture
def catalog_settings(tmp_path: Path, jwks_file: Path) -> Callable[..., CatalogSettings]:
    def make(**overrides: Any) -> CatalogSettings:
        return CatalogSettings(
            data_dir=tmp_path, jwks_file=str(jwks_file), environment="test", **overrides
        )

    return make


@pytest.fixture
async def catalog(
    catalog_settings: Callable[..., CatalogSettings],
) -> AsyncIterator[CatalogUnderTest]:
    hub = Hub()
    app = create_app(catalog_settings(), hub)
    hub.register("catalog", app)
    async with hub.running([("catalog", app)]):
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://catalog"
        ) as client:
            yield CatalogUnderTest(app, client, hub)


def product_body(sku: str, **overrides: Any) -> dict[str, Any]:
    """A valid product of each category, by SKU prefix."""
    base: dict[str, Any]
    if sku.startswith("BK"):
        base = {
            "category": "book",
            "name": "The Left Hand of Darkness",
            "attributes": {
                "authors": ["Ursula K. Le Guin"],
                "year": 1969,
                "genres": ["science-fiction"],
                "pages": 304,
            },
        }
    elif sku.startswith("PF"):
        base = {
            "category": "perfume",
            "name": "Santal Dusk",
            "attributes": {
                "brand": "Maison Test",
                "notes": {"top": ["bergamot"], "heart": ["iris"], "base": ["sandalwood"]},
                "family": "woody",
                "concentration": "Eau de Parfum",
            },
        }
    elif sku.startswith("CF"):
        base = {
            "category": "coffee",
            "name": "Ethiopia Yirgacheffe Washed",
            "attributes": {
                "origin": "Ethiopia",
                "process": "washed",
                "roast": "light",
                "flavor_notes": ["citrus", "floral"],
            },
        }
    else:
        base = {
            "category": "beverage",
            "name": "Darjeeling First Flush",
            "attributes": {"kind": "tea", "style": "black tea", "flavor_profile": ["muscatel"]},
        }
    body = {
        "sku": sku,
        "description": "A fine thing.",
        "price": {"amount": 1299, "currency": "EUR"},
        "stock": 10,
        "tags": ["demo"],
        **base,
    }
    body.update(overrides)
    return body
