"""Step-up for the sensitive account changes (issue 13, item 5): enrolling or removing
MFA, new recovery codes, e-mail and password changes and erasure need a recent sign-in,
made with the second factor when the account has one; else 403 `step-up-required` with
an RFC 9470 challenge. A stolen long-lived session (a refreshed token keeps its
sign-in's `auth_time`) can do none of them."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pyotp
from sqlalchemy import update

from bookbrew.customers.models import CustomerRow, RefreshTokenRow
from bookbrew.customers.service.security import sha256_hex
from tests.customers.conftest import PASSWORD, CustomersUnderTest

MAX_AGE = 600  # step_up_max_age_seconds, the default


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def aged(customers: CustomersUnderTest, tokens: dict[str, Any]) -> dict[str, str]:
    """The sign-in behind `tokens` as if made an hour ago, its session kept alive (or
    stolen): the refresh gives an access token with the sign-in's old `auth_time`."""
    async with customers.db.sessions() as session:
        await session.execute(
            update(RefreshTokenRow)
            .where(RefreshTokenRow.token_hash == sha256_hex(tokens["refresh_token"]))
            .values(auth_time=int(time.time()) - 3600)
        )
        await session.commit()
    refreshed = await customers.client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
            "client_id": "bookbrew-web",
        },
    )
    assert refreshed.status_code == 200, refreshed.text
    return bearer(refreshed.json())


def assert_step_up(answer: httpx.Response, *, second_factor: bool) -> None:
    assert answer.status_code == 403, answer.text
    problem = answer.json()
    assert problem["type"].endswith("/step-up-required") and problem["max_age"] == MAX_AGE
    challenge = answer.headers["www-authenticate"]
    assert challenge.startswith('Bearer error="insufficient_user_authentication"')
    assert f"max_age={MAX_AGE}" in challenge
    if second_factor:
        assert problem["acr_values"] == "aal2" and 'acr_values="aal2"' in challenge
    else:
        assert "acr_values" not in problem and "acr_values" not in challenge


async def account(customers: CustomersUnderTest, customer_id: str) -> CustomerRow:
    async with customers.db.sessions() as session:
        row: CustomerRow | None = await session.get(CustomerRow, customer_id)
        assert row is not None
        return row


async def test_an_old_sign_in_can_change_nothing_sensitive(customers: CustomersUnderTest) -> None:
    ana = await customers.register("ana@example.org")
    old = await aged(customers, await customers.sign_in("ana@example.org"))
    # Still good for everyday things.
    assert (await customers.client.get("/customers/me", headers=old)).status_code == 200

    client = customers.client
    assert_step_up(await client.post("/customers/me/mfa/totp", headers=old), second_factor=False)
    assert_step_up(
        await client.post(
            "/customers/me/mfa/totp/confirmation", json={"code": "123456"}, headers=old
        ),
        second_factor=False,
    )
    assert_step_up(
        await client.put("/customers/me/email", json={"new_email": "x@example.org"}, headers=old),
        second_factor=False,
    )
    assert_step_up(
        await client.put(
            "/customers/me/password",
            json={"current_password": PASSWORD, "new_password": "another long passphrase"},
            headers=old,
        ),
        second_factor=False,
    )
    assert_step_up(await client.delete("/customers/me", headers=old), second_factor=False)

    row = await account(customers, ana)
    assert row.status == "active" and row.totp_secret_enc is None and not row.totp_enabled
    assert customers.security.open(row, "email") == "ana@example.org"
    # The password is unchanged: it still signs in.
    assert (await customers.sign_in("ana@example.org"))["access_token"]


async def test_a_fresh_sign_in_changes_password_and_email_without_a_second_factor(
    customers: CustomersUnderTest,
) -> None:
    """An account without MFA steps up with its password: a sign-in just made."""
    await customers.register("ana@example.org")
    fresh = await customers.customer_headers("ana@example.org")
    changed = await customers.client.put(
        "/customers/me/password",
        json={"current_password": PASSWORD, "new_password": "another long passphrase"},
        headers=fresh,
    )
    assert changed.status_code == 204, changed.text
    moved = await customers.client.put(
        "/customers/me/email", json={"new_email": "ana@new.example"}, headers=fresh
    )
    assert moved.status_code == 200 and moved.json()["email"] == "ana@new.example"


async def test_with_mfa_enrolled_only_a_recent_second_factor_will_do(
    customers: CustomersUnderTest,
) -> None:
    ana = await customers.register("ana@example.org")
    fresh_password = await customers.customer_headers("ana@example.org")
    started = await customers.client.post("/customers/me/mfa/totp", headers=fresh_password)
    assert started.status_code == 201, started.text
    secret = started.json()["secret"]
    confirmed = await customers.client.post(
        "/customers/me/mfa/totp/confirmation",
        json={"code": pyotp.TOTP(secret).now()},
        headers=fresh_password,
    )
    assert confirmed.status_code == 200, confirmed.text

    # One sign-in with the second factor: its own access token is fresh; refreshed after
    # an hour, the same sign-in is too old.
    with_mfa = await customers.sign_in("ana@example.org", totp_secret=secret)
    stepped_up, old_mfa = bearer(with_mfa), await aged(customers, with_mfa)

    # The password-only token of a minute ago no longer suffices; nor does the old one.
    client = customers.client
    for headers in (fresh_password, old_mfa):
        assert_step_up(
            await client.delete("/customers/me/mfa/totp", headers=headers), second_factor=True
        )
        assert_step_up(
            await client.post("/customers/me/mfa/recovery-codes", headers=headers),
            second_factor=True,
        )
        assert_step_up(
            await client.put(
                "/customers/me/email", json={"new_email": "x@example.org"}, headers=headers
            ),
            second_factor=True,
        )
        assert_step_up(await client.delete("/customers/me", headers=headers), second_factor=True)
    assert (await account(customers, ana)).totp_enabled

    codes = await client.post("/customers/me/mfa/recovery-codes", headers=stepped_up)
    assert codes.status_code == 200 and len(codes.json()["recovery_codes"]) == 10
    off = await client.delete("/customers/me/mfa/totp", headers=stepped_up)
    assert off.status_code == 204, off.text
    assert not (await account(customers, ana)).totp_enabled
