"""Payment providers behind one port, chosen by settings."""

from __future__ import annotations

from bookbrew.payments.providers.base import PaymentProvider
from bookbrew.payments.settings import PaymentsSettings


def build_provider(settings: PaymentsSettings) -> PaymentProvider:
    if settings.provider == "stripe":
        from bookbrew.payments.providers.stripe import StripeProvider

        return StripeProvider(
            api_key=settings.stripe_api_key.get_secret_value(),
            webhook_secret=settings.stripe_webhook_secret.get_secret_value(),
            api_base=settings.stripe_api_base,
            max_network_retries=settings.stripe_max_network_retries,
            return_url=settings.return_url,
        )
    if settings.provider == "paypal":
        from bookbrew.payments.providers.paypal import PayPalProvider

        return PayPalProvider(
            client_id=settings.paypal_client_id,
            client_secret=settings.paypal_client_secret.get_secret_value(),
            webhook_id=settings.paypal_webhook_id,
            api_base=settings.paypal_api_base,
            return_url=settings.return_url,
        )
    from bookbrew.payments.providers.sandbox import SandboxProvider

    return SandboxProvider(settings.sandbox_key())
