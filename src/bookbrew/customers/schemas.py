"""Request and response bodies of the customers API (events live in `contracts`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, max_length=254, pattern=r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$"
    ),
]
Password = Annotated[str, StringConstraints(min_length=10, max_length=128)]
Locale = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9 ()\-]{6,25}$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Category = Literal["book", "perfume", "coffee", "beverage"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegisterCustomer(Strict):
    email: Email
    password: Password
    display_name: Name
    full_name: Name | None = None
    phone: Phone | None = None
    date_of_birth: date | None = None
    locale: Locale = "en"
    marketing_consent: bool = False


class ProfileUpdate(Strict):
    display_name: Name | None = None
    full_name: Name | None = None
    phone: Phone | None = None
    date_of_birth: date | None = None
    locale: Locale | None = None
    marketing_consent: bool | None = None


class CustomerProfile(BaseModel):
    id: str
    email: str
    email_verified: bool
    display_name: str
    full_name: str | None
    phone: str | None
    date_of_birth: date | None
    locale: str
    marketing_consent: bool
    mfa_enabled: bool
    roles: list[str]
    created_at: datetime


class ChangeEmail(Strict):
    new_email: Email


class ChangePassword(Strict):
    current_password: Annotated[str, StringConstraints(max_length=128)]
    new_password: Password


class AddressIn(Strict):
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    recipient: Name
    line1: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    line2: Annotated[str, StringConstraints(max_length=200)] | None = None
    city: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    region: Annotated[str, StringConstraints(max_length=100)] | None = None
    postal_code: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)]
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    phone: Phone | None = None
    is_default: bool = False


class Address(AddressIn):
    model_config = ConfigDict(extra="ignore")

    id: str
    created_at: datetime
    updated_at: datetime


class Preferences(Strict):
    favourite_categories: Annotated[list[Category], Field(max_length=4)] = []
    tastes: Annotated[
        dict[
            Annotated[str, StringConstraints(max_length=40)],
            Annotated[list[Annotated[str, StringConstraints(max_length=60)]], Field(max_length=20)],
        ],
        Field(max_length=20),
    ] = {}
    notification_channels: Annotated[list[Literal["email", "sms", "push"]], Field(max_length=3)] = [
        "email"
    ]


class AuditEntry(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    kind: str
    customer_id: str | None
    actor: str | None
    client_id: str | None
    ip: str | None
    detail: dict[str, object]


class GrantRole(Strict):
    role: Literal["admin", "customer"]


class KeyRotation(BaseModel):
    kid: str


class ReencryptionReport(BaseModel):
    customer_fields: int
    addresses: int
    signing_keys: int


class Purchase(BaseModel):
    order_id: str
    status: str
    total_minor: int
    currency: str
    lines: list[dict[str, Any]]
    placed_at: datetime
    updated_at: datetime
