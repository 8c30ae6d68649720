"""Calendar keys (UTC days, ISO weeks, months) and the split of a date range into whole
months plus the odd days, so long ranges read the monthly rollups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta


def day_of(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def week_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def month_of(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def date_row(day: date) -> dict[str, object]:
    return {"day": day, "week": week_of(day), "month": month_of(day), "year": day.year}


@dataclass(frozen=True)
class RangeSplit:
    """`[date_from, date_to]` as whole months `months` (first days, inclusive) and the
    day ranges before and after them."""

    day_ranges: tuple[tuple[date, date], ...]
    months: tuple[date, date] | None


def split_range(date_from: date, date_to: date) -> RangeSplit:
    first = month_of(date_from) if date_from.day == 1 else next_month(date_from)
    after = next_month(date_to)
    last_full = month_of(date_to) if after - timedelta(days=1) == date_to else None
    if last_full is None:
        last_full = month_of(month_of(date_to) - timedelta(days=1))
    if first > last_full:
        return RangeSplit(((date_from, date_to),), None)
    ranges = []
    if date_from < first:
        ranges.append((date_from, first - timedelta(days=1)))
    end_of_months = next_month(last_full) - timedelta(days=1)
    if end_of_months < date_to:
        ranges.append((end_of_months + timedelta(days=1), date_to))
    return RangeSplit(tuple(ranges), (first, last_full))
