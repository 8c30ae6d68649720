"""The apps' typed clients are generated from `web/openapi.json` and `mobile/openapi.json`:
each must be its BFF's spec as the code makes it now, or the client's types drift from
what the BFF answers. Regenerate with `bookbrew openapi bff_web > web/openapi.json`
(`bff_mobile > mobile/openapi.json`) and `npm --prefix web run gen:api` (`mobile`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bookbrew.cli import service_openapi

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("service", "saved"),
    [("bff_web", ROOT / "web" / "openapi.json"), ("bff_mobile", ROOT / "mobile" / "openapi.json")],
)
def test_saved_spec_is_the_live_one(service: str, saved: Path) -> None:
    live = json.loads(json.dumps(service_openapi(service)))
    assert json.loads(saved.read_text()) == live, (
        f"{saved.relative_to(ROOT)} is stale: run `bookbrew openapi {service} > "
        f"{saved.relative_to(ROOT)}` and regenerate the client's types"
    )
