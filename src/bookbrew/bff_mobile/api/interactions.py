"""What shoppers do with products on their phone (views, clicks on picks and related
products, adds to cart), recorded by the curation service. A signed-in shopper's go
with their own bearer token (passed through, as everywhere in this BFF); an anonymous
app's under the random install id it keeps and sends (`anonymous_id`): this BFF sets no
cookies."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request, Response

from bookbrew.bff_mobile.schemas import InteractionBody
from bookbrew.clients import curation as curation_client
from bookbrew.contracts.curation import InteractionAccepted
from bookbrew.platform.auth import bearer_token
from bookbrew.platform.http import ServiceClient, ServiceError
from bookbrew.platform.problems import Problem
from bookbrew.platform.responses import documented_problem, user_problem

log = logging.getLogger(__name__)

NO_STORE = {"Cache-Control": "private, no-store"}

router = APIRouter(prefix="/api", tags=["interactions"])


@router.post(
    "/interactions",
    status_code=202,
    response_model=InteractionAccepted,
    responses={
        401: documented_problem("The bearer token was refused (expired, forged): refresh it"),
        422: documented_problem(
            "A field is missing or malformed (an anonymous app must send its "
            "`anonymous_id`); see `errors`"
        ),
    },
)
async def record_interaction(request: Request, body: InteractionBody) -> Response:
    """Record a view, a click (with the `recommendation_id` and `model_version` of the
    picks or related list it was in) or an add to cart: with the bearer token for the
    signed-in shopper, else under the app's `anonymous_id`. Best effort: when curation
    cannot take it, the answer says `recorded: false` and the app goes on."""
    client: ServiceClient = request.app.state.curation_events
    token = bearer_token(request)
    payload: dict[str, Any] = body.model_dump(exclude_none=True)
    if token is not None:
        payload.pop("anonymous_id", None)  # the shopper is known by their token
    elif body.anonymous_id is None:
        raise Problem(
            422,
            "validation-error",
            "Without a bearer token, send the app's `anonymous_id`.",
            title="Your request is not valid",
            errors=[
                {
                    "loc": ["body", "anonymous_id"],
                    "msg": "required without a bearer token",
                    "type": "missing",
                }
            ],
        )
    try:
        recorded = await curation_client.record_interaction(client, payload, token)
    except ServiceError as exc:  # the app's to fix: its token (refresh it) or its body
        raise user_problem(exc) from exc
    return Response(
        InteractionAccepted(recorded=recorded).model_dump_json(),
        status_code=202,
        media_type="application/json",
        headers=NO_STORE,
    )
