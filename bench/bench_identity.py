"""Identity benchmark, in one process on the embedded profile (SQLite, in-memory cache):

- access-token verification per second in a service (`platform.auth.TokenVerifier`,
  keys already cached, as after the first request);
- token issuance per second (client credentials through the token endpoint, over the
  in-process ASGI transport: Authlib, ES256 signing, the database transaction);
- password sign-in p50/p99 (the sign-in form post: throttling, argon2id verification,
  authorization code) at the configured argon2 cost, and one argon2id hash alone.

    .venv/bin/python bench/bench_identity.py [--verifications 5000] [--tokens 300] [--logins 40]

Why the cost: argon2id t=3, m=64 MiB, p=4 is RFC 9106's second recommended profile and
argon2-cffi's default. Guessing costs an attacker 64 MiB and ~3 passes per try, while a
sign-in stays far below the latency a person notices; the numbers printed here are the
check on this machine. Lower it only with this benchmark in hand.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
import time
from html import unescape
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bookbrew.customers.app import create_app  # noqa: E402
from bookbrew.customers.settings import CustomersSettings  # noqa: E402
from bookbrew.platform.auth import JwksSource, TokenVerifier  # noqa: E402
from bookbrew.platform.hub import Hub  # noqa: E402

PASSWORD = "correct horse battery staple"
CALLBACK = "http://localhost:8000/auth/callback"
CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def field(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no {name} in the page"
    return unescape(match.group(1))


async def main(verifications: int, tokens: int, logins: int) -> None:
    with tempfile.TemporaryDirectory() as data_dir:
        settings = CustomersSettings(
            data_dir=Path(data_dir),
            environment="test",
            public_url="http://customers",
            log_level="WARNING",
            login_attempts_per_ip_per_minute=10_000,
        )
        hub = Hub()
        app = create_app(settings, hub)
        hub.register("customers", app)
        async with hub.running([("customers", app)]):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://customers"
            ) as client:
                security = app.state.security
                started = time.perf_counter()
                await security.hash_password(PASSWORD)
                hash_ms = (time.perf_counter() - started) * 1000
                print(
                    f"argon2id t={settings.argon2_time_cost} m={settings.argon2_memory_kib} KiB "
                    f"p={settings.argon2_parallelism}: one hash {hash_ms:.0f} ms"
                )

                # Token issuance.
                started = time.perf_counter()
                token = ""
                for _ in range(tokens):
                    answer = await client.post(
                        "/oauth/token",
                        data={"grant_type": "client_credentials"},
                        auth=("orders", "orders-dev-secret"),
                    )
                    token = answer.json()["access_token"]
                elapsed = time.perf_counter() - started
                print(f"token issuance (client credentials): {tokens / elapsed:,.0f} tokens/s")

                # Verification in another service: JWKS fetched once, then cached.
                verifier = TokenVerifier(
                    JwksSource(url="http://customers/.well-known/jwks.json", transport=transport),
                    issuer=settings.token_issuer,
                    audience=settings.token_audience,
                )
                await verifier.verify(token)
                started = time.perf_counter()
                for _ in range(verifications):
                    await verifier.verify(token)
                elapsed = time.perf_counter() - started
                print(f"token verification (ES256): {verifications / elapsed:,.0f} tokens/s")

                # Password sign-in, the form post that checks the password.
                await client.post(
                    "/customers",
                    json={"email": "bench@example.org", "password": PASSWORD, "display_name": "B"},
                )
                params = {
                    "response_type": "code",
                    "client_id": "bookbrew-web",
                    "redirect_uri": CALLBACK,
                    "code_challenge": CHALLENGE,
                    "code_challenge_method": "S256",
                }
                durations = []
                for _ in range(logins):
                    page = (await client.get("/oauth/authorize", params=params)).text
                    form = {
                        "csrf_token": field(page, "csrf_token"),
                        "authorization_request": field(page, "authorization_request"),
                        "email": "bench@example.org",
                        "password": PASSWORD,
                    }
                    started = time.perf_counter()
                    answer = await client.post("/oauth/authorize", data=form)
                    durations.append((time.perf_counter() - started) * 1000)
                    assert answer.status_code == 302, answer.text
                print(
                    f"sign-in: p50 {statistics.median(durations):.0f} ms, "
                    f"p99 {percentile(durations, 0.99):.0f} ms over {logins}"
                )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verifications", type=int, default=5000)
    parser.add_argument("--tokens", type=int, default=300)
    parser.add_argument("--logins", type=int, default=40)
    args = parser.parse_args()
    asyncio.run(main(args.verifications, args.tokens, args.logins))
