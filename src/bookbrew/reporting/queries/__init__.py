"""Report queries, one module per subject. Each reads rollups with GROUP BY on their
leading (indexed) key columns and returns the report's rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Filter:
    date_from: date
    date_to: date
    category: str | None = None


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def rounded_division(total: int, count: int) -> int:
    """Integer division rounded half up (money averages stay in minor units)."""
    return (2 * total + count) // (2 * count) if count else 0
