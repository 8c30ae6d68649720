"""Calendar keys and range splitting."""

from __future__ import annotations

from datetime import date

from bookbrew.reporting.periods import RangeSplit, split_range


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
