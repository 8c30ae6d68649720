"""What curation consumes (idempotently, through the document inbox) and publishes
(`recommendations.updated`, staged in the document outbox by `service.recommend`).

Two queues: catalog changes (bursty: a seed emits a thousand) and shopper events, so a
questionnaire completion never waits behind a catalog import. In-memory effects (the
item index, co-purchase counts) run only after the transaction has committed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bookbrew.contracts import catalog as catalog_events
from bookbrew.contracts.catalog import ProductChanged, ProductDeleted
from bookbrew.contracts.customers import CUSTOMER_ERASED, CustomerErased
from bookbrew.contracts.interactions import INTERACTION_RECORDED, InteractionRecorded
from bookbrew.contracts.orders import ORDER_CONFIRMED, OrderEvent
from bookbrew.contracts.questionnaire import QUESTIONNAIRE_COMPLETED, QuestionnaireCompleted
from bookbrew.curation.service import catalog, profiles, recommend
from bookbrew.curation.service.catalog import Effect
from bookbrew.curation.service.state import CurationState
from bookbrew.platform.docstore import DocumentStore
from bookbrew.platform.events.bus import Handler, Subscription
from bookbrew.platform.events.documents import idempotent_documents
from bookbrew.platform.events.envelope import CloudEvent
from bookbrew.platform.runtime import Runtime

SERVICE = "curation"
CATALOG_QUEUE = "curation.catalog"
SHOPPER_QUEUE = "curation.shoppers"

Step = Callable[[DocumentStore, CloudEvent], Awaitable[list[Effect]]]


def catalog_step(state: CurationState) -> Step:
    async def step(tx: DocumentStore, event: CloudEvent) -> list[Effect]:
        data = event.data
        if event.type in (catalog_events.PRODUCT_CREATED, catalog_events.PRODUCT_UPDATED):
            return await catalog.record_product(tx, state, ProductChanged.model_validate(data))
        if event.type == catalog_events.PRODUCT_DELETED:
            return await catalog.record_deleted(tx, state, ProductDeleted.model_validate(data).sku)
        if event.type == catalog_events.INVENTORY_RESERVED:
            return await catalog.change_stock(tx, state, data["lines"], -1)
        if event.type == catalog_events.INVENTORY_RELEASED:
            return await catalog.change_stock(tx, state, data["lines"], +1)
        if event.type == catalog_events.INVENTORY_LOW_STOCK:
            return await catalog.set_stock(tx, state, data["sku"], int(data["stock"]))
        return []

    return step


def shopper_step(state: CurationState) -> Step:
    async def step(tx: DocumentStore, event: CloudEvent) -> list[Effect]:
        if event.type == QUESTIONNAIRE_COMPLETED:
            completed = QuestionnaireCompleted.model_validate(event.data)
            encoder = state.encoder if state.settings.text_embeddings else None
            document = await profiles.record_questionnaire(tx, completed, encoder)
            profile = profiles.to_profile(document, completed.customer_id)
            await recommend.refresh_home(tx, state, profile, trigger="questionnaire")
            return []
        if event.type == INTERACTION_RECORDED:
            interaction = InteractionRecorded.model_validate(event.data)
            _, effects = await profiles.record_interaction(tx, state, event.id, interaction)
            return effects
        if event.type == ORDER_CONFIRMED:
            order = OrderEvent.model_validate(event.data)
            document, effects = await profiles.record_order(tx, state, order)
            profile = profiles.to_profile(document, order.customer_id)
            await recommend.refresh_home(tx, state, profile, trigger="purchase")
            return effects
        if event.type == CUSTOMER_ERASED:
            erased = CustomerErased.model_validate(event.data)
            return await profiles.erase_customer(tx, state, erased.customer_id)
        return []

    return step


def consumer(store: DocumentStore, name: str, step: Step) -> Handler:
    """`idempotent_documents` around a step whose in-memory effects run after commit."""
    pending: dict[str, list[Effect]] = {}

    async def handler(tx: DocumentStore, event: CloudEvent) -> None:
        pending[event.id] = await step(tx, event)

    guarded = idempotent_documents(store, service=SERVICE, consumer=name, handler=handler)

    async def handle(event: CloudEvent) -> None:
        try:
            await guarded(event)
        except BaseException:
            pending.pop(event.id, None)
            raise
        for effect in pending.pop(event.id, []):
            effect()

    return handle


def subscriptions(state: CurationState) -> Callable[[Runtime], list[Subscription]]:
    def build(runtime: Runtime) -> list[Subscription]:
        store = runtime.documents
        assert store is not None
        return [
            Subscription(
                CATALOG_QUEUE,
                ("bookbrew.product.*", "bookbrew.inventory.*"),
                consumer(store, CATALOG_QUEUE, catalog_step(state)),
            ),
            Subscription(
                SHOPPER_QUEUE,
                (QUESTIONNAIRE_COMPLETED, INTERACTION_RECORDED, ORDER_CONFIRMED, CUSTOMER_ERASED),
                consumer(store, SHOPPER_QUEUE, shopper_step(state)),
            ),
        ]

    return build
