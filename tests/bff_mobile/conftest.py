"""BFF Mobile fixtures: the mobile BFF mounted at `/mobile` (as in the embedded shop)
in front of a real catalog, in one hub; it verifies the tests' tokens (`jwks_file`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bookbrew.bff_mobile.app import create_app
from bookbrew.bff_mobile.settings import BffMobileSettings
from tests.bff_web.minishop import MiniShop, mini_shop


@pytest.fixture
async def shop(
    tmp_path: Path, jwks_file: Path, admin_headers: dict[str, str]
) -> AsyncIterator[MiniShop]:
    settings = BffMobileSettings(
        data_dir=tmp_path / "bff_mobile", environment="test", jwks_file=str(jwks_file)
    )
    async with mini_shop(
        tmp_path,
        jwks_file,
        admin_headers,
        name="bff_mobile",
        factory=create_app,
        settings=settings,
        mount="/mobile",
    ) as running:
        yield running
