"""Every service package is hosted by the shop and guarded by the import contracts."""

from __future__ import annotations

import tomllib
from pathlib import Path

import bookbrew
from bookbrew.shop import SERVICES

PACKAGE = Path(bookbrew.__file__).parent
ROOT = PACKAGE.parent.parent


def service_packages() -> set[str]:
    return {p.parent.name for p in PACKAGE.glob("*/app.py")}


def test_every_service_package_is_registered_in_the_shop() -> None:
    assert service_packages() == set(SERVICES)


def test_every_service_is_in_the_import_contracts() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    modules = {f"bookbrew.{name}" for name in service_packages()}
    independence = next(c for c in contracts if c["type"] == "independence")
    forbidden = next(c for c in contracts if c["type"] == "forbidden")
    assert modules <= set(independence["modules"])
    assert modules <= set(forbidden["forbidden_modules"])


def test_ports_are_distinct_and_as_in_the_architecture() -> None:
    ports = {name: spec.port for name, spec in SERVICES.items()}
    assert len(set(ports.values())) == len(ports)
    assert ports["bff_web"] == 8000 and ports["bff_mobile"] == 8001
