"""Channel ports and their adapters, built from settings in `build_channels`."""

from __future__ import annotations

from dataclasses import dataclass

from bookbrew.notifications.channels.ports import (
    DeliveryFailed,
    EmailSender,
    OutgoingEmail,
    PushMessage,
    PushSender,
    SmsSender,
)
from bookbrew.notifications.settings import NotificationsSettings

__all__ = [
    "Channels",
    "DeliveryFailed",
    "EmailSender",
    "OutgoingEmail",
    "PushMessage",
    "PushSender",
    "SmsSender",
    "build_channels",
]


@dataclass
class Channels:
    email: EmailSender
    sms: SmsSender | None = None
    webpush: PushSender | None = None
    expo: PushSender | None = None
    vapid_public_key: str | None = None

    def push_for(self, kind: str) -> PushSender | None:
        return self.webpush if kind == "webpush" else self.expo if kind == "expo" else None

    async def close(self) -> None:
        for sender in (self.email, self.sms, self.webpush, self.expo):
            close = getattr(sender, "close", None)
            if close is not None:
                await close()


def build_channels(settings: NotificationsSettings) -> Channels:
    """The composition of adapters chosen by settings (called in the app's lifespan)."""
    from bookbrew.notifications.channels import mail, push, sms

    email: EmailSender
    if settings.email_provider == "ses":
        email = mail.SesEmailSender(
            region=settings.ses_region,
            sender=settings.email_from,
            endpoint_url=settings.ses_endpoint_url,
            configuration_set=settings.ses_configuration_set,
        )
    elif settings.email_provider == "log":
        email = mail.LogEmailSender(settings.data_dir / "mail", settings.email_from)
    else:
        email = mail.SmtpEmailSender(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.email_from,
            username=settings.smtp_username,
            password=settings.smtp_password.get_secret_value(),
            security=settings.smtp_security,
            timeout=settings.smtp_timeout_seconds,
        )
    channels = Channels(email=email)
    if settings.sms_provider == "twilio":
        channels.sms = sms.TwilioSmsSender(
            account_sid=settings.twilio_account_sid,
            auth_token=settings.twilio_auth_token.get_secret_value(),
            sender=settings.twilio_from,
            messaging_service_sid=settings.twilio_messaging_service_sid,
            api_base=settings.twilio_api_base,
        )
    elif settings.sms_provider == "log":
        channels.sms = sms.LogSmsSender()
    if settings.webpush_enabled:
        vapid = push.load_or_create_vapid(
            settings.vapid_private_key.get_secret_value(), settings.data_dir / "keys"
        )
        channels.webpush = push.WebPushSender(
            vapid, settings.vapid_subject, settings.push_timeout_seconds
        )
        channels.vapid_public_key = push.vapid_public_key(vapid)
    if settings.expo_enabled:
        channels.expo = push.ExpoPushSender(
            settings.expo_push_url,
            access_token=settings.expo_access_token.get_secret_value(),
            timeout=settings.push_timeout_seconds,
        )
    return channels
