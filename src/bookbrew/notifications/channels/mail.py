"""E-mail adapters: SMTP (default), Amazon SES (sesv2, raw MIME) and a development log.
All three send the same MIME message: text/plain and text/html alternatives plus the
RFC 8058 one-click unsubscribe headers."""

from __future__ import annotations

import asyncio
import logging
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from typing import Any

import aiosmtplib

from bookbrew.notifications.channels.ports import DeliveryFailed, OutgoingEmail

log = logging.getLogger(__name__)


def build_mime(message: OutgoingEmail, sender: str) -> EmailMessage:
    mime = EmailMessage()
    mime["From"] = sender
    mime["To"] = message.to
    mime["Subject"] = message.subject
    mime["Date"] = formatdate(localtime=False, usegmt=True)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "bookbrew.localhost"
    mime["Message-ID"] = make_msgid(domain=domain)
    for name, value in message.headers.items():
        mime[name] = value
    mime.set_content(message.text)
    mime.add_alternative(message.html, subtype="html")
    return mime


class SmtpEmailSender:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        username: str = "",
        password: str = "",
        security: str = "none",
        timeout: float = 10.0,
    ) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password = username, password
        self.security = security
        self.timeout = timeout

    async def send(self, message: OutgoingEmail) -> str:
        mime = build_mime(message, self.sender)
        try:
            await aiosmtplib.send(
                mime,
                hostname=self.host,
                port=self.port,
                username=self.username or None,
                password=self.password or None,
                use_tls=self.security == "tls",
                start_tls=True if self.security == "starttls" else False,
                timeout=self.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise DeliveryFailed(f"recipient refused: {exc}", permanent=True) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise DeliveryFailed(f"SMTP {self.host}:{self.port}: {exc}") from exc
        return str(mime["Message-ID"])


class SesEmailSender:
    """Amazon SES v2 `SendEmail` with raw content, so the unsubscribe headers travel."""

    def __init__(
        self, *, region: str, sender: str, endpoint_url: str = "", configuration_set: str = ""
    ) -> None:
        import boto3

        self.sender = sender
        self.configuration_set = configuration_set
        self._client = boto3.client("sesv2", region_name=region, endpoint_url=endpoint_url or None)

    def _send(self, message: OutgoingEmail) -> str:
        from botocore.exceptions import BotoCoreError, ClientError

        request: dict[str, Any] = {
            "FromEmailAddress": self.sender,
            "Destination": {"ToAddresses": [message.to]},
            "Content": {"Raw": {"Data": build_mime(message, self.sender).as_bytes()}},
        }
        if self.configuration_set:
            request["ConfigurationSetName"] = self.configuration_set
        try:
            return str(self._client.send_email(**request)["MessageId"])
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            permanent = code in {
                "MessageRejected",
                "BadRequestException",
                "MailFromDomainNotVerifiedException",
            }
            raise DeliveryFailed(f"SES {code}: {exc}", permanent=permanent) from exc
        except BotoCoreError as exc:
            raise DeliveryFailed(f"SES: {exc}") from exc

    async def send(self, message: OutgoingEmail) -> str:
        return await asyncio.to_thread(self._send, message)


class LogEmailSender:
    """Development: no server needed; each message is written as an .eml file."""

    def __init__(self, directory: Path, sender: str) -> None:
        self.directory = directory
        self.sender = sender

    async def send(self, message: OutgoingEmail) -> str:
        mime = build_mime(message, self.sender)
        message_id = str(mime["Message-ID"])
        self.directory.mkdir(parents=True, exist_ok=True)
        name = message_id.strip("<>").replace("@", "_").replace("/", "_") + ".eml"
        await asyncio.to_thread((self.directory / name).write_bytes, mime.as_bytes())
        log.info("e-mail written", extra={"subject": message.subject, "file": name})
        return message_id
