"""Curation HTTP routes. Thin: check who asks, call a use case, shape the answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from bookbrew.contracts.catalog import Sku
from bookbrew.contracts.curation import RecommendationList
from bookbrew.curation import repository
from bookbrew.curation.schemas import (
    ComplementsRequest,
    Context,
    CustomerId,
    InteractionAccepted,
    InteractionIn,
    ModelVersion,
    list_from_log,
)
from bookbrew.curation.service import recommend, record, training
from bookbrew.curation.service.state import CurationState
from bookbrew.platform.auth import Principal, bearer_token, require, unauthorized
from bookbrew.platform.deps import AdminDep, RuntimeDep
from bookbrew.platform.docstore import DocumentStore
from bookbrew.platform.problems import Problem

public = APIRouter(tags=["recommendations"])
interactions = APIRouter(prefix="/interactions", tags=["interactions"])
admin = APIRouter(prefix="/models", tags=["models"])

AnyTokenDep = Annotated[Principal, Depends(require())]
Limit = Annotated[int, Query(ge=1, le=100)]


async def optional_principal(request: Request) -> Principal | None:
    """The caller's token when one is sent: anonymous visitors record interactions and
    ask for a cart's complements too."""
    if bearer_token(request) is None:
        return None
    return await require()(request)


OptionalPrincipalDep = Annotated[Principal | None, Depends(optional_principal)]


async def get_state(request: Request) -> CurationState:
    state: CurationState = request.app.state.curation
    return state


async def get_store(runtime: RuntimeDep) -> DocumentStore:
    assert runtime.documents is not None
    return runtime.documents


StateDep = Annotated[CurationState, Depends(get_state)]
StoreDep = Annotated[DocumentStore, Depends(get_store)]


def ensure_may_read(principal: Principal, customer_id: str) -> None:
    """Shoppers read their own picks; services (the BFFs) and staff read anyone's."""
    if principal.subject == customer_id or principal.roles & {"service", "admin"}:
        return
    # 404, not 403: do not confirm that another customer id exists.
    raise Problem(404, "not-found", "No recommendations for this customer.")


@public.get("/recommendations/{customer_id}", response_model=RecommendationList)
async def get_recommendations(
    principal: AnyTokenDep,
    state: StateDep,
    store: StoreDep,
    customer_id: Annotated[CustomerId, Path()],
    context: Context = "home",
    limit: Limit = 20,
) -> RecommendationList:
    """Picks for one shopper (home: across categories; or one category), with reasons.
    `strategy` says whether the model served them or the popularity fallback did."""
    ensure_may_read(principal, customer_id)
    log = await recommend.recommendations_for(
        store, state, customer_id, context=context, limit=limit
    )
    return list_from_log(log)


@public.get("/popular", response_model=RecommendationList)
async def get_popular(
    state: StateDep, store: StoreDep, context: Context = "home", limit: Limit = 20
) -> RecommendationList:
    """Best sellers in stock, for visitors who are not signed in."""
    return list_from_log(await recommend.popular(store, state, context=context, limit=limit))


@public.get("/products/{sku}/similar", response_model=RecommendationList)
async def get_similar_products(
    state: StateDep, store: StoreDep, sku: Annotated[Sku, Path()], limit: Limit = 12
) -> RecommendationList:
    """More like this: the same category, close in the model's item space and content."""
    return list_from_log(await recommend.similar(store, state, sku, limit=limit))


@public.post("/complements", response_model=RecommendationList)
async def get_complements(
    principal: OptionalPrincipalDep, state: StateDep, store: StoreDep, body: ComplementsRequest
) -> RecommendationList:
    """For a cart: items often bought with it, or that go with it from other categories.
    Anyone may ask for a cart's complements; naming a `customer_id` (their bought items
    left out) takes that shopper's token, or a service's."""
    if body.customer_id is not None:
        if principal is None:
            raise unauthorized("a bearer access token is required to name a customer")
        ensure_may_read(principal, body.customer_id)
    log = await recommend.complements(
        store, state, list(body.skus), customer_id=body.customer_id, limit=body.limit
    )
    return list_from_log(log)


def _version(record: dict, serving: str | None) -> ModelVersion:  # type: ignore[type-arg]
    return ModelVersion(
        version=record["_id"],
        created_at=record["created_at"],
        serving=record["_id"] == serving,
        metrics=record.get("metrics"),
        alpha=record["alpha"],
        items=record["items"],
        users=record["users"],
        interactions=record["interactions"],
        training=record.get("training") or {},
    )


@interactions.post("", status_code=202, response_model=InteractionAccepted)
async def record_interaction(
    principal: OptionalPrincipalDep,
    runtime: RuntimeDep,
    store: StoreDep,
    body: InteractionIn,
) -> InteractionAccepted:
    """Record what a shopper did with a product (curation owns interactions); it is
    published as `interaction.recorded` through the outbox for learning and reporting.

    A signed-in token (a shopper's, or a staff member's: staff browse the shop too)
    records for its own subject; only a service may name another customer; an
    anonymous visitor records under its `anonymous_id` only."""
    customer_id = body.customer_id
    if principal is None or "service" not in principal.roles:
        if customer_id is not None and (principal is None or customer_id != principal.subject):
            raise Problem(403, "forbidden", "You may record interactions only for yourself.")
        customer_id = principal.subject if principal is not None else None
    if customer_id is None and body.anonymous_id is None:
        raise Problem(422, "validation-error", "Give a customer (token) or an anonymous_id.")
    event_id = await record.interaction(store, body, customer_id)
    if runtime.relay is not None:
        runtime.relay.wake()
    return InteractionAccepted(event_id=event_id)


@admin.get("", response_model=list[ModelVersion])
async def list_model_versions(_: AdminDep, state: StateDep, store: StoreDep) -> list[ModelVersion]:
    """Model versions, newest first, with their offline metrics."""
    serving = state.recommender.model.version if state.recommender.model else None
    return [_version(r, serving) for r in await repository.list_models(store)]


@admin.post("/train", response_model=ModelVersion, status_code=201)
async def train_model(_: AdminDep, state: StateDep, runtime: RuntimeDep) -> ModelVersion:
    """Train a new version now and serve it (blocks until it is trained)."""
    record = await training.train_and_swap(runtime, state)
    if record is None:
        raise Problem(409, "no-items", "There are no items to learn from yet.")
    serving = state.recommender.model.version if state.recommender.model else None
    return _version(record, serving)
