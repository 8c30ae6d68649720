"""Request and response shapes of the notifications API that stay inside it (those a BFF
relays, preferences and push subscriptions, are in `bookbrew.contracts.notifications`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bookbrew.notifications.rendering import KINDS

Kind = Literal[KINDS]  # type: ignore[valid-type]


class VapidPublicKey(BaseModel):
    public_key: str = Field(description="applicationServerKey for pushManager.subscribe")


class TemplateCatalog(BaseModel):
    kinds: list[str]
    locales: list[str]


class TemplatePreview(BaseModel):
    kind: str
    locale: str
    subject: str
    text: str
    html: str
    sms: str
    push_title: str
    push_body: str


class Delivery(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    event_id: str
    event_type: str
    kind: str
    channel: str
    recipient: str
    customer_id: str
    category: str
    status: Literal["pending", "sent", "failed", "dead"]
    attempts: int
    next_attempt_at: datetime
    provider_message_id: str | None
    last_error: str | None
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None


class DigestRun(BaseModel):
    digest: str
    deliveries: int
