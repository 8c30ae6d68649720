"""The customers (identity) service's contracts: the events it publishes, and the account
shapes both BFFs relay (registration, e-mail verification, TOTP enrollment).

Events carry ids, not personal data, except where a consumer needs it to act: the
welcome e-mail needs the address. `customer.erased` tells every consumer to forget."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

CUSTOMER_REGISTERED = "bookbrew.customer.registered"
CUSTOMER_EMAIL_VERIFIED = "bookbrew.customer.email_verified"
CUSTOMER_ERASED = "bookbrew.customer.erased"
# A new verification link for an account not verified yet (the shopper asked again).
CUSTOMER_VERIFICATION_REQUESTED = "bookbrew.customer.verification_requested"


class CustomerRegistered(BaseModel):
    customer_id: str
    email: str
    display_name: str
    locale: str  # BCP 47, e.g. "en", "pt-BR"
    verification_url: str
    marketing_consent: bool


class CustomerVerificationRequested(BaseModel):
    customer_id: str
    email: str
    display_name: str
    locale: str
    verification_url: str


class CustomerEmailVerified(BaseModel):
    customer_id: str


class CustomerErased(BaseModel):
    customer_id: str


# --- API shapes ---------------------------------------------------------------


Email = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=254)]


class RegisterBody(BaseModel):
    """What a shopper signs up with, through a BFF. Checked in full by the customers
    service (password rules, the address): its 422 problems come back as they are."""

    model_config = ConfigDict(extra="forbid")

    email: Email
    password: Annotated[str, StringConstraints(max_length=128)]
    display_name: Annotated[str, StringConstraints(max_length=120)]
    marketing_consent: bool = False
    locale: Annotated[str, StringConstraints(max_length=35)] = "en"


class RegistrationAccepted(BaseModel):
    """The same answer whether or not the address already has an account."""

    status: Literal["verification-sent"] = "verification-sent"
    detail: str = "If the address can be used, a verification link is on its way."


class ResendVerificationBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email


class VerifyEmailBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: Annotated[str, StringConstraints(min_length=1, max_length=2000)] = Field(
        description="The token from the e-mailed link"
    )


class EmailVerified(BaseModel):
    verified: bool
    email: str


class TotpEnrollment(BaseModel):
    secret: str = Field(description="Base32, for manual entry")
    provisioning_uri: str = Field(description="`otpauth://` URI for a QR code")


class TotpCodeBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{6}$")]


class RecoveryCodes(BaseModel):
    recovery_codes: list[str] = Field(description="Shown this once")
