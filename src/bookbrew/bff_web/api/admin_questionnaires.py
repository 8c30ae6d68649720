"""Staff questionnaire editor's API (admin role): the questionnaire service's versions
(list, draft from the current one, read, replace a draft's content, publish, delete a
draft), relayed with the admin's own token and never cached. A draft's content is
checked by the questionnaire service, whose 422 `errors` come back as they are."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from bookbrew.bff_web.deps import (
    ADMIN_RESPONSES,
    CSRF,
    AdminDep,
    QuestionnaireDep,
    call_for_shopper,
)
from bookbrew.contracts.questionnaire import (
    QuestionnaireKey,
    QuestionnaireVersionSummary,
    VersionStatus,
)
from bookbrew.platform.deps import CacheDep
from bookbrew.platform.responses import cache_key, documented_problem, relay_json

Version = Annotated[int, Path(ge=1, le=1_000_000)]


class EditableOption(BaseModel):
    """An answer option; members the editor does not show (signals, budgets) are kept."""

    model_config = ConfigDict(extra="allow")

    id: str
    label: str


class EditableQuestion(BaseModel):
    """A question; members the editor does not show (scale, signals, show_if, …) are kept."""

    model_config = ConfigDict(extra="allow")

    id: str
    type: str = Field(
        description="`single_choice`, `multiple_choice`, `scale`, `ranked_choice`, `free_text`"
    )
    prompt: str
    help: str | None = None
    required: bool = True
    options: list[EditableOption] = []


class QuestionnaireContentBody(BaseModel):
    """A draft's whole content, replaced at once (the questionnaire service checks it)."""

    model_config = ConfigDict(extra="allow")

    title: str
    description: str = ""
    questions: Annotated[list[EditableQuestion], Field(max_length=60)]


class AdminQuestionnaire(QuestionnaireContentBody):
    key: QuestionnaireKey
    version: int
    status: VersionStatus
    current: bool = False
    created_at: datetime
    updated_at: datetime | None = None
    published_at: datetime | None = None


router = APIRouter(
    prefix="/api/admin/questionnaires",
    tags=["admin"],
    dependencies=CSRF,
    responses=ADMIN_RESPONSES,
)

DRAFT_ONLY: dict[int | str, dict[str, Any]] = {
    409: documented_problem("The version is published (frozen), not a draft")
}


@router.get("/{key}/versions", response_model=list[QuestionnaireVersionSummary])
async def admin_questionnaire_versions(
    request: Request, current: AdminDep, questionnaire: QuestionnaireDep, key: QuestionnaireKey
) -> Response:
    """Every version of a questionnaire: drafts, published ones, which one is current."""
    answer = await call_for_shopper(
        request, current, questionnaire, "GET", f"/admin/questionnaires/{key}/versions"
    )
    return relay_json(answer)


@router.post(
    "/{key}/versions",
    response_model=AdminQuestionnaire,
    status_code=201,
    responses={409: documented_problem("A draft already exists")},
)
async def admin_create_questionnaire_draft(
    request: Request, current: AdminDep, questionnaire: QuestionnaireDep, key: QuestionnaireKey
) -> Response:
    """A new draft: a copy of the current version, to edit."""
    answer = await call_for_shopper(
        request, current, questionnaire, "POST", f"/admin/questionnaires/{key}/versions"
    )
    return relay_json(answer)


@router.get("/{key}/versions/{version}", response_model=AdminQuestionnaire)
async def admin_get_questionnaire_version(
    request: Request,
    current: AdminDep,
    questionnaire: QuestionnaireDep,
    key: QuestionnaireKey,
    version: Version,
) -> Response:
    answer = await call_for_shopper(
        request, current, questionnaire, "GET", f"/admin/questionnaires/{key}/versions/{version}"
    )
    return relay_json(answer)


@router.put("/{key}/versions/{version}", response_model=AdminQuestionnaire, responses=DRAFT_ONLY)
async def admin_update_questionnaire_draft(
    request: Request,
    current: AdminDep,
    questionnaire: QuestionnaireDep,
    key: QuestionnaireKey,
    version: Version,
    body: QuestionnaireContentBody,
) -> Response:
    """Replace a draft's content; a broken one is a 422 whose `errors` say where."""
    content: dict[str, Any] = body.model_dump(mode="json", exclude_unset=True)
    answer = await call_for_shopper(
        request,
        current,
        questionnaire,
        "PUT",
        f"/admin/questionnaires/{key}/versions/{version}",
        json=content,
    )
    return relay_json(answer)


@router.post(
    "/{key}/versions/{version}/publish", response_model=AdminQuestionnaire, responses=DRAFT_ONLY
)
async def admin_publish_questionnaire_version(
    request: Request,
    current: AdminDep,
    questionnaire: QuestionnaireDep,
    cache: CacheDep,
    key: QuestionnaireKey,
    version: Version,
) -> Response:
    """Freeze the draft and make it current; unfinished responses keep their version."""
    answer = await call_for_shopper(
        request,
        current,
        questionnaire,
        "POST",
        f"/admin/questionnaires/{key}/versions/{version}/publish",
    )
    try:  # shoppers see the new version at once (the cache only saves work)
        await cache.delete(cache_key("questionnaire", request, {"key": key}))
    except Exception:
        pass
    return relay_json(answer)


@router.delete("/{key}/versions/{version}", status_code=204, responses=DRAFT_ONLY)
async def admin_delete_questionnaire_draft(
    request: Request,
    current: AdminDep,
    questionnaire: QuestionnaireDep,
    key: QuestionnaireKey,
    version: Version,
) -> Response:
    await call_for_shopper(
        request,
        current,
        questionnaire,
        "DELETE",
        f"/admin/questionnaires/{key}/versions/{version}",
    )
    return Response(status_code=204, headers={"Cache-Control": "no-store"})
