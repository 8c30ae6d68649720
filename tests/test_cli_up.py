"""`bookbrew up` on a port already taken stops at once with a clear message, before it
migrates or seeds anything; `bookbrew serve` the same."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield int(other.getsockname()[1])


def bookbrew(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bookbrew", *args],
        env={**os.environ, "BOOKBREW_DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=120,  # patience for a loaded machine; the figure is a second
    )


def test_up_on_a_taken_port_stops_before_starting_anything(taken_port: int, tmp_path: Path) -> None:
    data = tmp_path / "shop"
    answer = bookbrew("up", "--port", str(taken_port), data_dir=data)

    assert answer.returncode == 1
    assert f"cannot listen on 127.0.0.1:{taken_port}" in answer.stderr
    assert "Choose another port with --port" in answer.stderr
    assert "Traceback" not in answer.stderr
    assert not data.exists()  # nothing migrated, seeded or written


def test_distributed_up_checks_every_port_before_migrating(taken_port: int, tmp_path: Path) -> None:
    from bookbrew.shop import SERVICES

    catalog = SERVICES["catalog"].port
    data = tmp_path / "shop"
    answer = bookbrew(
        "up", "--distributed", "--port-offset", str(taken_port - catalog), data_dir=data
    )

    assert answer.returncode == 1
    assert f"cannot listen on 127.0.0.1:{taken_port}" in answer.stderr
    assert not data.exists()


def test_serve_on_a_taken_port_says_so(taken_port: int, tmp_path: Path) -> None:
    answer = bookbrew("serve", "catalog", "--port", str(taken_port), data_dir=tmp_path)

    assert answer.returncode == 1
    assert f"cannot listen on 127.0.0.1:{taken_port}" in answer.stderr
