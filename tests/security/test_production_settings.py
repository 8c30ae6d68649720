"""Production trusts only the identity service's keys and refuses development defaults
and the sandbox provider (issue 13, items 2 and 3): services started as processes with
production settings, and `bookbrew token` under any production setting."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from bookbrew.platform.crypto import generate_key_spec
from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.shop import SERVICES

STRONG = secrets.token_hex(32)


def _env(tmp_path: Path, service: str, **settings: str) -> dict[str, str]:
    """A clean environment: only this test's BOOKBREW_ settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOKBREW_")}
    prefix = f"BOOKBREW_{service.upper()}_"
    env |= {prefix + "DATA_DIR": str(tmp_path / service), "BOOKBREW_LOG_LEVEL": "WARNING"}
    env |= {prefix + key: value for key, value in settings.items()}
    return env


def _bookbrew(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bookbrew", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_service_refuses_a_local_jwks_file_in_production(
    service: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in list(os.environ):
        if name.startswith("BOOKBREW_"):
            monkeypatch.delenv(name)
    jwks = DevSigningKey.generate().write_jwks(tmp_path / "dev-jwks.json")
    with pytest.raises(ValidationError, match="JWKS_FILE is for development keys"):
        SERVICES[service].settings(environment="production", secret_key=STRONG, jwks_file=str(jwks))


def test_a_service_process_with_the_development_key_file_does_not_start(
    tmp_path: Path,
) -> None:
    jwks = DevSigningKey.load_or_create(tmp_path / "keys")
    jwks_file = jwks.write_jwks(tmp_path / "dev-jwks.json")
    env = _env(
        tmp_path,
        "catalog",
        ENVIRONMENT="production",
        SECRET_KEY=STRONG,
        JWKS_FILE=str(jwks_file),
    )
    started = _bookbrew("serve", "catalog", "--port", str(_free_port()), env=env)
    assert started.returncode != 0
    assert "JWKS_FILE is for development keys" in started.stderr


@pytest.mark.parametrize(
    "variable",
    ["BOOKBREW_ENVIRONMENT", "BOOKBREW_ORDERS_ENVIRONMENT", "BOOKBREW_BFF_WEB_ENVIRONMENT"],
)
def test_bookbrew_token_refuses_under_any_production_setting(variable: str, tmp_path: Path) -> None:
    env = _env(tmp_path, "catalog") | {variable: "production"}
    minted = _bookbrew("token", "--data-dir", str(tmp_path), env=env)
    assert minted.returncode != 0
    assert "refused in production" in minted.stderr and variable in minted.stderr
    assert not (tmp_path / "keys").exists()


def test_bookbrew_token_works_in_development(tmp_path: Path) -> None:
    minted = _bookbrew("token", "--data-dir", str(tmp_path), env=_env(tmp_path, "catalog"))
    assert minted.returncode == 0, minted.stderr
    assert minted.stdout.count(".") == 2  # a JWT


def test_payments_refuses_the_sandbox_in_production_unless_allowed(tmp_path: Path) -> None:
    production = {
        "ENVIRONMENT": "production",
        "SECRET_KEY": STRONG,
        "ENCRYPTION_KEYS": generate_key_spec("k1"),
    }
    refused = _bookbrew(
        "serve",
        "payments",
        "--port",
        str(_free_port()),
        env=_env(tmp_path, "payments", **production),
    )
    assert refused.returncode != 0
    assert "sandbox provider charges nothing" in refused.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def identity_key() -> Iterator[tuple[DevSigningKey, str]]:
    """A stand-in for the identity service's published JWKS: a real HTTP server
    serving one key's public half, and that key."""
    key = DevSigningKey.generate()
    body = json.dumps(key.jwks()).encode()

    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Jwks)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield key, f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
    finally:
        server.shutdown()


@pytest.fixture
def production_payments(tmp_path: Path, identity_key: tuple[DevSigningKey, str]) -> Iterator[str]:
    """Payments as a process with production settings and the sandbox allowed on
    purpose; its keys come from the identity JWKS URL only."""
    port = _free_port()
    env = _env(
        tmp_path,
        "payments",
        ENVIRONMENT="production",
        SECRET_KEY=STRONG,
        ENCRYPTION_KEYS=generate_key_spec("k1"),
        ALLOW_SANDBOX_IN_PRODUCTION="true",
        SANDBOX_SECRET=secrets.token_hex(32),
        JWKS_URL=identity_key[1],
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bookbrew", "serve", "payments", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.stderr.read() if process.stderr else b""
            try:
                if httpx.get(f"{url}/health/live", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "payments did not start"
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_production_trusts_only_the_identity_services_keys(
    production_payments: str, identity_key: tuple[DevSigningKey, str], tmp_path: Path
) -> None:
    def list_payments(token: str) -> httpx.Response:
        return httpx.get(
            f"{production_payments}/payments",
            params={"reference": "anything"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )

    development = DevSigningKey.load_or_create(tmp_path / "keys")
    refused = list_payments(development.mint("dev-admin", roles=["admin"]))
    assert refused.status_code == 401, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "unknown signing key" in refused.json()["detail"]
    accepted = list_payments(identity_key[0].mint("ops", roles=["admin"]))
    assert accepted.status_code == 200, accepted.text
