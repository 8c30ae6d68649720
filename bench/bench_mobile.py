"""The mobile app's figures, for one signed-in shopper, against the embedded shop:

    .venv/bin/python bench/bench_mobile.py [--starts 15]

Starts `bookbrew up` in a throwaway data directory (e-mail written as files), makes and
verifies an account through BFF Mobile, then runs `mobile/bench/figures.spec.ts` in
Debian's Chromium at 390 x 844 over the app's web build (`mobile/dist`, exported first
if missing). Printed:

- BFF Mobile's signed-in home payload against BFF Web's for the same shopper at the same
  moment (JSON bytes, and gzipped at level 6 as a proxy would send them): goal <= 40%;
- the requests the app makes to BFF Mobile per screen (first home, home after sign-in,
  product, checkout from "Check out" to the confirmed order): goal one per screen;
- the web build's initial JavaScript, gzipped;
- time from a cold start (fresh browser context, nothing cached) to a rendered home,
  p50 and p95 (`performance.now()` when the best sellers show).
"""

from __future__ import annotations

import argparse
import email
import email.policy
import gzip
import html
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_http import BOOKBREW, ROOT, free_port, process, wait_settled

MOBILE = ROOT / "mobile"
PASSWORD = "a long walk to the coffee shop"
LINK = re.compile(r"https?://[^\s<>\"]+?/verify-email\?token=([A-Za-z0-9._~%-]+)")


def gz(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6))


def verification_token(data_dir: Path, address: str, timeout: float = 60) -> str:
    """The token of the verification link e-mailed to `address` (the `log` provider)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted((data_dir / "mail").glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if address not in str(message["To"]):
                continue
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    found = LINK.search(part.get_content())
                    if found:
                        return found.group(1)
        time.sleep(0.5)
    raise SystemExit(f"no verification e-mail to {address}")


def form_post(client: httpx.Client, page: httpx.Response, **fields: str) -> httpx.Response:
    """Submit the identity service's sign-in form with its hidden fields."""
    action = re.search(r'<form method="post" action="([^"]*)"', page.text)
    assert action, page.text[:500]
    data = {
        name: html.unescape(value)
        for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', page.text)
        if name in ("csrf_token", "authorization_request", "pending")
    }
    target = urljoin(str(page.url), html.unescape(action.group(1)))
    return client.post(target, data={**data, **fields})


def web_home(base: str, address: str) -> bytes:
    """BFF Web's home JSON for the shopper, signed in as a browser is (cookie session)."""
    with httpx.Client(base_url=base, timeout=30) as browser:
        start = browser.get("/auth/login", params={"return_to": "/"})
        page = browser.get(start.headers["location"])
        answer = form_post(browser, page, email=address, password=PASSWORD)
        assert answer.status_code == 302, answer.text[:500]
        callback = answer.headers["location"]
        assert parse_qs(urlsplit(callback).query).get("code"), callback
        browser.get(callback)
        assert browser.get("/api/session").json()["signed_in"]
        home = browser.get("/api/home")
        home.raise_for_status()
        return home.content


def initial_js(dist: Path) -> tuple[int, int]:
    """The scripts index.html loads: (bytes, gzipped bytes)."""
    page = (dist / "index.html").read_text()
    sources = re.findall(r'<script src="([^"]+)"', page)
    files = [dist / src.removeprefix("/m/").lstrip("/") for src in sources]
    raw = [f.read_bytes() for f in files]
    return sum(map(len, raw)), sum(map(gz, raw))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--starts", type=int, default=15, help="cold starts measured")
    args = parser.parse_args()
    if not (MOBILE / "dist" / "index.html").is_file():
        subprocess.run(["npm", "run", "export:web"], cwd=MOBILE, check=True)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    address = f"bench-{port}@example.com"
    with tempfile.TemporaryDirectory(prefix="bookbrew-bench-mobile-") as tmp:
        data = Path(tmp)
        env = {
            "BOOKBREW_LOG_LEVEL": "WARNING",
            "BOOKBREW_NOTIFICATIONS_EMAIL_PROVIDER": "log",
        }
        shop = [*BOOKBREW, "up", "--port", str(port), "--data-dir", str(data / "shop")]
        with process(shop, f"{base}/health/ready", env):
            wait_settled(f"{base}/metrics")
            made = httpx.post(
                f"{base}/mobile/api/register",
                json={"email": address, "password": PASSWORD, "display_name": "Bench"},
                timeout=30,
            )
            assert made.status_code == 202, made.text
            token = verification_token(data / "shop", address)
            verified = httpx.post(
                f"{base}/mobile/api/verify-email", json={"token": token}, timeout=30
            )
            assert verified.status_code == 200, verified.text

            out = data / "figures.json"
            subprocess.run(
                ["npx", "--no-install", "playwright", "test", "-c", "playwright.bench.config.ts"],
                cwd=MOBILE,
                check=True,
                env={
                    **os.environ,
                    "E2E_BASE_URL": base,
                    "BENCH_OUT": str(out),
                    "BENCH_EMAIL": address,
                    "BENCH_PASSWORD": PASSWORD,
                    "BENCH_STARTS": str(args.starts),
                },
            )
            figures = json.loads(out.read_text())
            web = web_home(base, address)

    mobile = figures["signedInHome"].encode()
    js_raw, js_gz = initial_js(MOBILE / "dist")
    starts = sorted(figures["startsMs"])
    p95 = starts[min(len(starts) - 1, round(0.95 * (len(starts) - 1)))]
    print("\nsigned-in home, same shopper     JSON bytes   gzipped")
    print(f"  BFF Web  /api/home             {len(web):>10,}  {gz(web):>8,}")
    print(f"  BFF Mobile /mobile/api/home    {len(mobile):>10,}  {gz(mobile):>8,}")
    ratio, ratio_gz = len(mobile) / len(web), gz(mobile) / gz(web)
    print(f"  mobile / web                   {ratio:>10.0%}  {ratio_gz:>8.0%}")
    print("\nrequests to BFF Mobile per screen")
    for label, key in (
        ("first home (signed out)", "homeRequests"),
        ("home after sign-in", "signedInRequests"),
        ("product", "productRequests"),
        ("checkout → confirmed order", "checkoutRequests"),
    ):
        calls = figures[key]
        print(f"  {label:<28} {len(calls):>3}  {', '.join(calls)}")
    print(f"\nweb build initial JavaScript: {js_raw:,} bytes, {js_gz:,} gzipped")
    print(
        f"cold start to rendered home ({len(starts)} starts): "
        f"p50 {statistics.median(starts):.0f} ms, p95 {p95:.0f} ms"
    )


if __name__ == "__main__":
    main()
