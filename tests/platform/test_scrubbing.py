"""The card-number scrubbing log filter."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bookbrew.platform.logging import JsonFormatter
from bookbrew.platform.scrubbing import (
    CardNumberFilter,
    install_card_scrubbing,
    luhn_valid,
    scrub_text,
    scrub_value,
    uninstall_card_scrubbing,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pay 4242424242424242 now", "pay ****4242 now"),
        ("4242 4242 4242 4242", "****4242"),
        ("4242-4242-4242-4242", "****4242"),
        ("amex 378282246310005.", "amex ****0005."),
        ("13 digits 4222222222222", "13 digits ****2222"),
        ("19 digits 6011000990139424000", "19 digits 6011000990139424000"),  # not Luhn
        ("qty 1 4242 4242 4242 4242 x", "qty 1 ****4242 x"),
        ("card4000002500003155", "card****3155"),
        ("4242424242424241", "4242424242424241"),  # fails Luhn
        ("order 12345678901234567890123", "order 12345678901234567890123"),  # too long
        ("2024-01-02 12:00:00", "2024-01-02 12:00:00"),
        ('{"cvc": "123"} cvv=4567 CVC: 999', '{"cvc": "***"} cvv=*** CVC: ***'),
        ("no digits at all", "no digits at all"),
    ],
)
def test_scrub_text(text: str, expected: str) -> None:
    assert scrub_text(text) == expected


def test_luhn() -> None:
    assert luhn_valid("4242424242424242")
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")


def test_scrub_value_walks_containers() -> None:
    value = {"a": ["4242424242424242", 7], "b": ("x 4000000000009995",), "c": None}
    assert scrub_value(value) == {"a": ["****4242", 7], "b": ("x ****9995",), "c": None}


def _record(msg: str, *args: object, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("t", logging.INFO, __file__, 1, msg, args, None)
    record.__dict__.update(extra)
    return record


def test_the_filter_masks_message_args_and_extras() -> None:
    record = _record("card %s", "4242 4242 4242 4242", body={"number": "4000000000009995"})
    assert CardNumberFilter().filter(record) is True
    assert record.getMessage() == "card ****4242"
    assert record.__dict__["body"] == {"number": "****9995"}


def test_untouched_records_keep_their_args() -> None:
    record = _record("order %s for %d", "o-1", 3)
    CardNumberFilter().filter(record)
    assert record.args == ("o-1", 3)


def test_exception_text_is_masked() -> None:
    try:
        raise ValueError("declined 4242424242424242")
    except ValueError:
        import sys

        record = logging.LogRecord("t", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    CardNumberFilter().filter(record)
    assert record.exc_info is None
    assert record.exc_text is not None
    assert "****4242" in record.exc_text and "4242424242424242" not in record.exc_text
    assert "****4242" in logging.Formatter().format(record)


@pytest.fixture
def installed() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    install_card_scrubbing()
    install_card_scrubbing()  # idempotent
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        uninstall_card_scrubbing()


def test_installed_it_scrubs_every_logger_and_later_handlers(
    installed: io.StringIO, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        logging.getLogger("some.library").info(
            "charging %s", "4000000000000069", extra={"pan": "4242424242424242"}
        )
    written = installed.getvalue()
    assert "****0069" in written and "****4242" in written
    assert "4000000000000069" not in written and "4242424242424242" not in written
    # caplog's handler was added after install: the record factory covered it.
    assert "4000000000000069" not in caplog.text
    handlers = logging.getLogger().handlers
    assert sum(isinstance(f, CardNumberFilter) for h in handlers for f in h.filters) >= 1
