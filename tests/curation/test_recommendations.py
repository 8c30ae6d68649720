"""Serving: cold start from the questionnaire, warm picks after purchases, and the
business rules (diversity, stock, budget, novelty, popularity fallback)."""

from __future__ import annotations

from collections import Counter

from tests.curation.conftest import CurationUnderTest, product_event_data

DARK_CHOCOLATE = [("roast", "dark", 1.0), ("flavor", "chocolate", 0.8)]


def is_dark_or_chocolate(curation: CurationUnderTest, sku: str) -> bool:
    record = next(p for p in curation.catalog if p["sku"] == sku)
    attributes = record["attributes"]
    return "dark" in attributes["roast"] or any(
        "chocolate" in note for note in attributes["flavor_notes"]
    )


async def test_a_new_shopper_gets_dark_chocolate_coffees_first_with_reasons(
    curation: CurationUnderTest,
) -> None:
    await curation.train()
    await curation.complete_questionnaire("shopper-1", DARK_CHOCOLATE)

    picks = await curation.recommendations("shopper-1")

    assert picks["strategy"] == "model" and picks["model_version"]
    top = picks["items"][:4]
    assert all(item["category"] == "coffee" for item in top), top
    assert all(is_dark_or_chocolate(curation, item["sku"]) for item in top)
    assert any(item["reason"] == "Because you like dark roasts and chocolate notes" for item in top)
    assert all(item["reason"].startswith("Because you like") for item in top)

    coffee = await curation.recommendations("shopper-1", context="coffee", limit=5)
    assert {item["category"] for item in coffee["items"]} == {"coffee"}
    assert is_dark_or_chocolate(curation, coffee["items"][0]["sku"])


async def test_the_home_list_is_diverse_and_has_some_novelty(curation: CurationUnderTest) -> None:
    await curation.train()
    await curation.complete_questionnaire("shopper-1", DARK_CHOCOLATE)

    picks = await curation.recommendations("shopper-1", limit=20)

    per_category = Counter(item["category"] for item in picks["items"])
    assert len(picks["items"]) == 20
    assert max(per_category.values()) <= 8  # 40 % cap
    assert len(per_category) >= 3
    assert len({item["sku"] for item in picks["items"]}) == 20
    assert sum(item["novel"] for item in picks["items"]) <= 2


async def test_after_buying_the_picks_change_and_bought_items_are_excluded(
    curation: CurationUnderTest,
) -> None:
    await curation.train()
    await curation.complete_questionnaire("shopper-1", DARK_CHOCOLATE)
    before = await curation.recommendations("shopper-1")
    bought = [item["sku"] for item in before["items"][:2]]

    await curation.buy("shopper-1", bought, order_id="order-1")
    after = await curation.recommendations("shopper-1")

    skus = [item["sku"] for item in after["items"]]
    assert not set(bought) & set(skus)
    assert skus != [item["sku"] for item in before["items"]]
    assert after["recommendation_id"] != before["recommendation_id"]


async def test_interactions_warm_up_a_shopper_without_a_questionnaire(
    curation: CurationUnderTest,
) -> None:
    await curation.train()
    perfumes = [p["sku"] for p in curation.catalog if p["category"] == "perfume"][:3]
    for sku in perfumes:
        await curation.publish(
            "bookbrew.interaction.recorded",
            {
                "customer_id": "browser-1",
                "sku": sku,
                "kind": "add_to_cart",
                "occurred_at": "2026-01-01T10:00:00+00:00",
            },
        )
    picks = await curation.recommendations("browser-1", context="perfume", limit=5)
    assert picks["strategy"] == "model"
    assert all(item["category"] == "perfume" for item in picks["items"])
    assert any(item["reason"].startswith("Because you liked") for item in picks["items"])


