"""The OAuth 2.0 flows over HTTP: code + PKCE, client credentials, refresh rotation with
reuse detection, revocation, discovery and JWKS."""

from __future__ import annotations

import httpx
import jwt
from sqlalchemy import select

from bookbrew.customers.models import AuditRow
from bookbrew.platform.auth import JwksSource, TokenVerifier
from tests.customers.conftest import WEB_CALLBACK, CustomersUnderTest, pkce_pair

SERVICE_AUTH = ("orders", "orders-dev-secret")


def verifier_over_http(customers: CustomersUnderTest) -> TokenVerifier:
    """What another service does: fetch the JWKS the customers app serves."""
    source = JwksSource(
        url="http://customers/.well-known/jwks.json",
        transport=httpx.ASGITransport(app=customers.app),
    )
    return TokenVerifier(source, issuer="bookbrew-identity", audience="bookbrew")


async def test_code_flow_with_pkce_issues_an_rfc9068_token_other_services_verify(
    customers: CustomersUnderTest,
) -> None:
    customer_id = await customers.register("ana@example.org")
    tokens = await customers.sign_in("ana@example.org", scope="profile orders")
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 300
    assert tokens["refresh_token"] and tokens["scope"] == "profile orders"

    header = jwt.get_unverified_header(tokens["access_token"])
    assert header["typ"] == "at+jwt" and header["alg"] == "ES256" and header["kid"]
    principal = await verifier_over_http(customers).verify(tokens["access_token"])
    assert principal.subject == customer_id
    assert principal.roles == frozenset({"customer"})
    assert principal.scopes == frozenset({"profile", "orders"})
    assert principal.client_id == "bookbrew-web"
    assert principal.amr == ("pwd",) and principal.acr == "aal1"
    claims = principal.claims
    assert claims["exp"] - claims["iat"] == 300 and claims["jti"] and claims["auth_time"]

    me = await customers.client.get(
        "/customers/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )
    assert me.status_code == 200 and me.json()["id"] == customer_id


async def test_the_mobile_client_uses_its_own_redirect_uri(customers: CustomersUnderTest) -> None:
    _, challenge = pkce_pair()
    page = await customers.client.get(
        "/oauth/authorize",
        params={
            "response_type": "code",
            "client_id": "bookbrew-mobile",
            "redirect_uri": "bookbrew://auth/callback",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
    )
    assert page.status_code == 200 and "Sign in to BookBrew" in page.text


async def test_public_clients_must_use_pkce_s256(customers: CustomersUnderTest) -> None:
    base = {
        "response_type": "code",
        "client_id": "bookbrew-web",
        "redirect_uri": WEB_CALLBACK,
        "state": "s1",
    }
    missing = await customers.client.get("/oauth/authorize", params=base)
    assert missing.status_code == 302
    assert (
        "error=invalid_request" in missing.headers["location"]
        and "state=s1" in missing.headers["location"]
    )
    plain = await customers.client.get(
        "/oauth/authorize",
        params={**base, "code_challenge": "a" * 43, "code_challenge_method": "plain"},
    )
    assert plain.status_code == 302 and "error=invalid_request" in plain.headers["location"]


async def test_a_wrong_code_verifier_or_a_second_use_of_the_code_fails(
    customers: CustomersUnderTest,
) -> None:
    await customers.register("ana@example.org")
    page, verifier, _ = await customers.authorize_page()
    answer = await customers.submit_login(page, "ana@example.org", "correct horse battery staple")
    code = httpx.URL(answer.headers["location"]).params["code"]
    exchange = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": WEB_CALLBACK,
        "client_id": "bookbrew-web",
    }
    wrong = await customers.client.post(
        "/oauth/token", data={**exchange, "code_verifier": pkce_pair()[0]}
    )
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"
    ok = await customers.client.post("/oauth/token", data={**exchange, "code_verifier": verifier})
    assert ok.status_code == 200, ok.text
    again = await customers.client.post(
        "/oauth/token", data={**exchange, "code_verifier": verifier}
    )
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


async def test_an_unregistered_redirect_uri_gets_an_error_page_not_a_redirect(
    customers: CustomersUnderTest,
) -> None:
    _, challenge = pkce_pair()
    answer = await customers.client.get(
        "/oauth/authorize",
        params={
            "response_type": "code",
            "client_id": "bookbrew-web",
            "redirect_uri": "https://evil.example/cb",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
    )
    assert answer.status_code == 400 and "location" not in answer.headers
    assert "evil.example" not in answer.text


async def test_the_sign_in_form_refuses_a_post_without_the_csrf_token(
    customers: CustomersUnderTest,
) -> None:
    await customers.register("ana@example.org")
    page, _, _ = await customers.authorize_page()
    customers.client.cookies.clear()
    answer = await customers.submit_login(page, "ana@example.org", "correct horse battery staple")
    assert answer.status_code == 403 and "location" not in answer.headers


async def test_client_credentials_give_a_service_token(customers: CustomersUnderTest) -> None:
    answer = await customers.client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=SERVICE_AUTH
    )
    assert answer.status_code == 200, answer.text
    assert "refresh_token" not in answer.json()
    principal = await verifier_over_http(customers).verify(answer.json()["access_token"])
    assert principal.subject == "orders" and principal.roles == frozenset({"service"})
    assert "customers.read" in principal.scopes

    wrong = await customers.client.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=("orders", "nope")
    )
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    public = await customers.client.post(
        "/oauth/token", data={"grant_type": "client_credentials", "client_id": "bookbrew-web"}
    )
    assert public.status_code in (400, 401)


