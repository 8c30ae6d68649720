from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from bookbrew.platform.settings import ServiceSettings


class ReportingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BOOKBREW_REPORTING_", extra="ignore")

    service_name: str = "reporting"
    # A confirmed order line is credited to the latest recommendation list that showed
    # the same SKU to the same customer at most this many days before confirmation.
    attribution_window_days: int = Field(default=7, ge=0, le=90)
    low_stock_threshold: int = Field(default=5, ge=0)
    # Longest date range a report accepts, so one request cannot scan the whole history
    # of every table at once by accident.
    max_range_days: int = Field(default=3 * 366, ge=1)
