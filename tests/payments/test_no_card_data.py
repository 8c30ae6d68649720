"""No card number or CVC is stored or logged: every log record written while card
numbers go through the API (and one a careless library logs on purpose) is scanned,
and so is every table."""

from __future__ import annotations

import io
import logging
import time

import pytest
from sqlalchemy import text

from bookbrew.payments.providers.sandbox import SandboxProvider
from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.platform.scrubbing import scrub_text
from tests.payments.conftest import DECLINES, SCA, SUCCESS, PaymentsUnderTest

CARDS = [SUCCESS, SCA, *DECLINES]


def spaced(number: str) -> str:
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


async def test_no_card_number_in_any_log_or_table(
    payments: PaymentsUnderTest,
    customer_headers: dict[str, str],
    service_headers: dict[str, str],
    signing_key: DevSigningKey,
    caplog: pytest.LogCaptureFixture,
) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s %(exc_text)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    caplog.set_level(logging.DEBUG)
    try:
        for number in CARDS:
            response = await payments.pay(customer_headers, number=number, amount=1200)
            assert response.status_code in (201, 402)
        mfa = signing_key.mint(
            "customer-1", roles=["customer"], amr=["mfa"], auth_time=int(time.time())
        )
        for bad in (
            {"number": spaced(SUCCESS), "exp_month": 1, "exp_year": 2001, "cvc": "123"},
            {"number": SUCCESS, "exp_month": 13, "exp_year": 2030, "cvc": "999"},
            {"number": SUCCESS, "exp_month": 1, "exp_year": 2030, "cvc": "12345"},
            {"number": SUCCESS, "exp_month": 1, "exp_year": 2030, "cvc": "123", "x": 1},
        ):
            response = await payments.client.post(
                "/payment-methods", json=bad, headers={"Authorization": f"Bearer {mfa}"}
            )
            assert response.status_code == 422
        sneaky = await payments.client.post(
            "/payments",
            json={
                "amount": 100,
                "currency": "EUR",
                "reference": f"order {SUCCESS}",
                "payment_method": SUCCESS,
                "cvc": "123",
            },
            headers={**service_headers, "Idempotency-Key": SUCCESS},
        )
        assert sneaky.status_code == 422
        as_reference = await payments.client.post(
            "/payments",
            json={"amount": 100, "currency": "EUR", "reference": spaced(SUCCESS)},
            headers={**service_headers, "Idempotency-Key": "k-ref"},
        )
        assert as_reference.status_code == 422
        # A key is stored as its digest, so even a card number there is never kept.
        token = await payments.tokenize(customer_headers)
        keyed = await payments.client.post(
            "/payments",
            json={"amount": 100, "currency": "EUR", "reference": "o-9", "payment_method": token},
            headers={**customer_headers, "Idempotency-Key": SUCCESS},
        )
        assert keyed.status_code == 201
        # A careless library logging a card number and a CVC is masked too.
        logging.getLogger("careless.library").warning(
            "charging %s cvc=%s", spaced(SCA), "737", extra={"card": SUCCESS}
        )
        try:
            raise ValueError(f"bad card {SUCCESS}")
        except ValueError:
            logging.getLogger("careless.library").exception("failed")
    finally:
        root.removeHandler(handler)

    written = "\n".join(
        [stream.getvalue(), caplog.text]
        + [record.getMessage() + repr(record.__dict__) for record in caplog.records]
    )
    assert "careless.library" in written and "****3155" in written
    assert "cvc=737" not in written
    for number in CARDS:
        assert number not in written, number
        assert spaced(number) not in written, number

    async with payments.db.sessions() as session:
        tables = await session.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        dump = []
        for (table,) in tables.all():
            rows = (await session.execute(text(f'SELECT * FROM "{table}"'))).all()
            dump.extend(repr(row) for row in rows)
    stored = "\n".join(dump)
    assert "visa" in stored  # the brand and last four are kept …
    for number in CARDS:
        assert number not in stored  # … never the number


def test_sandbox_tokens_never_contain_a_card_number() -> None:
    # ~1 draw in 600 of the old format held a Luhn-valid run of 13+ digits, which orders
    # refuses as a card number: 6,000 tokens would have held about ten.
    provider = SandboxProvider(b"k" * 32)
    tokens = [provider.tokenize(SUCCESS, 12, 2034, "123").token for _ in range(6_000)]
    assert all(scrub_text(token) == token for token in tokens)
    assert len(set(tokens)) == len(tokens)
    assert provider.tokenize(SUCCESS, 12, 2034, "123").last4 == SUCCESS[-4:]


async def test_a_refund_larger_than_any_payment_is_a_422(
    payments: PaymentsUnderTest, service_headers: dict[str, str]
) -> None:
    answer = await payments.client.post(
        "/payments/pay_x/refunds",
        json={"amount": 2**120},
        headers={**service_headers, "Idempotency-Key": "refund-too-big"},
    )
    assert "amount" in answer.text
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