async def test_out_of_stock_items_are_never_recommended(curation: CurationUnderTest) -> None:
    await curation.complete_questionnaire("shopper-1", DARK_CHOCOLATE)
    first = (await curation.recommendations("shopper-1", context="coffee"))["items"]
    sold_out, reserved = first[0]["sku"], first[1]["sku"]
    record = next(p for p in curation.catalog if p["sku"] == sold_out)
    await curation.publish(
        "bookbrew.product.updated", product_event_data(record, stock=0, version=2)
    )
    stock = curation.state.recommender.index.stock[curation.state.recommender.index.pos[reserved]]
    await curation.publish(
        "bookbrew.inventory.reserved",
        {
            "reservation_id": "res-1",
            "reference": "o-1",
            "lines": [{"sku": reserved, "quantity": int(stock)}],
            "expires_at": "2030-01-01",
        },
    )

    skus = [
        i["sku"] for i in (await curation.recommendations("shopper-1", context="coffee"))["items"]
    ]
    assert sold_out not in skus and reserved not in skus

    await curation.publish(
        "bookbrew.inventory.released",
        {
            "reservation_id": "res-1",
            "reference": "o-1",
            "lines": [{"sku": reserved, "quantity": int(stock)}],
            "reason": "expired",
        },
    )
    skus = [
        i["sku"] for i in (await curation.recommendations("shopper-1", context="coffee"))["items"]
    ]
    assert reserved in skus and sold_out not in skus


async def test_budget_from_the_questionnaire_is_respected(curation: CurationUnderTest) -> None:
    # A budget given in the coffee questionnaire bounds coffees only...
    await curation.complete_questionnaire("thrifty", DARK_CHOCOLATE, budget=1500)
    picks = await curation.recommendations("thrifty", limit=20)
    assert picks["items"]
    coffees = [item for item in picks["items"] if item["category"] == "coffee"]
    assert all(item["price"]["amount"] <= 1500 for item in coffees)
    shelf = await curation.recommendations("thrifty", context="coffee", limit=20)
    assert all(item["price"]["amount"] <= 1500 for item in shelf["items"])
    # ...and one given in the general questionnaire bounds every category.
    await curation.complete_questionnaire("frugal", DARK_CHOCOLATE, key="general", budget=1500)
    picks = await curation.recommendations("frugal", limit=20)
    assert picks["items"]
    assert all(item["price"]["amount"] <= 1500 for item in picks["items"])


async def test_unknown_shoppers_get_best_sellers_marked_as_popularity(
    curation: CurationUnderTest,
) -> None:
    picks = await curation.recommendations("stranger")
    assert picks["strategy"] == "popularity"
    assert picks["items"] and all(
        item["reason"].startswith("A best seller in") for item in picks["items"]
    )

    anonymous = await curation.client.get("/popular", params={"context": "book", "limit": 3})
    assert anonymous.status_code == 200
    assert [i["category"] for i in anonymous.json()["items"]] == ["book"] * 3


async def test_more_like_this_stays_in_the_category_with_shared_facets(
    curation: CurationUnderTest,
) -> None:
    await curation.train()
    book = next(p for p in curation.catalog if p["category"] == "book")
    response = await curation.client.get(f"/products/{book['sku']}/similar", params={"limit": 5})
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert len(items) == 5 and book["sku"] not in {i["sku"] for i in items}
    assert {i["category"] for i in items} == {"book"}
    assert all(i["reason"].startswith(("Like ", "More like ")) for i in items)


async def test_complements_come_from_co_purchases_and_other_categories(
    curation: CurationUnderTest,
) -> None:
    coffee = next(p["sku"] for p in curation.catalog if p["category"] == "coffee")
    book = next(p["sku"] for p in curation.catalog if p["category"] == "book")
    await curation.buy("a", [coffee, book], order_id="o-a")
    await curation.buy("b", [coffee, book], order_id="o-b")

    response = await curation.client.post(
        "/complements",
        json={"skus": [coffee], "limit": 5},
        headers=curation.headers("bff-web", "service"),
    )
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    assert items[0]["sku"] == book and items[0]["reason"].startswith("Often bought with")
    assert coffee not in {i["sku"] for i in items}
    assert sum(i["category"] != "coffee" for i in items) >= 3
