"""The notifications service's contracts: a shopper's notification preferences and push
subscriptions (browser Web Push or an Expo push token), as the BFFs relay them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, model_validator

Base64Url = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+={0,2}$")]
# An Expo push token, as `getExpoPushTokenAsync` gives it.
ExpoPushToken = Annotated[
    str, Field(max_length=200, pattern=r"^Expo(nent)?PushToken\[[A-Za-z0-9_-]{10,100}\]$")
]


class ChannelChoice(BaseModel):
    transactional: bool
    marketing: bool


class NotificationPreferences(BaseModel):
    """Per channel, per category. E-mail for transactional messages (receipts,
    verification, order updates) is always on."""

    email: ChannelChoice
    sms: ChannelChoice
    push: ChannelChoice
    phone: str | None = Field(description="E.164 number for SMS, if given")


class ChannelChoiceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    transactional: bool | None = None
    marketing: bool | None = None


class NotificationPreferencesUpdate(BaseModel):
    """Only what is given changes. `phone: ""` forgets the number."""

    model_config = ConfigDict(extra="forbid")

    email: ChannelChoiceUpdate | None = None
    sms: ChannelChoiceUpdate | None = None
    push: ChannelChoiceUpdate | None = None
    phone: str | None = Field(default=None, pattern=r"^(\+[1-9][0-9]{6,14})?$")


class WebPushKeys(BaseModel):
    model_config = ConfigDict(extra="forbid")

    p256dh: Annotated[Base64Url, Field(min_length=80, max_length=100)]
    auth: Annotated[Base64Url, Field(min_length=16, max_length=32)]


class PushSubscriptionCreate(BaseModel):
    """A browser's `PushSubscription.toJSON()` (kind `webpush`) or an Expo push token."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["webpush", "expo"]
    endpoint: AnyHttpUrl | None = Field(default=None, max_length=1000)
    keys: WebPushKeys | None = None
    token: ExpoPushToken | None = None
    label: str | None = Field(default=None, max_length=100)

    @model_validator(mode="after")
    def _one_shape(self) -> PushSubscriptionCreate:
        if self.kind == "webpush" and (self.endpoint is None or self.keys is None or self.token):
            raise ValueError("a webpush subscription needs endpoint and keys, and no token")
        if self.kind == "expo" and (self.token is None or self.endpoint or self.keys):
            raise ValueError("an expo subscription needs a token, and no endpoint or keys")
        return self


class PushSubscription(BaseModel):
    id: str
    kind: str
    label: str | None
    created_at: datetime
