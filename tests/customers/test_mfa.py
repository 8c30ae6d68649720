"""TOTP enrollment, second factor at sign-in, recovery codes, and step-up for
sensitive changes."""

from __future__ import annotations

import time

import jwt
import pyotp
from sqlalchemy import select

from bookbrew.customers.models import AuditRow
from tests.customers.conftest import PASSWORD, CustomersUnderTest, hidden


async def enroll(customers: CustomersUnderTest, headers: dict[str, str]) -> tuple[str, list[str]]:
    started = await customers.client.post("/customers/me/mfa/totp", headers=headers)
    assert started.status_code == 201, started.text
    secret = started.json()["secret"]
    uri = started.json()["provisioning_uri"]
    assert uri.startswith("otpauth://totp/BookBrew:") and f"secret={secret}" in uri
    confirmed = await customers.client.post(
        "/customers/me/mfa/totp/confirmation",
        json={"code": pyotp.TOTP(secret).now()},
        headers=headers,
    )
    assert confirmed.status_code == 200, confirmed.text
    return secret, confirmed.json()["recovery_codes"]


async def test_totp_enrollment_then_step_up_for_an_email_change(
    customers: CustomersUnderTest,
) -> None:
    await customers.register("ana@example.org")
    password_only = await customers.customer_headers("ana@example.org")

    secret, recovery_codes = await enroll(customers, password_only)
    assert len(recovery_codes) == 10
    profile = await customers.client.get("/customers/me", headers=password_only)
    assert profile.json()["mfa_enabled"] is True

    # With a second factor enrolled, a password-only sign-in, however recent, is not
    # enough for an e-mail change: step-up asks for the factor (RFC 9470).
    refused = await customers.client.put(
        "/customers/me/email", json={"new_email": "ana@new.example"}, headers=password_only
    )
    assert refused.status_code == 403 and refused.json()["type"].endswith("/step-up-required")
    challenge = refused.headers["www-authenticate"]
    assert "insufficient_user_authentication" in challenge and 'acr_values="aal2"' in challenge
    assert refused.json()["acr_values"] == "aal2" and refused.json()["max_age"] == 600

    # The next sign-in asks for the code; its token shows the second factor.
    tokens = await customers.sign_in("ana@example.org", totp_secret=secret)
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    assert {"otp", "mfa"} <= set(claims["amr"]) and claims["acr"] == "aal2"
    assert abs(claims["auth_time"] - time.time()) < 10
    stepped_up = {"Authorization": f"Bearer {tokens['access_token']}"}
    changed = await customers.client.put(
        "/customers/me/email", json={"new_email": "ana@new.example"}, headers=stepped_up
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["email"] == "ana@new.example" and not changed.json()["email_verified"]

    async with customers.db.sessions() as session:
        kinds = set((await session.scalars(select(AuditRow.kind))).all())
    assert {"mfa.enrolled", "account.email_changed"} <= kinds


async def test_a_wrong_code_is_refused_and_a_recovery_code_works_once(
    customers: CustomersUnderTest,
) -> None:
    await customers.register("ana@example.org")
    headers = await customers.customer_headers("ana@example.org")
    _, recovery_codes = await enroll(customers, headers)

    page, _, _ = await customers.authorize_page()
    mfa_page = await customers.submit_login(page, "ana@example.org", PASSWORD)
    fields = {
        name: hidden(mfa_page.text, name)
        for name in ("csrf_token", "authorization_request", "pending")
    }
    wrong = await customers.client.post("/oauth/authorize/mfa", data={**fields, "code": "000000"})
    assert wrong.status_code == 401 and "location" not in wrong.headers
    used = await customers.client.post(
        "/oauth/authorize/mfa", data={**fields, "code": recovery_codes[0]}
    )
    assert used.status_code == 302, used.text
    again = await customers.client.post(
        "/oauth/authorize/mfa", data={**fields, "code": recovery_codes[0]}
    )
    assert again.status_code == 401


async def test_the_pending_sign_in_cannot_be_forged(customers: CustomersUnderTest) -> None:
    await customers.register("ana@example.org")
    headers = await customers.customer_headers("ana@example.org")
    await enroll(customers, headers)
    page, _, _ = await customers.authorize_page()
    mfa_page = await customers.submit_login(page, "ana@example.org", PASSWORD)
    answer = await customers.client.post(
        "/oauth/authorize/mfa",
        data={
            "csrf_token": hidden(mfa_page.text, "csrf_token"),
            "authorization_request": hidden(mfa_page.text, "authorization_request"),
            "pending": hidden(mfa_page.text, "pending") + "x",
            "code": "123456",
        },
    )
    assert answer.status_code == 400 and "location" not in answer.headers
