"""Jinja2 templates per message kind and locale.

Each kind has, per locale, `<kind>.txt` (the plain-text e-mail, plus the blocks
`subject`, `sms`, `push_title` and `push_body`) and `<kind>.html` (the HTML e-mail,
autoescaped, in the shared layout). Missing variables fail loudly (StrictUndefined)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape

KINDS = (
    "welcome",
    "verify_email",
    "order_confirmed",
    "order_shipped",
    "order_delivered",
    "order_cancelled",
    "payment_failed",
    "payment_refunded",
    "weekly_digest",
)
LOCALES = ("en", "pt-BR")
DEFAULT_LOCALE = "en"

_SYMBOLS = {"EUR": "€", "USD": "$", "BRL": "R$", "GBP": "£"}


def resolve_locale(wanted: str | None) -> str:
    """The closest supported locale: exact, then by language (pt, pt-PT → pt-BR), then en."""
    if not wanted:
        return DEFAULT_LOCALE
    wanted = wanted.replace("_", "-")
    for locale in LOCALES:
        if locale.lower() == wanted.lower():
            return locale
    language = wanted.split("-")[0].lower()
    for locale in LOCALES:
        if locale.split("-")[0].lower() == language:
            return locale
    return DEFAULT_LOCALE


def format_money(money: dict[str, Any], locale: str) -> str:
    amount, currency = int(money["amount"]), str(money["currency"]).upper()
    sign = "-" if amount < 0 else ""
    major, minor = divmod(abs(amount), 100)
    symbol = _SYMBOLS.get(currency, currency + " ")
    if locale == "pt-BR":
        grouped = f"{major:,}".replace(",", ".")
        return f"{sign}{symbol.strip()} {grouped},{minor:02d}"
    return f"{sign}{symbol}{major:,}.{minor:02d}"


def format_date(value: str | datetime, locale: str) -> str:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.strftime("%d/%m/%Y") if locale == "pt-BR" else moment.strftime("%d %b %Y")


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    sms: str
    push_title: str
    push_body: str


class Templates:
    def __init__(self) -> None:
        self.env = Environment(
            loader=PackageLoader("bookbrew.notifications", "templates"),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def render(self, kind: str, locale: str, context: dict[str, Any]) -> Rendered:
        if kind not in KINDS:
            raise LookupError(f"no template {kind!r}")
        locale = resolve_locale(locale)
        variables = {
            **context,
            "locale": locale,
            "money": lambda m: format_money(m, locale),
            "date": lambda d: format_date(d, locale),
        }
        text = self.env.get_template(f"{locale}/{kind}.txt")
        html = self.env.get_template(f"{locale}/{kind}.html")
        subject = _block(text, "subject", variables)
        return Rendered(
            subject=subject,
            text=text.render(variables).strip() + "\n",
            html=html.render({**variables, "subject": subject}),
            sms=_block(text, "sms", variables),
            push_title=_block(text, "push_title", variables),
            push_body=_block(text, "push_body", variables),
        )


def _block(template: Template, name: str, variables: dict[str, Any]) -> str:
    render = template.blocks[name]
    return " ".join("".join(render(template.new_context(variables))).split())


_ORDER = {
    "order_id": "8f14e45f-ceea-467f-a0e6-0a5f0b2a6f11",
    "order_number": "8F14E45F",
    "lines": [
        {
            "sku": "BK-0001",
            "name": "The Left Hand of Darkness",
            "quantity": 1,
            "unit_price": {"amount": 1299, "currency": "EUR"},
            "line_total": {"amount": 1299, "currency": "EUR"},
        },
        {
            "sku": "CF-0007",
            "name": "Ethiopia Yirgacheffe <Washed>",
            "quantity": 2,
            "unit_price": {"amount": 950, "currency": "EUR"},
            "line_total": {"amount": 1900, "currency": "EUR"},
        },
    ],
    "total": {"amount": 3199, "currency": "EUR"},
    "reason": None,
    "occurred_at": "2026-11-24T10:00:00+00:00",
    "shipping_address": {
        "recipient": "Ana Lima",
        "line1": "Rua Augusta 100",
        "line2": "3º Esq.",
        "city": "Lisboa",
        "postal_code": "1100-053",
        "region": None,
        "country": "PT",
    },
}


def sample_context(kind: str, shop_url: str) -> dict[str, Any]:
    """Plausible variables for the admin preview (and the template tests)."""
    base: dict[str, Any] = {
        "name": "Ana",
        "shop_url": shop_url,
        "unsubscribe_url": f"{shop_url}/unsubscribe?token=sample",
        "preferences_url": f"{shop_url}/account/notifications",
    }
    order = {**_ORDER, "order_url": f"{shop_url}/orders/{_ORDER['order_id']}"}
    samples: dict[str, dict[str, Any]] = {
        "welcome": {"verification_url": f"{shop_url}/verify-email?token=sample"},
        "verify_email": {"verification_url": f"{shop_url}/verify-email?token=sample"},
        "order_confirmed": order,
        "order_shipped": order,
        "order_delivered": order,
        "order_cancelled": {**order, "reason": "An item went out of stock."},
        "payment_failed": {
            **order,
            "amount": order["total"],
            "failure_message": "Your card was declined.",
        },
        "payment_refunded": {
            **order,
            "amount": order["total"],
            "refunded": {"amount": 1299, "currency": "EUR"},
        },
        "weekly_digest": {
            "picks": [
                {
                    "sku": "CF-0007",
                    "name": "Ethiopia Yirgacheffe Washed",
                    "price": {"amount": 950, "currency": "EUR"},
                    "url": f"{shop_url}/products/CF-0007",
                },
                {
                    "sku": "PF-0003",
                    "name": "Santal Dusk",
                    "price": {"amount": 8900, "currency": "EUR"},
                    "url": f"{shop_url}/products/PF-0003",
                },
            ]
        },
    }
    return {**base, **samples[kind]}
