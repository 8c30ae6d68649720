"""BFF Web fixtures: the web BFF in front of a real catalog, in one hub."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bookbrew.bff_web.app import create_app
from bookbrew.bff_web.settings import BffWebSettings
from tests.bff_web.minishop import MiniShop, mini_shop


@pytest.fixture
async def shop(
    tmp_path: Path, jwks_file: Path, admin_headers: dict[str, str]
) -> AsyncIterator[MiniShop]:
    settings = BffWebSettings(data_dir=tmp_path / "bff_web", environment="test")
    async with mini_shop(
        tmp_path, jwks_file, admin_headers, name="bff_web", factory=create_app, settings=settings
    ) as running:
        yield running
