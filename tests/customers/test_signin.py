"""Sign-in: no user enumeration, brute force locked out with back-off, audit trail."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from bookbrew.customers.models import AuditRow
from bookbrew.customers.settings import CustomersSettings
from tests.customers.conftest import PASSWORD, WEB_CALLBACK, CustomersUnderTest, running


async def attempt(customers: CustomersUnderTest, email: str, password: str) -> tuple[int, str]:
    page, _, _ = await customers.authorize_page()
    answer = await customers.submit_login(page, email, password)
    error = answer.text.split('role="alert">')[1].split("<")[0] if "alert" in answer.text else ""
    return answer.status_code, error


async def audit_kinds(customers: CustomersUnderTest) -> list[str]:
    async with customers.db.sessions() as session:
        return list((await session.scalars(select(AuditRow.kind).order_by(AuditRow.id))).all())


async def test_wrong_password_and_unknown_email_get_the_same_answer(
    customers: CustomersUnderTest,
) -> None:
    await customers.register("ana@example.org")
    wrong_password = await attempt(customers, "ana@example.org", "not the password")
    unknown_email = await attempt(customers, "nobody@example.org", "not the password")
    assert wrong_password == unknown_email == (401, "Incorrect e-mail address or password.")


@pytest.mark.parametrize("cache", ["memory", "redis"])
async def test_brute_force_is_locked_out_with_back_off(
    cache: str,
    customers_settings: Callable[..., CustomersSettings],
    request: pytest.FixtureRequest,
    unique: str,
) -> None:
    cache_url = request.getfixturevalue("redis_url") if cache == "redis" else "memory://"
    settings = customers_settings(cache_url=cache_url, login_max_failures=3)
    async with running(settings) as customers:
        email = f"ana-{unique}@example.org"
        await customers.register(email)
        for _ in range(3):
            assert (await attempt(customers, email, "guess"))[0] == 401
        # Locked: even the right password is refused now, with a Retry-After.
        page, _, _ = await customers.authorize_page()
        locked = await customers.submit_login(page, email, PASSWORD)
        assert locked.status_code == 429 and "location" not in locked.headers
        assert 0 < int(locked.headers["retry-after"]) <= 30
        # An unknown address is locked out the same way: nothing to learn.
        for _ in range(3):
            await attempt(customers, f"ghost-{unique}@example.org", "guess")
        assert (await attempt(customers, f"ghost-{unique}@example.org", "guess"))[0] == 429
        kinds = await audit_kinds(customers)
        assert kinds.count("login.locked") == 2 and kinds.count("login.failed") >= 6


async def test_a_successful_sign_in_is_audited(customers: CustomersUnderTest) -> None:
    await customers.register("ana@example.org")
    await customers.sign_in("ana@example.org")
    assert "login.succeeded" in await audit_kinds(customers)


async def test_the_sign_in_page_may_post_on_to_the_registered_callbacks_only(
    customers: CustomersUnderTest,
) -> None:
    """Browsers apply `form-action` to the redirect after the post: the shop's callback
    origin must be allowed (sign-in and shop on two origins, as when distributed), and
    nothing else."""
    page, _, _ = await customers.authorize_page()
    policy = page.headers["content-security-policy"]
    form_action = next(d for d in policy.split("; ") if d.startswith("form-action"))
    allowed = customers.security.settings.web_redirect_uris
    origins = {f"{u.scheme}://{u.netloc}" for u in map(urlsplit, allowed)}
    callback = urlsplit(WEB_CALLBACK)
    assert f"{callback.scheme}://{callback.netloc}" in origins
    assert form_action.split()[1] == "'self'" and set(form_action.split()[2:]) == origins
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
