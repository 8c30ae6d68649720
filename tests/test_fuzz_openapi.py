"""Fuzz every OpenAPI spec the embedded shop publishes (each service under `/svc/…`,
BFF Mobile under `/mobile`, BFF Web at the root) with schemathesis, anonymously and as
staff, with valid (positive) and invalid (negative) inputs: no answer may be a 5xx.

Bad input is a 4xx (CONTRIBUTING.md). The example count is small so the module stays a
CI-sized check (about a minute); `BOOKBREW_FUZZ_EXAMPLES` raises it for a deeper run.
Every 5xx of a spec is collected with a curl line to replay it, then reported at once.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.python import asgi as schemathesis_asgi  # noqa: E402

from bookbrew.bff_web.sessions import CSRF_HEADER, SESSION_COOKIE, Profile  # noqa: E402
from bookbrew.clients.identity import Tokens  # noqa: E402
from bookbrew.platform.devkeys import DevSigningKey  # noqa: E402
from bookbrew.shop import SERVICES, create_embedded_app  # noqa: E402

EXAMPLES = int(os.environ.get("BOOKBREW_FUZZ_EXAMPLES", "4"))
ANSWER_SECONDS = 30  # a hang is a failure too
ORIGIN = "http://localhost:8000"

# Where each app's spec is published in the embedded shop.
SPECS = {
    name: "/openapi.json" if spec.mount is None else f"{spec.mount}/openapi.json"
    for name, spec in SERVICES.items()
}

ENV = {
    # Cheap argon2 (bench/ measures the real cost).
    "BOOKBREW_CUSTOMERS_ARGON2_TIME_COST": "1",
    "BOOKBREW_CUSTOMERS_ARGON2_MEMORY_KIB": "1024",
    "BOOKBREW_CUSTOMERS_ARGON2_PARALLELISM": "1",
    "BOOKBREW_LOG_LEVEL": "CRITICAL",
}


@dataclass
class Caller:
    """What a request carries: nothing (anonymous), or a staff member's credentials."""

    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)


@dataclass
class FuzzedShop:
    app: Any
    callers: dict[str, dict[str, Caller]]  # mode -> spec name -> caller
    # Path parameters naming things that exist (a product, an order, its payment, …):
    # random ids only ever reach the 404, these let bodies and queries reach the code.
    known: dict[str, Any] = field(default_factory=dict)


def _seed(client: Any, staff: Caller) -> dict[str, Any]:
    """A product, a confirmed order (and its payment), a questionnaire response."""
    auth = staff.headers

    def ok(answer: Any, *codes: int) -> Any:
        assert answer.status_code in (codes or (200, 201)), answer.text
        return answer.json()

    sku = "FZ-COFFEE-1"
    ok(
        client.post(
            "/svc/catalog/admin/products",
            headers=auth,
            json={
                "sku": sku,
                "name": "Fuzzed Yirgacheffe",
                "category": "coffee",
                "price": {"amount": 1299, "currency": "EUR"},
                "stock": 1000,
                "attributes": {"origin": "Ethiopia", "process": "washed", "roast": "light"},
            },
        )
    )
    card = ok(
        client.post(
            "/svc/payments/payment-methods",
            headers=auth,
            json={"number": "4242424242424242", "exp_month": 12, "exp_year": 2034, "cvc": "123"},
        )
    )
    ok(client.post("/svc/orders/cart/lines", headers=auth, json={"sku": sku, "quantity": 1}))
    order = ok(
        client.post(
            "/svc/orders/checkout",
            headers={**auth, "Idempotency-Key": "fuzz-checkout-1"},
            json={
                "payment_method": card["token"],
                "shipping_address": {
                    "recipient": "Ada Lovelace",
                    "line1": "Unter den Linden 1",
                    "city": "Berlin",
                    "postal_code": "10117",
                    "country": "DE",
                },
            },
        )
    )
    assert order["status"] == "confirmed", order
    questionnaire = ok(client.get("/svc/questionnaire/questionnaires"))[0]
    response = ok(
        client.post(
            "/svc/questionnaire/responses",
            headers=auth,
            json={"questionnaire_key": questionnaire["key"]},
        )
    )
    return {
        "sku": sku,
        "category": "coffee",
        "order_id": order["id"],
        "payment_id": order["payment"]["id"],
        "customer_id": "fuzz-admin",
        "key": questionnaire["key"],
        "version": questionnaire["version"],
        "response_id": response["id"],
        "provider": "sandbox",
    }


