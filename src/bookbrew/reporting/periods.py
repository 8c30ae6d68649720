"""Calendar keys (UTC days, ISO weeks, months) and the split of a date range into whole
months plus the odd days, so long ranges read the monthly rollups; for the product
rollups, into signed year-to-date months, whole weeks and days (`plan_range`)."""

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


def previous_month(month: date) -> date:
    return month_of(month - timedelta(days=1))


def month_terms(first: date, last: date) -> tuple[tuple[date, int], ...]:
    """Whole months `first..last` as signed year-to-date months: with C(m) the totals
    since the beginning of time through month m, C(last) - C(first - 1) is every
    December year-to-date from `first`'s year to the year before `last`'s, plus `last`'s
    year-to-date, minus the year-to-date of the month before `first` when that month is
    in `first`'s year (else it cancels against the December before it)."""
    terms = [(date(year, 12, 1), 1) for year in range(first.year, last.year)]
    terms.append((last, 1))
    if first.month != 1:
        terms.append((previous_month(first), -1))
    return tuple(terms)


def week_split(
    low: date, high: date
) -> tuple[tuple[date, date] | None, tuple[tuple[date, date], ...]]:
    """`[low, high]` as whole ISO weeks (first and last Mondays, inclusive) and the days
    before and after them."""
    first = low if low.weekday() == 0 else low + timedelta(days=7 - low.weekday())
    last = week_of(high + timedelta(days=1)) - timedelta(days=7)  # Monday of the last whole week
    if last < first:
        return None, ((low, high),)
    days = []
    if low < first:
        days.append((low, first - timedelta(days=1)))
    if last + timedelta(days=6) < high:
        days.append((last + timedelta(days=7), high))
    return (first, last), tuple(days)


@dataclass(frozen=True)
class RangePlan:
    """`[date_from, date_to]` as signed year-to-date months (the whole months), whole
    ISO weeks and single days (the odd days around the months)."""

    month_terms: tuple[tuple[date, int], ...]
    week_ranges: tuple[tuple[date, date], ...]
    day_ranges: tuple[tuple[date, date], ...]


def plan_range(date_from: date, date_to: date) -> RangePlan:
    split = split_range(date_from, date_to)
    weeks: list[tuple[date, date]] = []
    days: list[tuple[date, date]] = []
    for low, high in split.day_ranges:
        whole, odd = week_split(low, high)
        if whole is not None:
            weeks.append(whole)
        days.extend(odd)
    terms = month_terms(*split.months) if split.months is not None else ()
    return RangePlan(terms, tuple(weeks), tuple(days))
