"""The channel ports. Each adapter returns the provider's message id, or raises
`DeliveryFailed` (`permanent=True` when retrying cannot help: a bad address, a
subscription the push service has forgotten)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class DeliveryFailed(Exception):
    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PushMessage:
    title: str
    body: str
    data: dict[str, Any] = field(default_factory=dict)


class EmailSender(Protocol):
    async def send(self, message: OutgoingEmail) -> str: ...


class SmsSender(Protocol):
    async def send(self, to: str, body: str) -> str: ...


class PushSender(Protocol):
    """`target` is what the device registered: a Web Push subscription
    (`{"endpoint", "keys": {"p256dh", "auth"}}`) or `{"token": "ExponentPushToken[…]"}`."""

    async def send(self, target: dict[str, Any], message: PushMessage) -> str: ...
