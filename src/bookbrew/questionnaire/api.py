"""Questionnaire HTTP routes: published questionnaires (public), versions (admin), and a
shopper's responses and taste profile. Write routes open the one document transaction
of the request and wake the outbox relay once it has committed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from bookbrew.contracts.questionnaire import QuestionnaireKey, QuestionnaireVersionSummary
from bookbrew.platform.auth import Principal, require
from bookbrew.platform.deps import AdminDep, RuntimeDep
from bookbrew.platform.docstore import DocumentStore
from bookbrew.platform.problems import NotFound
from bookbrew.questionnaire import repository, service
from bookbrew.questionnaire.schemas import (
    Questionnaire,
    QuestionnaireContent,
    ResponseStatus,
    SaveAnswers,
    StartResponse,
    TasteProfile,
)
from bookbrew.questionnaire.schemas import Response as ResponseOut
from bookbrew.questionnaire.settings import QuestionnaireSettings


def get_documents(request: Request) -> DocumentStore:
    documents = request.app.state.runtime.documents
    assert documents is not None, "the questionnaire service runs on a document store"
    return documents  # type: ignore[no-any-return]


DocumentsDep = Annotated[DocumentStore, Depends(get_documents)]
CustomerDep = Annotated[Principal, Depends(require(roles={"customer"}))]
ReaderDep = Annotated[Principal, Depends(require(roles={"customer", "admin"}))]
Version = Annotated[int, Path(ge=1, le=1_000_000)]
ResponseId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9-]+$")]
CustomerId = Annotated[str, Query(min_length=1, max_length=200)]

public = APIRouter(prefix="/questionnaires", tags=["questionnaires"])
admin = APIRouter(prefix="/admin", tags=["admin"])
shopper = APIRouter(tags=["responses"])


def _wake_relay(runtime: RuntimeDep) -> None:
    if runtime.relay is not None:
        runtime.relay.wake()


@public.get("", response_model=list[Questionnaire])
async def list_questionnaires(documents: DocumentsDep) -> list[Questionnaire]:
    """The current version of every questionnaire."""
    return await service.current_questionnaires(documents)


@public.get("/{key}", response_model=Questionnaire)
async def get_current_questionnaire(
    documents: DocumentsDep, key: QuestionnaireKey
) -> Questionnaire:
    return await service.current_questionnaire(documents, key)


@public.get("/{key}/versions/{version}", response_model=Questionnaire)
async def get_questionnaire_version(
    documents: DocumentsDep, key: QuestionnaireKey, version: Version
) -> Questionnaire:
    """A published version, e.g. the one an unfinished response is answering."""
    return await service.published_version(documents, key, version)


@admin.get("/questionnaires/{key}/versions", response_model=list[QuestionnaireVersionSummary])
async def list_questionnaire_versions(
    _: AdminDep, documents: DocumentsDep, key: QuestionnaireKey
) -> list[QuestionnaireVersionSummary]:
    return await service.version_summaries(documents, key)


@admin.post("/questionnaires/{key}/versions", response_model=Questionnaire, status_code=201)
async def create_draft_version(
    principal: AdminDep,
    documents: DocumentsDep,
    key: QuestionnaireKey,
    response: Response,
    body: Annotated[QuestionnaireContent | None, Body()] = None,
) -> Questionnaire:
    """A new draft: the given content, or a copy of the current version to edit."""
    async with documents.transaction() as tx:
        draft = await service.create_draft(tx, key, body, by=principal.subject)
    response.headers["Location"] = f"/admin/questionnaires/{key}/versions/{draft.version}"
    return draft


@admin.get("/questionnaires/{key}/versions/{version}", response_model=Questionnaire)
async def admin_get_questionnaire_version(
    _: AdminDep, documents: DocumentsDep, key: QuestionnaireKey, version: Version
) -> Questionnaire:
    document = await service.require_version(documents, key, version)
    return service.to_questionnaire(document, await repository.current_version(documents, key))


@admin.put("/questionnaires/{key}/versions/{version}", response_model=Questionnaire)
async def update_draft_version(
    _: AdminDep,
    documents: DocumentsDep,
    key: QuestionnaireKey,
    version: Version,
    body: QuestionnaireContent,
) -> Questionnaire:
    async with documents.transaction() as tx:
        return await service.update_draft(tx, key, version, body)


@admin.delete("/questionnaires/{key}/versions/{version}", status_code=204)
async def delete_draft_version(
    _: AdminDep, documents: DocumentsDep, key: QuestionnaireKey, version: Version
) -> Response:
    async with documents.transaction() as tx:
        await service.delete_draft(tx, key, version)
    return Response(status_code=204)


@admin.post("/questionnaires/{key}/versions/{version}/publish", response_model=Questionnaire)
async def publish_version(
    _: AdminDep, documents: DocumentsDep, key: QuestionnaireKey, version: Version
) -> Questionnaire:
    """Freeze the version and make it current; new responses use it, unfinished ones
    keep the version they began with."""
    async with documents.transaction() as tx:
        return await service.publish(tx, key, version)


@admin.get("/responses", response_model=list[ResponseOut])
async def admin_list_responses(
    _: AdminDep,
    documents: DocumentsDep,
    runtime: RuntimeDep,
    customer_id: CustomerId | None = None,
    questionnaire_key: QuestionnaireKey | None = None,
    status: ResponseStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
) -> list[ResponseOut]:
    settings: QuestionnaireSettings = runtime.settings  # type: ignore[assignment]
    found = await repository.responses(
        documents,
        customer_id=customer_id,
        key=questionnaire_key,
        status=status,
        limit=min(limit, settings.max_responses_listed),
    )
    return [await service.response_view(documents, d) for d in found]


@shopper.post("/responses", response_model=ResponseOut, status_code=201)
async def start_response(
    principal: CustomerDep, documents: DocumentsDep, body: StartResponse
) -> JSONResponse:
    """Begin a questionnaire (201), or get back the unfinished response to it (200)."""
    async with documents.transaction() as tx:
        document, created = await service.start_response(
            tx, principal.subject, body.questionnaire_key, restart=body.restart
        )
    view = await service.response_view(documents, document)
    return JSONResponse(
        view.model_dump(mode="json"),
        status_code=201 if created else 200,
        headers={"Location": f"/responses/{view.id}"},
    )


@shopper.get("/responses", response_model=list[ResponseOut])
async def list_my_responses(
    principal: CustomerDep,
    documents: DocumentsDep,
    runtime: RuntimeDep,
    questionnaire_key: QuestionnaireKey | None = None,
    status: ResponseStatus | None = None,
) -> list[ResponseOut]:
    """Every response of mine, retakes included, newest first."""
    settings: QuestionnaireSettings = runtime.settings  # type: ignore[assignment]
    found = await repository.responses(
        documents,
        customer_id=principal.subject,
        key=questionnaire_key,
        status=status,
        limit=settings.max_responses_listed,
    )
    return [await service.response_view(documents, d) for d in found]


@shopper.get("/responses/in-progress", response_model=ResponseOut)
async def resume_response(
    principal: CustomerDep, documents: DocumentsDep, questionnaire_key: QuestionnaireKey
) -> ResponseOut:
    document = await repository.in_progress(documents, principal.subject, questionnaire_key)
    if document is None:
        raise NotFound(f"No unfinished {questionnaire_key!r} questionnaire.")
    return await service.response_view(documents, document)


@shopper.get("/responses/{response_id}", response_model=ResponseOut)
async def get_response(
    principal: ReaderDep, documents: DocumentsDep, response_id: ResponseId
) -> ResponseOut:
    document = await service.readable_response(documents, principal, response_id)
    return await service.response_view(documents, document)


@shopper.patch("/responses/{response_id}/answers", response_model=ResponseOut)
async def save_answers(
    principal: CustomerDep, documents: DocumentsDep, response_id: ResponseId, body: SaveAnswers
) -> ResponseOut:
    """Partial save: merge these answers (null clears one) into the unfinished response."""
    async with documents.transaction() as tx:
        return await service.save_answers(tx, principal, response_id, body.answers)


@shopper.post("/responses/{response_id}/complete", response_model=ResponseOut)
async def complete_response(
    principal: CustomerDep, documents: DocumentsDep, runtime: RuntimeDep, response_id: ResponseId
) -> ResponseOut:
    async with documents.transaction() as tx:
        completed = await service.complete_response(tx, principal, response_id)
    _wake_relay(runtime)
    return completed


@shopper.get("/profile", response_model=TasteProfile)
async def get_taste_profile(principal: CustomerDep, documents: DocumentsDep) -> TasteProfile:
    """My latest completed answers across questionnaires, as merged taste signals."""
    return await service.taste_profile(documents, principal.subject)
