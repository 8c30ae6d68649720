"""Notification preferences of the signed-in shopper: the notifications service's
`/me/preferences`, relayed with the session's access token (CSRF-checked writes)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from bookbrew.bff_web.deps import (
    CSRF,
    SIGNED_IN_RESPONSES,
    NotificationsDep,
    SignedInDep,
    call_for_shopper,
)
from bookbrew.contracts.notifications import NotificationPreferences, NotificationPreferencesUpdate
from bookbrew.platform.responses import READ_RESPONSES, documented_problem, relay_json

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
