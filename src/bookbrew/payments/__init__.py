"""Payments: provider port (sandbox, Stripe, PayPal), idempotency, webhooks, step-up."""
