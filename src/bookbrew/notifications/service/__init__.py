"""Use cases, split by concern. They take a session and flush; the caller commits.

`Notifier` carries what they need besides the session: settings, the key ring, the
templates and the channel adapters (built once in the app's lifespan)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from bookbrew.notifications.channels import Channels
from bookbrew.notifications.rendering import Templates
from bookbrew.notifications.settings import NotificationsSettings
from bookbrew.platform.crypto import BlindIndex, KeyRing, derive_key


@dataclass
class Notifier:
    settings: NotificationsSettings
    ring: KeyRing
    templates: Templates
    channels: Channels
    target_index: BlindIndex

    @classmethod
    def build(cls, settings: NotificationsSettings, channels: Channels) -> Notifier:
        return cls(
            settings=settings,
            ring=settings.key_ring(),
            templates=Templates(),
            channels=channels,
            target_index=BlindIndex(
                derive_key(settings.secret_key.get_secret_value(), "notifications:push-target")
            ),
        )

    def seal(self, value: str, aad: str) -> str:
        return self.ring.encrypt_text(value, aad=aad)

    def open(self, token: str, aad: str) -> str:
        return self.ring.decrypt_text(token, aad=aad)

    def seal_json(self, value: Any, aad: str) -> str:
        return self.seal(json.dumps(value, separators=(",", ":")), aad)

    def open_json(self, token: str, aad: str) -> Any:
        return json.loads(self.open(token, aad))
