"""HTTP benchmark: BFF Web home and search on both profiles against a bare ASGI hello
endpoint served the same way (uvicorn, one process), with wrk at 32 connections.

    .venv/bin/python bench/bench_http.py [--duration 10] [--profiles embedded,distributed]

Prints requests per second, p50 and p99 latency, and each endpoint's throughput as a
share of hello's. Needs `wrk` (Debian package `wrk`); the distributed profile needs the
local MariaDB, Redis and RabbitMQ.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BOOKBREW = [sys.executable, "-m", "bookbrew"]


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_ready(url: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"not ready in time: {url}")


def wait_settled(metrics_url: str, quiet_seconds: float = 5, timeout: float = 180) -> None:
    """After a first start the shop is busy for a while (seed events consumed, text
    embeddings computed, a first model trained); measure the steady state instead:
    wait until no event has been consumed for `quiet_seconds`."""

    def consumed() -> float:
        text = httpx.get(metrics_url, timeout=5).text
        return sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("bookbrew_events_consumed_total{")
        )

    deadline = time.monotonic() + timeout
    last, since = consumed(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(1)
        now = consumed()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_seconds:
            return


@contextmanager
def process(args: list[str], ready_url: str, env: dict[str, str] | None = None) -> Iterator[None]:
    child = subprocess.Popen(
        args,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_ready(ready_url)
        yield
    finally:
        os.killpg(child.pid, signal.SIGTERM)
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)


_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(name: str, url: str, duration: int, connections: int = 32) -> Result:
    for _ in range(50):  # warm caches and connection pools first
        httpx.get(url, timeout=10)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise SystemExit(f"{name}: errors during the run\n{out}")
    latencies = {p: float(v) * _UNIT[u] for p, v, u in _LATENCY.findall(out)}
    return Result(name, rps, latencies["50"], latencies["99"])


def bench_hello(duration: int) -> Result:
    port = free_port()
    args = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.hello_app:app",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    with process(args, f"http://127.0.0.1:{port}/"):
        return wrk("hello (bare ASGI)", f"http://127.0.0.1:{port}/", duration)


def bench_shop(profile: str, duration: int, data_dir: Path) -> list[Result]:
    if profile == "embedded":
        port = free_port()
        args = [*BOOKBREW, "up", "--port", str(port), "--data-dir", str(data_dir)]
    else:
        port = 8000
        args = [*BOOKBREW, "up", "--distributed", "--data-dir", str(data_dir)]
    base = f"http://127.0.0.1:{port}"
    env = {"BOOKBREW_LOG_LEVEL": "WARNING"}
    with process(args, f"{base}/health/ready", env):
        wait_settled(f"{base}/metrics")
        return [
            wrk(f"{profile}: BFF Web home", f"{base}/api/home", duration),
            wrk(f"{profile}: BFF Web search", f"{base}/api/search?q=coffee", duration),
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--profiles", default="embedded,distributed")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    results = [bench_hello(options.duration)]
    with tempfile.TemporaryDirectory() as tmp:
        for profile in options.profiles.split(","):
            results += bench_shop(profile, options.duration, Path(tmp) / profile)
    hello = results[0].rps
    print(f"\n32 connections, {options.duration}s per endpoint, {os.cpu_count()} cores\n")
    print(f"{'endpoint':<34}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'vs hello':>10}")
    for r in results:
        print(f"{r.name:<34}{r.rps:>10.0f}{r.p50_ms:>10.2f}{r.p99_ms:>10.2f}{r.rps / hello:>10.0%}")


if __name__ == "__main__":
    main()
