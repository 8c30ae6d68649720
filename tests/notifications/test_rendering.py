"""Pure template helpers: locale resolution and money formatting."""

from __future__ import annotations

import pytest

from bookbrew.notifications.rendering import Templates, format_money, resolve_locale, sample_context


@pytest.mark.parametrize(
    ("wanted", "resolved"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("pt-BR", "pt-BR"),
        ("pt_br", "pt-BR"),
        ("pt", "pt-BR"),
        ("fr", "en"),
        ("", "en"),
    ],
)
def test_locales_resolve_to_the_closest_supported_one(wanted: str, resolved: str) -> None:
    assert resolve_locale(wanted) == resolved


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "text"),
    [
        (123456, "EUR", "en", "€1,234.56"),
        (123456, "BRL", "pt-BR", "R$ 1.234,56"),
        (5, "USD", "en", "$0.05"),
        (-1999, "GBP", "en", "-£19.99"),
        (1000, "JPY", "en", "JPY 10.00"),
    ],
)
def test_money_is_formatted_per_locale(amount: int, currency: str, locale: str, text: str) -> None:
    assert format_money({"amount": amount, "currency": currency}, locale) == text


def test_a_missing_variable_fails_loudly_instead_of_rendering_blank() -> None:
    context = sample_context("order_confirmed", "http://shop.test")
    del context["order_number"]
    with pytest.raises(Exception, match="order_number"):
        Templates().render("order_confirmed", "en", context)


@pytest.mark.parametrize("locale", ["en", "pt-BR"])
def test_the_order_confirmation_shows_the_shipping_address(locale: str) -> None:
    context = sample_context("order_confirmed", "http://shop.test")
    context["shipping_address"] = {**context["shipping_address"], "region": "Lisboa <distrito>"}
    rendered = Templates().render("order_confirmed", locale, context)
    assert "  Ana Lima\n  Rua Augusta 100\n  3º Esq.\n  1100-053 Lisboa\n" in rendered.text
    assert "  Lisboa <distrito>\n  PT\n" in rendered.text
    assert "1100-053 Lisboa<br>Lisboa &lt;distrito&gt;<br>PT" in rendered.html


@pytest.mark.parametrize("absent", ["none", "missing"])
def test_an_order_confirmation_without_an_address_still_renders(absent: str) -> None:
    """Events of orders placed before addresses carry none; deliveries planned before
    this template change have no such variable at all."""
    context = sample_context("order_confirmed", "http://shop.test")
    if absent == "none":
        context["shipping_address"] = None
    else:
        del context["shipping_address"]
    rendered = Templates().render("order_confirmed", "en", context)
    assert "ship it to" not in rendered.text and "Rua Augusta" not in rendered.html
    assert "Total: €31.99" in rendered.text
