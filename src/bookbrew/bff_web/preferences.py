"""Notification preferences of the signed-in shopper: the notifications service's
`/me/preferences`, relayed with the session's access token (CSRF-checked writes)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from bookbrew.bff_web.auth import CSRF, SIGNED_IN_RESPONSES, SignedInDep, call_for_shopper
from bookbrew.platform.http import ServiceClient
from bookbrew.platform.responses import READ_RESPONSES, documented_problem, relay_json


class ChannelChoice(BaseModel):
    transactional: bool
    marketing: bool


class NotificationPreferences(BaseModel):
    """Per channel, per category. E-mail for transactional messages (receipts,
    verification, order updates) is always on."""

    email: ChannelChoice
    sms: ChannelChoice
    push: ChannelChoice
    phone: str | None = Field(description="E.164 number for SMS, if given")


class ChannelChoiceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    transactional: bool | None = None
    marketing: bool | None = None


class NotificationPreferencesUpdate(BaseModel):
    """Only what is given changes. `phone: ""` forgets the number."""

    model_config = ConfigDict(extra="forbid")

    email: ChannelChoiceUpdate | None = None
    sms: ChannelChoiceUpdate | None = None
    push: ChannelChoiceUpdate | None = None
    phone: str | None = Field(default=None, pattern=r"^(\+[1-9][0-9]{6,14})?$")


async def get_notifications(request: Request) -> ServiceClient:
    client: ServiceClient = request.app.state.notifications
    return client


NotificationsDep = Annotated[ServiceClient, Depends(get_notifications)]

router = APIRouter(
    prefix="/api/me",
    tags=["account"],
    dependencies=CSRF,
    responses={
        **SIGNED_IN_RESPONSES,
        404: {
            **READ_RESPONSES[404],
            "description": "No contact details yet (just registered: try again shortly)",
        },
    },
)


@router.get("/preferences", response_model=NotificationPreferences)
async def get_notification_preferences(
    request: Request, current: SignedInDep, notifications: NotificationsDep
) -> Response:
    answer = await call_for_shopper(request, current, notifications, "GET", "/me/preferences")
    return relay_json(answer)


@router.patch(
    "/preferences",
    response_model=NotificationPreferences,
    responses={
        422: documented_problem(
            "Invalid body, or `transactional-email-required` (it cannot be turned off)"
        )
    },
)
async def update_notification_preferences(
    request: Request,
    current: SignedInDep,
    notifications: NotificationsDep,
    body: NotificationPreferencesUpdate,
) -> Response:
    """Change some choices (only what is given changes); the preferences as they are now."""
    answer = await call_for_shopper(
        request,
        current,
        notifications,
        "PATCH",
        "/me/preferences",
        json=body.model_dump(mode="json", exclude_unset=True),
    )
    return relay_json(answer)
