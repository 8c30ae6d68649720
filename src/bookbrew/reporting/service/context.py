"""What the read models' consumers need besides the session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Ingest:
    """What the consumers need besides the session."""

    secret: bytes  # keys the customer reference hash
    attribution_window: timedelta
