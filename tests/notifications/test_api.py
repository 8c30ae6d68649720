"""The HTTP API: preferences, own push subscriptions only, template previews, and bad
input answered with 4xx problem documents on every endpoint."""

from __future__ import annotations

import pytest

from bookbrew.notifications.rendering import KINDS, LOCALES
from bookbrew.platform.devkeys import DevSigningKey
from tests.notifications.conftest import NotificationsUnderTest, registered

EXPO = {"kind": "expo", "token": "ExponentPushToken[aaaaaaaaaaaaaaaaaaaa]"}


async def test_preferences_default_from_consent_and_can_change(
    notifications: NotificationsUnderTest, customer_headers: dict[str, str]
) -> None:
    await notifications.publish(registered("customer-1", marketing_consent=True))
    mine = await notifications.client.get("/me/preferences", headers=customer_headers)
    assert mine.status_code == 200
    assert mine.json() == {
        "email": {"transactional": True, "marketing": True},
        "sms": {"transactional": False, "marketing": False},
        "push": {"transactional": True, "marketing": False},
        "phone": None,
    }
    changed = await notifications.client.patch(
        "/me/preferences",
        json={"email": {"marketing": False}, "push": {"marketing": True}, "phone": "+351912345678"},
        headers=customer_headers,
    )
    assert changed.status_code == 200
    assert changed.json()["email"] == {"transactional": True, "marketing": False}
    assert changed.json()["push"]["marketing"] is True
    assert changed.json()["phone"] == "+351912345678"
    cleared = await notifications.client.patch(
        "/me/preferences", json={"phone": ""}, headers=customer_headers
    )
    assert cleared.json()["phone"] is None


async def test_customers_see_and_remove_only_their_own_push_subscriptions(
    notifications: NotificationsUnderTest,
    customer_headers: dict[str, str],
    signing_key: DevSigningKey,
) -> None:
    other = {"Authorization": f"Bearer {signing_key.mint('customer-2', roles=['customer'])}"}
    created = await notifications.client.post(
        "/me/push-subscriptions", json=EXPO, headers=customer_headers
    )
    assert created.status_code == 201
    again = await notifications.client.post(
        "/me/push-subscriptions", json=EXPO, headers=customer_headers
    )
    assert again.status_code == 200 and again.json()["id"] == created.json()["id"]
    subscription_id = created.json()["id"]

    assert (await notifications.client.get("/me/push-subscriptions", headers=other)).json() == []
    stolen = await notifications.client.delete(
        f"/me/push-subscriptions/{subscription_id}", headers=other
    )
    assert stolen.status_code == 404
    assert stolen.headers["content-type"] == "application/problem+json"
    gone = await notifications.client.delete(
        f"/me/push-subscriptions/{subscription_id}", headers=customer_headers
    )
    assert gone.status_code == 204
    assert (
        await notifications.client.get("/me/push-subscriptions", headers=customer_headers)
    ).json() == []


@pytest.mark.parametrize("locale", LOCALES)
async def test_every_template_previews_in_every_locale(
    notifications: NotificationsUnderTest, admin_headers: dict[str, str], locale: str
) -> None:
    for kind in KINDS:
        preview = await notifications.client.get(
            f"/admin/templates/{kind}/preview", params={"locale": locale}, headers=admin_headers
        )
        assert preview.status_code == 200, preview.text
        body = preview.json()
        assert body["locale"] == locale
        assert all(
            body[part].strip()
            for part in ("subject", "text", "html", "sms", "push_title", "push_body")
        )
        assert len(body["sms"]) <= 160 or kind in ("welcome", "verify_email")
        assert "<!DOCTYPE html>" in body["html"]
    html = await notifications.client.get(
        "/admin/templates/order_confirmed/preview",
        params={"locale": locale, "format": "html"},
        headers=admin_headers,
    )
    assert html.headers["content-type"].startswith("text/html")
    assert "Ethiopia Yirgacheffe &lt;Washed&gt;" in html.text  # sample data is escaped
    portuguese = "Obrigado" if locale == "pt-BR" else "Thank you"
    assert portuguese in html.text


