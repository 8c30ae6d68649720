"""Calendar keys and range splitting."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from bookbrew.reporting.periods import (
    RangePlan,
    RangeSplit,
    month_terms,
    next_month,
    plan_range,
    split_range,
)


def test_a_range_splits_into_whole_months_and_odd_days() -> None:
    assert split_range(date(2026, 1, 15), date(2026, 4, 10)) == RangeSplit(
        ((date(2026, 1, 15), date(2026, 1, 31)), (date(2026, 4, 1), date(2026, 4, 10))),
        (date(2026, 2, 1), date(2026, 3, 1)),
    )
    assert split_range(date(2026, 2, 1), date(2026, 2, 28)) == RangeSplit(
        (), (date(2026, 2, 1), date(2026, 2, 1))
    )
    assert split_range(date(2026, 2, 2), date(2026, 2, 27)).months is None
    assert split_range(date(2025, 12, 31), date(2026, 1, 1)).months is None


def _covered(plan: RangePlan) -> Counter[date]:
    """How many times (signed) each day is counted by a plan's pieces."""
    counts: Counter[date] = Counter()

    def add(low: date, high: date, sign: int) -> None:
        day = low
        while day <= high:
            counts[day] += sign
            day += timedelta(days=1)

    for month, sign in plan.month_terms:  # a year-to-date row: January 1 to month's end
        add(date(month.year, 1, 1), next_month(month) - timedelta(days=1), sign)
    for first, last in plan.week_ranges:
        assert first.weekday() == 0 and last.weekday() == 0
        add(first, last + timedelta(days=6), 1)
    for low, high in plan.day_ranges:
        add(low, high, 1)
    return counts


def test_a_plan_counts_every_day_of_the_range_once_and_no_other() -> None:
    rng = random.Random(4)
    ranges = [
        (date(2024, 1, 1), date(2025, 12, 30)),
        (date(2025, 12, 31), date(2026, 1, 1)),
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 2), date(2026, 2, 8)),
        (date(2023, 3, 17), date(2026, 11, 2)),
    ]
    for _ in range(400):
        low = date(2023, 1, 1) + timedelta(days=rng.randrange(1200))
        ranges.append((low, low + timedelta(days=rng.choice((0, 6, 13, 40, 200, 400, 800)))))
    for low, high in ranges:
        plan = plan_range(low, high)
        counts = _covered(plan)
        assert {day for day, n in counts.items() if n} == {
            low + timedelta(days=n) for n in range((high - low).days + 1)
        }, (low, high)
        assert set(counts.values()) <= {0, 1}, (low, high)
        assert len(plan.month_terms) <= high.year - low.year + 2


def test_whole_months_are_a_few_year_to_date_rows() -> None:
    assert month_terms(date(2024, 3, 1), date(2025, 11, 1)) == (
        (date(2024, 12, 1), 1),
        (date(2025, 11, 1), 1),
        (date(2024, 2, 1), -1),
    )
    assert month_terms(date(2024, 1, 1), date(2024, 6, 1)) == ((date(2024, 6, 1), 1),)
    assert plan_range(date(2025, 12, 1), date(2025, 12, 30)) == RangePlan(
        (), ((date(2025, 12, 1), date(2025, 12, 22)),), ((date(2025, 12, 29), date(2025, 12, 30)),)
    )