async def refresh(customers: CustomersUnderTest, token: str) -> httpx.Response:
    return await customers.client.post(
        "/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": token, "client_id": "bookbrew-web"},
    )


async def test_refresh_tokens_rotate_and_reuse_revokes_the_whole_family(
    customers: CustomersUnderTest,
) -> None:
    customer_id = await customers.register("ana@example.org")
    first = await customers.sign_in("ana@example.org")
    rotated = await refresh(customers, first["refresh_token"])
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    claims = jwt.decode(second["access_token"], options={"verify_signature": False})
    assert claims["sub"] == customer_id and claims["scope"] == first["scope"]

    # The first token again: someone replayed it. Both it and its successor die.
    replay = await refresh(customers, first["refresh_token"])
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    successor = await refresh(customers, second["refresh_token"])
    assert successor.status_code == 400 and successor.json()["error"] == "invalid_grant"

    async with customers.db.sessions() as session:
        kinds = (await session.scalars(select(AuditRow.kind))).all()
    assert "token.refresh_reused" in kinds

    # Another sign-in (another family) is unaffected.
    fresh = await customers.sign_in("ana@example.org")
    assert (await refresh(customers, fresh["refresh_token"])).status_code == 200


async def test_revoking_a_refresh_token_ends_its_sign_in(customers: CustomersUnderTest) -> None:
    await customers.register("ana@example.org")
    tokens = await customers.sign_in("ana@example.org")
    revoked = await customers.client.post(
        "/oauth/revoke",
        data={
            "token": tokens["refresh_token"],
            "token_type_hint": "refresh_token",
            "client_id": "bookbrew-web",
        },
    )
    assert revoked.status_code == 200, revoked.text
    assert (await refresh(customers, tokens["refresh_token"])).status_code == 400
    # Unknown tokens are "revoked" too (RFC 7009 §2.2): nothing to learn from the answer.
    unknown = await customers.client.post(
        "/oauth/revoke", data={"token": "nonsense", "client_id": "bookbrew-web"}
    )
    assert unknown.status_code == 200


async def test_revoking_an_access_token_revokes_its_refresh_family(
    customers: CustomersUnderTest,
) -> None:
    await customers.register("ana@example.org")
    tokens = await customers.sign_in("ana@example.org")
    revoked = await customers.client.post(
        "/oauth/revoke",
        data={
            "token": tokens["access_token"],
            "token_type_hint": "access_token",
            "client_id": "bookbrew-web",
        },
    )
    assert revoked.status_code == 200, revoked.text
    assert (await refresh(customers, tokens["refresh_token"])).status_code == 400


async def test_discovery_metadata_and_jwks(customers: CustomersUnderTest) -> None:
    metadata = (await customers.client.get("/.well-known/oauth-authorization-server")).json()
    assert metadata["issuer"] == "bookbrew-identity"
    assert metadata["token_endpoint"] == "http://customers/oauth/token"
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert "client_credentials" in metadata["grant_types_supported"]
    jwks = (
        await customers.client.get(metadata["jwks_uri"].removeprefix("http://customers"))
    ).json()
    assert jwks["keys"] and all("d" not in key for key in jwks["keys"])
    assert {key["alg"] for key in jwks["keys"]} == {"ES256"}
