"""Fixtures for the orders tests: the embedded shop (SQLite, in-memory cache and bus)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bookbrew.platform.devkeys import DevSigningKey
from tests.orders.shop import Shop, running_shop


@pytest.fixture
async def shop(tmp_path: Path, jwks_file: Path, signing_key: DevSigningKey) -> AsyncIterator[Shop]:
    async with running_shop(tmp_path, jwks_file, signing_key) as running:
        yield running
