"""Consumers: lists logged and `recommendations.updated` published, duplicates change
nothing, erasure forgets the shopper."""

from __future__ import annotations

from bookbrew.contracts.curation import RecommendationsUpdated
from bookbrew.curation import repository
from bookbrew.platform.events.envelope import new_event
from tests.curation.conftest import CurationUnderTest
from tests.support import eventually

DARK_CHOCOLATE = [("roast", "dark", 1.0), ("flavor", "chocolate", 0.8)]


async def test_a_completed_questionnaire_precomputes_logs_and_publishes_the_home_list(
    curation: CurationUnderTest,
) -> None:
    version = (await curation.train())["version"]
    await curation.complete_questionnaire("shopper-1", DARK_CHOCOLATE)

    await eventually(lambda: curation.published)
    event = RecommendationsUpdated.model_validate(curation.published[0].data)
    assert event.customer_id == "shopper-1" and event.context == "home"
    assert event.model_version == version and len(event.skus) == 20

    log = await curation.store.get(repository.LOGS, event.recommendation_id)
    assert log is not None
    assert log["customer_id"] == "shopper-1" and log["model_version"] == version
    assert log["skus"] == event.skus and len(log["reasons"]) == 20
    assert log["trigger"] == "questionnaire" and log["generated_at"]

    # The home page is then served from the precomputed list, as logged.
    served = await curation.recommendations("shopper-1")
    assert served["recommendation_id"] == event.recommendation_id
    assert [i["sku"] for i in served["items"]] == event.skus

    # Every other list served is logged too.
    coffee = await curation.recommendations("shopper-1", context="coffee", limit=5)
    log = await curation.store.get(repository.LOGS, coffee["recommendation_id"])
    assert log is not None and log["context"] == "coffee" and len(log["skus"]) == 5


async def test_a_purchase_republishes_the_home_list_when_it_changes(
    curation: CurationUnderTest,
) -> None:
    await curation.complete_questionnaire("shopper-1", DARK_CHOCOLATE)
    await eventually(lambda: len(curation.published) == 1)
    first = RecommendationsUpdated.model_validate(curation.published[0].data)

    await curation.buy("shopper-1", first.skus[:1], order_id="order-9")

    await eventually(lambda: len(curation.published) == 2)
    second = RecommendationsUpdated.model_validate(curation.published[1].data)
    assert first.skus[0] not in second.skus


async def test_duplicate_deliveries_change_nothing(curation: CurationUnderTest) -> None:
    sku = curation.catalog[0]["sku"]
    interaction = new_event(
        "bff_web",
        "bookbrew.interaction.recorded",
        {
            "customer_id": "dup",
            "sku": sku,
            "kind": "click",
            "occurred_at": "2026-01-01T10:00:00+00:00",
        },
    )
    questionnaire = await curation.complete_questionnaire("dup", DARK_CHOCOLATE)
    order = await curation.buy("dup", [sku], order_id="order-dup")
    await curation.deliver(interaction)
    item = await curation.store.get(repository.ITEMS, sku)
    logs = await curation.store.count(repository.LOGS, {"customer_id": "dup"})
    await eventually(lambda: len(curation.published) == 2)

    for event in (interaction, questionnaire, order, interaction):
        await curation.deliver(event)

    assert await curation.store.count(repository.INTERACTIONS, {"customer_id": "dup"}) == 2
    assert await curation.store.get(repository.ITEMS, sku) == item
    assert await curation.store.count(repository.LOGS, {"customer_id": "dup"}) == logs
    assert len(curation.published) == 2
    profile = await curation.store.get(repository.PROFILES, "dup")
    assert profile is not None and profile["bought"] == [sku]


async def test_product_events_keep_the_item_catalog(curation: CurationUnderTest) -> None:
    index = curation.state.recommender.index
    assert index.n == len(curation.catalog)
    sku = curation.catalog[0]["sku"]
    await curation.publish(
        "bookbrew.product.deleted", {"sku": sku, "category": curation.catalog[0]["category"]}
    )
    assert not index.available()[index.pos[sku]]
    stored = await curation.store.get(repository.ITEMS, sku)
    assert stored is not None and stored["deleted"] is True
    picks = await curation.recommendations("anyone", limit=60)
    assert sku not in {i["sku"] for i in picks["items"]}


async def test_erasure_forgets_the_shopper(curation: CurationUnderTest) -> None:
    await curation.complete_questionnaire("leaving", DARK_CHOCOLATE)
    await curation.buy("leaving", [curation.catalog[0]["sku"]], order_id="order-x")
    trained = (await curation.train())["version"]
    assert "leaving" in curation.state.recommender.model.user_rows  # type: ignore[union-attr]
    await curation.recommendations("leaving", context="coffee")

    await curation.publish("bookbrew.customer.erased", {"customer_id": "leaving"})

    store = curation.store
    assert await store.get(repository.PROFILES, "leaving") is None
    assert await store.get(repository.HOME_LISTS, "leaving") is None
    assert await store.count(repository.INTERACTIONS, {"customer_id": "leaving"}) == 0
    assert await store.count(repository.LOGS, {"customer_id": "leaving"}) == 0
    assert "leaving" not in curation.state.recommender.model.user_rows  # type: ignore[union-attr]
    # The erasure asks for a new version at once: its weights no longer hold the shopper.
    recommender = curation.state.recommender
    await eventually(lambda: recommender.model and recommender.model.version != trained)
    assert "leaving" not in recommender.model.weights.user_ids  # type: ignore[union-attr]
    # Their still-valid token no longer reads (or writes) anything here.
    refused = await curation.client.get(
        "/recommendations/leaving", headers=curation.headers("leaving")
    )
    assert refused.status_code == 401, refused.text
    staff = await curation.client.get(
        "/recommendations/leaving", headers=curation.headers("staff-1", "admin")
    )
    assert staff.status_code == 200, staff.text
    assert staff.json()["strategy"] == "popularity"
