"""The shopper's notification preferences and this install's push device (an Expo push
token in the notifications service's device registry, which its Expo channel delivers
to), relayed to the notifications service with the shopper's bearer token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from bookbrew.bff_mobile.deps import BEARER_RESPONSES, Notifications, Token, personal_read
from bookbrew.contracts.notifications import (
    ExpoPushToken,
    NotificationPreferences,
    NotificationPreferencesUpdate,
    PushSubscription,
)
from bookbrew.platform.responses import READ_RESPONSES, call_as_user, documented_problem, relay_json

router = APIRouter(prefix="/api", tags=["notifications"])

PREFERENCE_RESPONSES: dict[int | str, dict[str, Any]] = {
    **BEARER_RESPONSES,
    304: READ_RESPONSES[304],
    404: {
        **READ_RESPONSES[404],
        "description": "No contact details yet (just registered: try again shortly)",
    },
}


@router.get(
    "/me/preferences", response_model=NotificationPreferences, responses=PREFERENCE_RESPONSES
)
async def get_notification_preferences(
    request: Request, token: Token, notifications: Notifications
) -> Response:
    """Per channel (e-mail, SMS, push), transactional and marketing."""
    return personal_read(
        request, await call_as_user(notifications, "GET", "/me/preferences", token)
    )


@router.patch(
    "/me/preferences",
    response_model=NotificationPreferences,
    responses={
        **PREFERENCE_RESPONSES,
        422: documented_problem(
            "Invalid body, or `transactional-email-required` (it cannot be turned off)"
        ),
    },
)
async def update_notification_preferences(
    token: Token, notifications: Notifications, body: NotificationPreferencesUpdate
) -> Response:
    """Change some choices (only what is given changes); the preferences as they are now."""
    answer = await call_as_user(
        notifications,
        "PATCH",
        "/me/preferences",
        token,
        json=body.model_dump(mode="json", exclude_unset=True),
    )
    return relay_json(answer)


class DeviceBody(BaseModel):
    """This install's Expo push token (`getExpoPushTokenAsync`)."""

    model_config = ConfigDict(extra="forbid")

    token: ExpoPushToken
    label: Annotated[str, StringConstraints(max_length=100)] | None = Field(
        default=None, description="What the shopper would call the device, e.g. `Pixel 8`"
    )


DeviceId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]


@router.post(
    "/devices",
    response_model=PushSubscription,
    status_code=201,
    responses={**BEARER_RESPONSES, 422: READ_RESPONSES[422]},
)
async def register_device(token: Token, notifications: Notifications, body: DeviceBody) -> Response:
    """After sign-in and the shopper's permission: order updates reach this install
    as push notifications. Keep the answer's `id` to remove it at sign-out."""
    answer = await call_as_user(
        notifications,
        "POST",
        "/me/push-subscriptions",
        token,
        json={"kind": "expo", "token": body.token, "label": body.label},
    )
    return relay_json(answer)


@router.delete("/devices/{device_id}", status_code=204, responses=BEARER_RESPONSES)
async def remove_device(
    token: Token, notifications: Notifications, device_id: DeviceId
) -> Response:
    """Stop push notifications to a device of mine."""
    await call_as_user(notifications, "DELETE", f"/me/push-subscriptions/{device_id}", token)
    return Response(status_code=204, headers={"Cache-Control": "no-store"})