async def test_preview_falls_back_to_the_closest_locale(
    notifications: NotificationsUnderTest, admin_headers: dict[str, str]
) -> None:
    for asked, resolved in (("pt", "pt-BR"), ("pt-PT", "pt-BR"), ("de-DE", "en")):
        preview = await notifications.client.get(
            "/admin/templates/welcome/preview", params={"locale": asked}, headers=admin_headers
        )
        assert preview.json()["locale"] == resolved
    catalog = await notifications.client.get("/admin/templates", headers=admin_headers)
    assert catalog.json() == {"kinds": list(KINDS), "locales": list(LOCALES)}


BAD_REQUESTS = [
    # (method, path, json body, who, expected status)
    ("GET", "/me/preferences", None, None, 401),
    ("GET", "/me/preferences", None, "admin", 403),
    ("GET", "/me/preferences", None, "stranger", 404),
    ("PATCH", "/me/preferences", {"email": {"transactional": False}}, "customer", 422),
    ("PATCH", "/me/preferences", {"phone": "12345"}, "customer", 422),
    ("PATCH", "/me/preferences", {"sms": {"transactional": "maybe"}}, "customer", 422),
    ("PATCH", "/me/preferences", {"fax": {"marketing": True}}, "customer", 422),
    ("PATCH", "/me/preferences", [1, 2], "customer", 422),
    ("POST", "/me/push-subscriptions", {"kind": "pager"}, "customer", 422),
    ("POST", "/me/push-subscriptions", {"kind": "expo", "token": "nope"}, "customer", 422),
    (
        "POST",
        "/me/push-subscriptions",
        {"kind": "webpush", "endpoint": "https://p.example"},
        "customer",
        422,
    ),
    (
        "POST",
        "/me/push-subscriptions",
        {
            "kind": "webpush",
            "endpoint": "not a url",
            "keys": {"p256dh": "x" * 87, "auth": "y" * 22},
        },
        "customer",
        422,
    ),
    ("POST", "/me/push-subscriptions", {**EXPO, "endpoint": "https://p.example"}, "customer", 422),
    ("POST", "/me/push-subscriptions", EXPO, None, 401),
    ("DELETE", "/me/push-subscriptions/no-such-id", None, "customer", 404),
    ("DELETE", "/me/push-subscriptions/bad%20id!", None, "customer", 422),
    ("GET", "/push/vapid-public-key", None, None, 404),  # Web Push disabled in these tests
    ("GET", "/unsubscribe", None, None, 422),
    ("GET", "/unsubscribe?token=forged.token.value", None, None, 400),
    ("POST", "/unsubscribe?token=forged.token.value", None, None, 400),
    ("GET", "/admin/templates", None, "customer", 403),
    ("GET", "/admin/templates/nope/preview", None, "admin", 422),
    ("GET", "/admin/templates/welcome/preview?locale=<script>", None, "admin", 422),
    ("GET", "/admin/templates/welcome/preview?format=pdf", None, "admin", 422),
    ("GET", "/admin/deliveries?status=lost", None, "admin", 422),
    ("GET", "/admin/deliveries?limit=0", None, "admin", 422),
    ("GET", "/admin/deliveries", None, "customer", 403),
    ("GET", "/admin/deliveries/no-such-id", None, "admin", 404),
    ("POST", "/admin/deliveries/no-such-id/retry", None, "admin", 404),
    ("POST", "/admin/digest/run", None, "customer", 403),
    ("POST", "/admin/digest/run", None, None, 401),
]


async def test_bad_input_gets_a_problem_document(
    notifications: NotificationsUnderTest,
    admin_headers: dict[str, str],
    customer_headers: dict[str, str],
    signing_key: DevSigningKey,
) -> None:
    await notifications.publish(registered("customer-1"))
    who = {
        None: {},
        "admin": admin_headers,
        "customer": customer_headers,
        "stranger": {"Authorization": f"Bearer {signing_key.mint('nobody', roles=['customer'])}"},
    }
    for method, path, body, caller, status in BAD_REQUESTS:
        response = await notifications.client.request(method, path, json=body, headers=who[caller])
        assert response.status_code == status, (method, path, body, response.text)
        assert response.headers["content-type"] == "application/problem+json", path
        problem = response.json()
        assert problem["status"] == status and problem["type"].startswith(
            "https://bookbrew.dev/problems/"
        )
    bad_json = await notifications.client.patch(
        "/me/preferences",
        content=b"{not json",
        headers={**customer_headers, "Content-Type": "application/json"},
    )
    assert bad_json.status_code == 422
