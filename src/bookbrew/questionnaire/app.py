"""Questionnaire composition root: settings in, ASGI app out."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bookbrew.platform.docstore import DocumentStore, DuplicateDocument
from bookbrew.platform.hub import Hub
from bookbrew.platform.revocation import Revocations
from bookbrew.platform.runtime import service_runtime
from bookbrew.platform.service import create_service_app
from bookbrew.questionnaire import api, events, service
from bookbrew.questionnaire.defaults import default_questionnaires
from bookbrew.questionnaire.settings import QuestionnaireSettings

log = logging.getLogger(__name__)


async def install_default_questionnaires(store: DocumentStore) -> list[str]:
    """Version 1 of every questionnaire key that has none, one transaction per key; safe
    to run on every start and from several replicas at once."""
    installed = []
    for key, content in default_questionnaires().items():
        try:
            async with store.transaction() as tx:
                added = await service.install_default(tx, key, content)
        except DuplicateDocument:
            added = False  # another replica installed it first
        if added:
            installed.append(key)
    if installed:
        log.info("installed default questionnaires", extra={"keys": installed})
    return installed


def create_app(settings: QuestionnaireSettings | None = None, hub: Hub | None = None) -> FastAPI:
    settings = settings or QuestionnaireSettings()
    revocations = Revocations()  # erased customers' tokens, refused at once

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_runtime(
            app,
            settings,
            hub,
            uses_documents=True,
            document_outbox=True,
            uses_cache=True,  # the deny-list, shared by replicas when CACHE_URL is Redis
            subscriptions=lambda _: [revocations.erasure_subscription(events.SERVICE)],
        ) as runtime:
            assert runtime.documents is not None
            await revocations.install(app, runtime)
            if settings.install_defaults:
                await install_default_questionnaires(runtime.documents)
            yield

    app = create_service_app(
        service="questionnaire",
        title="BookBrew Questionnaire",
        description="Versioned taste questionnaires and shoppers' responses.",
        lifespan=lifespan,
    )
    app.include_router(api.public)
    app.include_router(api.admin)
    app.include_router(api.shopper)
    return app
