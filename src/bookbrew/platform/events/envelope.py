"""The CloudEvents 1.0 envelope every BookBrew event travels in (structured JSON mode)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal
from uuid import uuid4

import orjson
from pydantic import BaseModel, ConfigDict, Field

CONTENT_TYPE = "application/cloudevents+json"


class CloudEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    specversion: Literal["1.0"] = "1.0"
    id: str = Field(default_factory=lambda: str(uuid4()))
    source: str
    type: str
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    datacontenttype: Literal["application/json"] = "application/json"
    subject: str | None = None
    data: dict[str, Any]
    # Distributed tracing extension (W3C trace context), also copied to message headers.
    traceparent: str | None = None

    def to_json(self) -> bytes:
        return orjson.dumps(self.model_dump(mode="json", exclude_none=True))

    @classmethod
    def from_json(cls, raw: bytes | str) -> CloudEvent:
        return cls.model_validate_json(raw)


def new_event(
    service: str,
    type_: str,
    data: BaseModel | dict[str, Any],
    *,
    subject: str | None = None,
    event_id: str | None = None,
) -> CloudEvent:
    """An event from `service`; pass `event_id` when it must be deterministic (so that a
    repeated command stages the same event and the outbox refuses the copy)."""
    from bookbrew.platform.observability import current_traceparent

    payload = data.model_dump(mode="json") if isinstance(data, BaseModel) else data
    return CloudEvent(
        id=event_id or str(uuid4()),
        source=f"/bookbrew/{service}",
        type=type_,
        subject=subject,
        data=payload,
        traceparent=current_traceparent(),
    )