def _staff(app: Any, data_dir: Path) -> dict[str, Caller]:
    """A staff member (roles admin and customer, a recent second factor), as every API
    takes one: a bearer token for the services and BFF Mobile (what `bookbrew token`
    mints), a signed-in session (cookie + CSRF token) for BFF Web."""
    key = DevSigningKey.load_or_create(data_dir / "keys")
    token = key.mint(
        "fuzz-admin",
        roles=["admin", "customer"],
        ttl_seconds=3600,
        amr=["pwd", "otp"],
        auth_time=int(time.time()),
    )
    bearer = Caller(headers={"Authorization": f"Bearer {token}"})
    profile = Profile(
        id="fuzz-admin",
        display_name="Fuzz",
        email="fuzz@example.com",
        roles=["admin", "customer"],
        mfa_enabled=True,
    )
    tokens = Tokens(access_token=token, refresh_token="", expires_at=time.time() + 3600, scope="")
    # The memory cache is plain data: the session can be stored from this thread.
    session_id, session = asyncio.run(app.state.sessions.create(tokens, profile))
    web = Caller(headers={CSRF_HEADER: session.csrf_token}, cookies={SESSION_COOKIE: session_id})
    return {name: web if name == "bff_web" else bearer for name in SPECS}


@pytest.fixture
def shop(tmp_path: Path) -> Iterator[FuzzedShop]:
    data_dir = tmp_path / "shop"
    with pytest.MonkeyPatch.context() as patch:
        for name, value in ENV.items():
            patch.setenv(name, value)
        app = create_embedded_app(data_dir, seed=False, public_url=ORIGIN)
        # schemathesis runs the app's lifespan (in its own event loop thread) from the
        # first request to the end of the test.
        with schemathesis_asgi.get_client(app) as client:
            assert client.get("/health/ready").status_code == 200
            staff = _staff(app, data_dir)
            known = _seed(client, staff["catalog"])
        callers = {"anonymous": dict.fromkeys(SPECS, Caller()), "staff": staff}
        try:
            yield FuzzedShop(app, callers, known)
        finally:
            schemathesis_asgi.shutdown_lifespans()


def _runs(operation: Any, known: dict[str, Any]) -> list[tuple[GenerationMode, Any]]:
    """Valid and invalid inputs with random ids, and again against things that exist
    when every path parameter has a known value (invalid ones only if there is a query
    or a body left to spoil)."""
    names = {parameter.name for parameter in operation.path_parameters.items}
    fixed = {name: known[name] for name in names if name in known}
    runs: list[tuple[GenerationMode, Any]] = [
        (GenerationMode.POSITIVE, None),
        (GenerationMode.NEGATIVE, None),
    ]
    if fixed and len(fixed) == len(names):
        runs.append((GenerationMode.POSITIVE, fixed))
        if operation.query.items or len(operation.body):
            runs.append((GenerationMode.NEGATIVE, fixed))
    return runs


def _probe(strategy: Any, where: str, caller: Caller, found: list[str]) -> None:
    """Send `EXAMPLES` cases of `strategy`; note every 5xx, crash or hang in `found`."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # the same cases on every run: a CI failure replays locally
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def probe(case: Any) -> None:
        replay = case.as_curl_command(headers=caller.headers)
        try:
            response = case.call(
                headers=caller.headers, cookies=caller.cookies, timeout=ANSWER_SECONDS
            )
        except requests.Timeout:
            found.append(f"no answer in {ANSWER_SECONDS} s: {where}: {replay}")
            return
        except Exception as exc:  # raised out of the app: a 500 behind a real server
            found.append(f"raised {exc!r}: {where}: {replay}")
            return
        if response.status_code >= 500:
            found.append(f"{response.status_code} {where}: {replay}\n  -> {response.text[:300]}")

    try:
        probe()
    except Unsatisfiable:
        pass  # nothing to make invalid (e.g. no parameters at all)


def _fuzz(schema: Any, caller: Caller, known: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode, fixed in _runs(operation, known):
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed)
            where = f"{operation.label} ({mode.value}{', known ids' if fixed else ''})"
            _probe(strategy, where, caller, found)
    return found


def test_no_input_makes_a_server_error(shop: FuzzedShop) -> None:
    # One test for every spec and caller: schemathesis' pytest plugin ends the ASGI
    # lifespans it started when a test ends, and the shop's state (the sandbox's
    # payments, BFF Web's sessions) lives in memory.
    errors: list[str] = []
    for mode, callers in shop.callers.items():
        for name, path in SPECS.items():
            schema = schemathesis.openapi.from_asgi(path, shop.app)
            found = _fuzz(schema, callers[name], shop.known)
            errors += [f"[{name}, {mode}] {error}" for error in found]
    assert not errors, f"{len(errors)} server error(s):\n" + "\n".join(errors)
