"""Keep card numbers out of logs: a logging filter that masks anything that looks like
a primary account number (a Luhn-valid run of 13-19 digits, possibly grouped with
single spaces or dashes) and values given for a CVC, wherever they hide in a record:
the message and its arguments, `extra` fields, exception and stack text.

`install_card_scrubbing()` puts the filter on the root logger's handlers and also
scrubs every record as it is created (the record factory), so handlers added later
(pytest's caplog, a library's own) never see a number either. `extra` fields are set
after the factory runs, so those are masked by the handler filter only.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import Any

MASK_PREFIX = "****"

# Runs of digits joined by single spaces or dashes; which parts form a card number is
# decided below, group by group, so "qty 1 4242 4242 4242 4242" still masks the card.
_DIGIT_RUN = re.compile(r"(?<!\d)\d+(?:[ -]\d+)*")
_CVC = re.compile(
    r"""(?P<key>\b(?:cvc|cvv|cvc2|cvv2|cid|security[_ ]?code)\b["']?\s*[:=]\s*["']?)\d{3,4}""",
    re.IGNORECASE,
)
_RESERVED = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
}


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _mask_run(run: str) -> str:
    pieces = re.split(r"([ -])", run)  # digits, separator, digits, ...
    parts, separators = pieces[0::2], pieces[1::2]
    replaced: dict[int, str] = {}  # first group of a card → its mask
    swallowed: set[int] = set()  # the card's other groups
    start = 0
    while start < len(parts):
        length, found = 0, -1
        for end in range(start, len(parts)):
            length += len(parts[end])
            if length > 19:
                break
            if length >= 13 and luhn_valid("".join(parts[start : end + 1])):
                found = end  # keep going: the longest valid window wins
        if found < 0:
            start += 1
            continue
        replaced[start] = MASK_PREFIX + "".join(parts[start : found + 1])[-4:]
        swallowed.update(range(start + 1, found + 1))
        start = found + 1
    if not replaced:
        return run
    out = [replaced.get(0, parts[0])]
    for index in range(1, len(parts)):
        if index not in swallowed:
            out.append(separators[index - 1] + replaced.get(index, parts[index]))
    return "".join(out)


def scrub_text(text: str) -> str:
    """The text with card numbers reduced to their last four digits and CVCs hidden."""
    if not any(char.isdigit() for char in text):
        return text
    text = _DIGIT_RUN.sub(lambda match: _mask_run(match.group(0)), text)
    return _CVC.sub(lambda match: match.group("key") + "***", text)


def scrub_value(value: Any) -> Any:
    """Strings, and strings inside dicts, lists and tuples, scrubbed; the rest as is."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {key: scrub_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub_value(item) for item in value]
    if isinstance(value, tuple):
        return tuple(scrub_value(item) for item in value)
    return value


def scrub_record(record: logging.LogRecord) -> None:
    """Mask card numbers in the record, in place."""
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: logging reports it at emit time
        message = None
    if message is not None:
        clean = scrub_text(message)
        if clean != message:
            record.msg, record.args = clean, None
    for key, value in list(record.__dict__.items()):
        if key not in _RESERVED and not key.startswith("_"):
            record.__dict__[key] = scrub_value(value)
    if record.exc_info and not record.exc_text:
        text = logging.Formatter().formatException(record.exc_info)
        clean = scrub_text(text)
        if clean != text:
            # Formatters print `exc_text` when there is no `exc_info` to format again.
            record.exc_text, record.exc_info = clean, None
    elif record.exc_text:
        record.exc_text = scrub_text(record.exc_text)
    if record.stack_info:
        record.stack_info = scrub_text(record.stack_info)


class CardNumberFilter(logging.Filter):
    """Masks card numbers in every record it sees; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        scrub_record(record)
        return True


_lock = threading.Lock()
_previous_factory: Callable[..., logging.LogRecord] | None = None


def _scrubbing_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
    assert _previous_factory is not None
    record = _previous_factory(*args, **kwargs)
    scrub_record(record)
    return record


def install_card_scrubbing(logger: logging.Logger | None = None) -> CardNumberFilter:
    """Scrub every record of the process from now on (idempotent).

    Adds the filter to the handlers of `logger` (the root logger by default) that do not
    have it yet, and wraps the log record factory once."""
    global _previous_factory
    target = logger or logging.getLogger()
    with _lock:
        found = next(
            (
                existing
                for handler in target.handlers
                for existing in handler.filters
                if isinstance(existing, CardNumberFilter)
            ),
            None,
        )
        card_filter = found if isinstance(found, CardNumberFilter) else CardNumberFilter()
        for handler in target.handlers:
            if not any(isinstance(f, CardNumberFilter) for f in handler.filters):
                handler.addFilter(card_filter)
        if _previous_factory is None:
            _previous_factory = logging.getLogRecordFactory()
            logging.setLogRecordFactory(_scrubbing_factory)
    return card_filter


def uninstall_card_scrubbing(logger: logging.Logger | None = None) -> None:
    """Undo `install_card_scrubbing` (for tests)."""
    global _previous_factory
    target = logger or logging.getLogger()
    with _lock:
        for handler in target.handlers:
            for existing in list(handler.filters):
                if isinstance(existing, CardNumberFilter):
                    handler.removeFilter(existing)
        if _previous_factory is not None:
            logging.setLogRecordFactory(_previous_factory)
            _previous_factory = None
