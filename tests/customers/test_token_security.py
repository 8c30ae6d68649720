"""Bad access tokens are refused by the customers service's in-process verifier, each
case on its own; signing-key rotation keeps tokens of the old key valid (overlap)."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx
import jwt
from joserfc import jwt as jose_jwt

from tests.customers.conftest import CustomersUnderTest


def claims_for(customer_id: str, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": "bookbrew-identity",
        "aud": "bookbrew",
        "sub": customer_id,
        "client_id": "bookbrew-web",
        "scope": "profile",
        "roles": ["customer"],
        "iat": now,
        "exp": now + 300,
        "jti": "t1",
    }
    claims.update(overrides)
    return claims


def mint(customers: CustomersUnderTest, claims: dict[str, Any]) -> str:
    """Signed with the service's real current signing key."""
    keys = customers.security.keys.signing_key_set()
    return jose_jwt.encode({"alg": "ES256", "typ": "at+jwt"}, claims, keys)


async def me(customers: CustomersUnderTest, token: str) -> httpx.Response:
    return await customers.client.get("/customers/me", headers={"Authorization": f"Bearer {token}"})


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def test_a_well_formed_token_is_accepted(customers: CustomersUnderTest) -> None:
    customer_id = await customers.register("ana@example.org")
    assert (await me(customers, mint(customers, claims_for(customer_id)))).status_code == 200


async def test_an_expired_token_is_refused(customers: CustomersUnderTest) -> None:
    customer_id = await customers.register("ana@example.org")
    past = int(time.time()) - 3600
    token = mint(customers, claims_for(customer_id, iat=past - 300, exp=past))
    answer = await me(customers, token)
    assert answer.status_code == 401 and "expired" in answer.json()["detail"]
    assert answer.headers["www-authenticate"].startswith("Bearer")


async def test_a_tampered_token_is_refused(customers: CustomersUnderTest) -> None:
    victim = await customers.register("ana@example.org")
    attacker = await customers.register("bob@example.org")
    header, _, signature = mint(customers, claims_for(attacker)).split(".")
    forged = f"{header}.{b64(claims_for(victim))}.{signature}"
    assert (await me(customers, forged)).status_code == 401


async def test_an_alg_none_token_is_refused(customers: CustomersUnderTest) -> None:
    customer_id = await customers.register("ana@example.org")
    kid = customers.security.keys.current_kid
    unsigned = (
        f"{b64({'alg': 'none', 'typ': 'at+jwt', 'kid': kid})}.{b64(claims_for(customer_id))}."
    )
    answer = await me(customers, unsigned)
    assert answer.status_code == 401


async def test_a_token_for_another_audience_is_refused(customers: CustomersUnderTest) -> None:
    customer_id = await customers.register("ana@example.org")
    token = mint(customers, claims_for(customer_id, aud="someone-else"))
    assert (await me(customers, token)).status_code == 401


async def test_a_token_from_another_issuer_is_refused(customers: CustomersUnderTest) -> None:
    customer_id = await customers.register("ana@example.org")
    token = mint(customers, claims_for(customer_id, iss="https://evil.example"))
    assert (await me(customers, token)).status_code == 401


async def test_a_token_signed_by_an_unknown_key_is_refused(customers: CustomersUnderTest) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    customer_id = await customers.register("ana@example.org")
    stranger = ec.generate_private_key(ec.SECP256R1())
    token = jwt.encode(
        claims_for(customer_id), stranger, algorithm="ES256", headers={"kid": "stranger"}
    )
    assert (await me(customers, token)).status_code == 401


async def test_after_signing_key_rotation_old_tokens_verify_until_they_expire(
    customers: CustomersUnderTest, admin_headers: dict[str, str]
) -> None:
    await customers.register("ana@example.org")
    before = await customers.sign_in("ana@example.org")
    old_kid = jwt.get_unverified_header(before["access_token"])["kid"]

    rotated = await customers.client.post("/admin/signing-keys/rotation", headers=admin_headers)
    assert rotated.status_code == 200, rotated.text
    new_kid = rotated.json()["kid"]
    assert new_kid != old_kid

    jwks = (await customers.client.get("/.well-known/jwks.json")).json()
    assert {old_kid, new_kid} <= {key["kid"] for key in jwks["keys"]}
    assert (await me(customers, before["access_token"])).status_code == 200
    after = await customers.sign_in("ana@example.org")
    assert jwt.get_unverified_header(after["access_token"])["kid"] == new_kid
    assert (await me(customers, after["access_token"])).status_code == 200
