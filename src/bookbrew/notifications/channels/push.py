"""Push adapters: Web Push (VAPID, pywebpush) for browsers and Expo for the mobile app."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from bookbrew.notifications.channels.ports import DeliveryFailed, PushMessage

log = logging.getLogger(__name__)


def load_or_create_vapid(private_key: str, directory: Path) -> Vapid:
    """The configured key (PEM or base64url DER/raw), else a development key kept under
    `directory` so browsers' subscriptions stay valid across restarts."""
    if private_key:
        if "BEGIN" in private_key:
            return Vapid.from_pem(private_key.encode())
        return Vapid.from_string(private_key)
    path = directory / "vapid-private.pem"
    if path.exists():
        return Vapid.from_file(str(path))
    directory.mkdir(parents=True, exist_ok=True)
    vapid = Vapid()
    vapid.generate_keys()
    vapid.save_key(str(path))
    log.info("generated a development VAPID key", extra={"path": str(path)})
    return vapid


def vapid_public_key(vapid: Vapid) -> str:
    """The application server key browsers pass to `pushManager.subscribe` (base64url)."""
    raw = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class WebPushSender:
    def __init__(self, vapid: Vapid, subject: str, timeout: float = 10.0) -> None:
        self.vapid = vapid
        self.subject = subject
        self.timeout = timeout

    def _send(self, target: dict[str, Any], message: PushMessage) -> str:
        payload = json.dumps({"title": message.title, "body": message.body, "data": message.data})
        try:
            response = webpush(
                subscription_info=target,
                data=payload,
                vapid_private_key=self.vapid,
                vapid_claims={"sub": self.subject},
                timeout=self.timeout,
                ttl=24 * 3600,
            )
        except WebPushException as exc:
            status = exc.response.status_code if exc.response is not None else None
            # 404/410: the browser unsubscribed; 400/413: this request can never succeed.
            permanent = status in {400, 404, 410, 413}
            raise DeliveryFailed(f"Web Push {status}: {exc.message}", permanent=permanent) from exc
        except OSError as exc:
            raise DeliveryFailed(f"Web Push: {exc}") from exc
        return str(getattr(response, "headers", {}).get("Location") or "accepted")

    async def send(self, target: dict[str, Any], message: PushMessage) -> str:
        return await asyncio.to_thread(self._send, target, message)


class ExpoPushSender:
    """POST /--/api/v2/push/send; the answer holds one ticket per message."""

    def __init__(self, url: str, *, access_token: str = "", timeout: float = 10.0) -> None:
        headers = {"Accept": "application/json", "Accept-Encoding": "gzip, deflate"}
        if access_token:
            headers["Authorization"] = f"Bearer {access_token}"
        self.url = url
        self._client = httpx.AsyncClient(headers=headers, timeout=timeout)

    async def send(self, target: dict[str, Any], message: PushMessage) -> str:
        body = {
            "to": target["token"],
            "title": message.title,
            "body": message.body,
            "data": message.data,
            "sound": "default",
        }
        try:
            response = await self._client.post(self.url, json=body)
        except httpx.HTTPError as exc:
            raise DeliveryFailed(f"Expo: {exc}") from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise DeliveryFailed(f"Expo {response.status_code}")
        try:
            answer = response.json()
        except ValueError as exc:
            raise DeliveryFailed(f"Expo {response.status_code}: not JSON") from exc
        if response.status_code >= 400 or answer.get("errors"):
            raise DeliveryFailed(
                f"Expo {response.status_code}: {answer.get('errors')}", permanent=True
            )
        ticket = answer.get("data") or {}
        if isinstance(ticket, list):
            ticket = ticket[0] if ticket else {}
        if ticket.get("status") != "ok":
            error = (ticket.get("details") or {}).get("error", "")
            raise DeliveryFailed(
                f"Expo: {error or ticket.get('message', 'rejected')}",
                permanent=error in {"DeviceNotRegistered", "InvalidCredentials", "MessageTooBig"},
            )
        return str(ticket.get("id", ""))

    async def close(self) -> None:
        await self._client.aclose()
