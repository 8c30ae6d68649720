"""SMS adapters: Twilio (official SDK) and a development log."""

from __future__ import annotations

import asyncio
import logging
import uuid
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from bookbrew.notifications.channels.ports import DeliveryFailed

log = logging.getLogger(__name__)


class _RebasedHttpClient(TwilioHttpClient):  # type: ignore[misc]
    """The SDK's documented extension point (a custom `http_client`), used to send its
    requests to another base URL: a proxy, or a local stand-in in tests."""

    def __init__(self, base_url: str, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self._base = urlsplit(base_url)

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        parts = urlsplit(url)
        rebased = parts._replace(
            scheme=self._base.scheme,
            netloc=self._base.netloc,
            path=self._base.path.rstrip("/") + parts.path,
        )
        return super().request(method, urlunsplit(rebased), *args, **kwargs)


class TwilioSmsSender:
    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        sender: str = "",
        messaging_service_sid: str = "",
        api_base: str = "",
        timeout: float = 10.0,
    ) -> None:
        if not (sender or messaging_service_sid):
            raise ValueError("Twilio needs a sender number or a messaging service sid")
        http_client = (
            _RebasedHttpClient(api_base, timeout) if api_base else TwilioHttpClient(timeout=timeout)
        )
        self._client = Client(account_sid, auth_token, http_client=http_client)
        self.sender = sender
        self.messaging_service_sid = messaging_service_sid

    def _send(self, to: str, body: str) -> str:
        options: dict[str, Any] = {"to": to, "body": body}
        if self.messaging_service_sid:
            options["messaging_service_sid"] = self.messaging_service_sid
        else:
            options["from_"] = self.sender
        try:
            return str(self._client.messages.create(**options).sid)
        except TwilioRestException as exc:
            # 4xx other than rate limiting: the number or the request is wrong.
            permanent = 400 <= exc.status < 500 and exc.status != 429
            raise DeliveryFailed(
                f"Twilio {exc.status} {exc.code}: {exc.msg}", permanent=permanent
            ) from exc
        except (TwilioException, OSError) as exc:
            raise DeliveryFailed(f"Twilio: {exc}") from exc

    async def send(self, to: str, body: str) -> str:
        return await asyncio.to_thread(self._send, to, body)


class LogSmsSender:
    async def send(self, to: str, body: str) -> str:
        log.info("SMS (log channel)", extra={"to_suffix": to[-3:], "length": len(body)})
        return f"log-{uuid.uuid4()}"
