"""The taste questionnaire for signed-in shoppers, relayed to the questionnaire service
with the session's access token. Its problems (404, 409, 422 with `errors`) come back
with their status and type."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from bookbrew.bff_web.deps import (
    CSRF,
    SIGNED_IN_RESPONSES,
    QuestionnaireDep,
    SettingsDep,
    SignedInDep,
    call_for_shopper,
)
from bookbrew.bff_web.schemas import (
    QuestionnaireDocument,
    QuestionnaireResponse,
    SaveAnswersBody,
    StartResponseBody,
    TasteProfileDocument,
)
from bookbrew.platform.deps import CacheDep
from bookbrew.platform.responses import (
    READ_RESPONSES,
    cache_key,
    cached_response,
    documented_problem,
    relay_json,
)

QuestionnaireKey = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
ResponseId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]

router = APIRouter(prefix="/api", tags=["questionnaire"], dependencies=CSRF)


@router.get(
    "/questionnaires/{key}",
    response_model=QuestionnaireDocument,
    responses=READ_RESPONSES,
)
async def get_questionnaire_form(
    request: Request,
    cache: CacheDep,
    settings: SettingsDep,
    questionnaire: QuestionnaireDep,
    key: QuestionnaireKey,
) -> Response:
    """The current version of a questionnaire (`general`, `book`, `coffee`, `perfume`,
    `beverage`); public and cached."""

    async def render() -> bytes:
        return (await questionnaire.request("GET", f"/questionnaires/{key}")).content

    return await cached_response(
        request,
        cache,
        cache_key("questionnaire", request, {"key": key}),
        ttl_seconds=settings.questionnaire_ttl_seconds,
        render=render,
    )


@router.post(
    "/questionnaires/{key}/responses",
    response_model=QuestionnaireResponse,
    status_code=201,
    responses={200: {"description": "The unfinished response, resumed"}, **SIGNED_IN_RESPONSES},
)
async def start_or_resume_response(
    request: Request,
    current: SignedInDep,
    questionnaire: QuestionnaireDep,
    key: QuestionnaireKey,
    body: StartResponseBody | None = None,
) -> Response:
    """Begin the questionnaire (201), or get back the unfinished response to it (200)."""
    restart = body.restart if body is not None else False
    answer = await call_for_shopper(
        request,
        current,
        questionnaire,
        "POST",
        "/responses",
        json={"questionnaire_key": key, "restart": restart},
    )
    return relay_json(answer)


@router.get(
    "/responses/in-progress",
    response_model=QuestionnaireResponse,
    responses={404: READ_RESPONSES[404], **SIGNED_IN_RESPONSES},
)
async def get_response_in_progress(
    request: Request,
    current: SignedInDep,
    questionnaire: QuestionnaireDep,
    questionnaire_key: Annotated[str, Query(pattern=r"^[a-z][a-z0-9_]{0,31}$")],
) -> Response:
    """My unfinished response to a questionnaire (404 `not-found` when there is none)."""
    answer = await call_for_shopper(
        request,
        current,
        questionnaire,
        "GET",
        "/responses/in-progress",
        params={"questionnaire_key": questionnaire_key},
    )
    return relay_json(answer)


@router.patch(
    "/responses/{response_id}/answers",
    response_model=QuestionnaireResponse,
    responses={
        404: READ_RESPONSES[404],
        409: documented_problem("The response is already completed or abandoned"),
        **SIGNED_IN_RESPONSES,
    },
)
async def save_response_answers(
    request: Request,
    current: SignedInDep,
    questionnaire: QuestionnaireDep,
    response_id: ResponseId,
    body: SaveAnswersBody,
) -> Response:
    """Partial save: merge these answers into the unfinished response."""
    answer = await call_for_shopper(
        request,
        current,
        questionnaire,
        "PATCH",
        f"/responses/{response_id}/answers",
        json={"answers": body.answers},
    )
    return relay_json(answer)


@router.post(
    "/responses/{response_id}/complete",
    response_model=QuestionnaireResponse,
    responses={404: READ_RESPONSES[404], **SIGNED_IN_RESPONSES},
)
async def complete_response(
    request: Request, current: SignedInDep, questionnaire: QuestionnaireDep, response_id: ResponseId
) -> Response:
    """Finish: required answers are checked (422 with `errors` when some are missing);
    curation hears of it and the home page's picks follow."""
    answer = await call_for_shopper(
        request, current, questionnaire, "POST", f"/responses/{response_id}/complete"
    )
    return relay_json(answer)


@router.get("/me/taste-profile", response_model=TasteProfileDocument, responses=SIGNED_IN_RESPONSES)
async def get_my_taste_profile(
    request: Request, current: SignedInDep, questionnaire: QuestionnaireDep
) -> Response:
    """My latest completed answers across questionnaires, as merged taste signals."""
    answer = await call_for_shopper(request, current, questionnaire, "GET", "/profile")
    return relay_json(answer)
