"""The signed-in shopper's profile and taste questionnaire. The app runs code + PKCE
against the identity service itself and sends `Authorization: Bearer …`; this BFF keeps
no session and passes the token through to the services, which verify it. Their refusals come back
with their status (401 with a `WWW-Authenticate` challenge, 403 `step-up-required` with
`acr_values`/`max_age`, 404, 409, 422 with `errors`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response

from bookbrew.bff_mobile.deps import BEARER_RESPONSES, Customers, Questionnaires, Settings, Token
from bookbrew.bff_mobile.schemas import (
    Answers,
    ChoiceOption,
    Form,
    FormQuestion,
    Me,
    Progress,
    StartAnswering,
    Taste,
    TasteProfile,
)
from bookbrew.platform import responses
from bookbrew.platform.deps import CacheDep
from bookbrew.platform.responses import call_as_user, relay_json

QuestionnaireKey = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
ResponseId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]

router = APIRouter(prefix="/api", tags=["shopper"])


def progress(body: dict[str, Any]) -> dict[str, Any]:
    return Progress.model_validate(body).model_dump(mode="json")


def form(body: dict[str, Any]) -> Form:
    return Form(
        key=body["key"],
        version=body["version"],
        title=body["title"],
        description=body.get("description"),
        questions=[
            FormQuestion(
                id=q["id"],
                type=q["type"],
                prompt=q["prompt"],
                help=q.get("help"),
                required=q.get("required", True),
                options=[ChoiceOption(id=o["id"], label=o["label"]) for o in q.get("options", [])],
                min_selections=q.get("min_selections") if q.get("options") else None,
                max_selections=q.get("max_selections"),
                scale=q.get("scale"),
                max_length=q.get("max_length") if q["type"] == "free_text" else None,
                suggestions=q.get("suggestions") or [],
                show_if=q.get("show_if"),
            )
            for q in body["questions"]
        ],
    )


@router.get("/me", response_model=Me, responses=BEARER_RESPONSES)
async def get_me(token: Token, customers: Customers) -> Me:
    """My profile, compact."""
    found = (await call_as_user(customers, "GET", "/customers/me", token)).json()
    return Me.model_validate(found)


@router.get("/questionnaires/{key}", response_model=Form, responses=responses.READ_RESPONSES)
async def get_questionnaire_form(
    request: Request,
    cache: CacheDep,
    settings: Settings,
    questionnaire: Questionnaires,
    key: QuestionnaireKey,
) -> Response:
    """The current version of a questionnaire, as a form to draw (public, cached)."""

    async def build() -> Form:
        return form(await questionnaire.get_json(f"/questionnaires/{key}"))

    return await responses.cached_json(
        request,
        cache,
        responses.cache_key("questionnaire", request, {"key": key}),
        ttl_seconds=settings.questionnaire_ttl_seconds,
        build=build,
    )


@router.post(
    "/questionnaires/{key}/responses",
    response_model=Progress,
    status_code=201,
    responses={200: {"description": "The unfinished response, resumed"}, **BEARER_RESPONSES},
)
async def start_or_resume_response(
    token: Token,
    questionnaire: Questionnaires,
    key: QuestionnaireKey,
    body: StartAnswering | None = None,
) -> Response:
    """Begin (201) or resume (200) my response to a questionnaire."""
    answer = await call_as_user(
        questionnaire,
        "POST",
        "/responses",
        token,
        json={"questionnaire_key": key, "restart": body.restart if body else False},
    )
    return relay_json(answer, body=progress(answer.json()))


@router.get("/responses/in-progress", response_model=Progress, responses=BEARER_RESPONSES)
async def get_response_in_progress(
    token: Token,
    questionnaire: Questionnaires,
    questionnaire_key: Annotated[str, Query(pattern=r"^[a-z][a-z0-9_]{0,31}$")],
) -> Response:
    """My unfinished response to a questionnaire (404 when there is none)."""
    answer = await call_as_user(
        questionnaire,
        "GET",
        "/responses/in-progress",
        token,
        params={"questionnaire_key": questionnaire_key},
    )
    return relay_json(answer, body=progress(answer.json()))


@router.patch(
    "/responses/{response_id}/answers", response_model=Progress, responses=BEARER_RESPONSES
)
async def save_response_answers(
    token: Token, questionnaire: Questionnaires, response_id: ResponseId, body: Answers
) -> Response:
    """Save some answers (partial save; null clears one)."""
    answer = await call_as_user(
        questionnaire,
        "PATCH",
        f"/responses/{response_id}/answers",
        token,
        json={"answers": body.answers},
    )
    return relay_json(answer, body=progress(answer.json()))


@router.post(
    "/responses/{response_id}/complete", response_model=Progress, responses=BEARER_RESPONSES
)
async def complete_response(
    token: Token, questionnaire: Questionnaires, response_id: ResponseId
) -> Response:
    """Finish the questionnaire (422 with `errors` while required answers are missing)."""
    answer = await call_as_user(questionnaire, "POST", f"/responses/{response_id}/complete", token)
    return relay_json(answer, body=progress(answer.json()))


@router.get("/me/taste-profile", response_model=TasteProfile, responses=BEARER_RESPONSES)
async def get_my_taste_profile(token: Token, questionnaire: Questionnaires) -> TasteProfile:
    """My taste, as merged signals (strongest first)."""
    found = (await call_as_user(questionnaire, "GET", "/profile", token)).json()
    signals = sorted(
        (Taste.model_validate(s) for s in found.get("signals", [])),
        key=lambda taste: -abs(taste.weight),
    )
    return TasteProfile(signals=signals, budget_max_minor=found.get("budget_max_minor"))
