"""Events published by the customers (identity) service.

Events carry ids, not personal data, except where a consumer needs it to act: the
welcome e-mail needs the address. `customer.erased` tells every consumer to forget."""

from __future__ import annotations

from pydantic import BaseModel

CUSTOMER_REGISTERED = "bookbrew.customer.registered"
CUSTOMER_EMAIL_VERIFIED = "bookbrew.customer.email_verified"
CUSTOMER_ERASED = "bookbrew.customer.erased"


class CustomerRegistered(BaseModel):
    customer_id: str
    email: str
    display_name: str
    locale: str  # BCP 47, e.g. "en", "pt-BR"
    verification_url: str
    marketing_consent: bool


class CustomerEmailVerified(BaseModel):
    customer_id: str


class CustomerErased(BaseModel):
    customer_id: str
