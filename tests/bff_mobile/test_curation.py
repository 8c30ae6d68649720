"""BFF Mobile and the curation service, against a real catalog and a stand-in curation in
the hub: the shopper's picks on the home screen (with their own token, never shared),
"more like this" on the product screen, views and clicks recorded, and what the screens
say when curation is slow, down or its circuit is open."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bookbrew.platform.devkeys import DevSigningKey
from bookbrew.platform.http import ServiceClient
from tests.bff_web.minishop import MiniShop, assert_problem
from tests.support import recommendation_list

CARD_FIELDS = {"sku", "name", "category", "price", "currency", "price_display", "image", "in_stock"}
PICK_FIELDS = {
    "sku",
    "name",
    "category",
    "price",
    "currency",
    "price_display",
    "image",
    "reason",
    "novel",
}


class FakeCuration:
    """Stands in for the curation service in the hub: answers picks (one list per
    shopper), similar products and interactions at its pace, records what it was sent,
    and can be down (503) or refuse interactions with a given status."""

    def __init__(self) -> None:
        self.delay = 0.0
        self.down = False
        self.refuse: int | None = None
        self.asked: list[tuple[str, str | None]] = []
        self.similar_asked: list[str] = []
        self.recorded: list[tuple[dict[str, Any], str | None]] = []
        self.app = Starlette(
            routes=[
                Route("/recommendations/{customer_id}", self.picks),
                Route("/products/{sku}/similar", self.similar),
                Route("/interactions", self.interaction, methods=["POST"]),
            ]
        )

    async def _pace(self) -> JSONResponse | None:
        await asyncio.sleep(self.delay)
        if self.down:
            return JSONResponse({"title": "down", "status": 503}, status_code=503)
        return None

    async def picks(self, request: Request) -> JSONResponse:
        customer_id = request.path_params["customer_id"]
        self.asked.append((customer_id, request.headers.get("authorization")))
        if (failed := await self._pace()) is not None:
            return failed
        item = {
            "sku": "CF-002",
            "name": "Sumatra Mandheling",
            "category": "coffee",
            "price": {"amount": 1350, "currency": "EUR"},
            "reason": f"Because you like dark roasts, {customer_id}",
            "score": 0.9,
            "novel": False,
        }
        return JSONResponse(
            {
                "recommendation_id": f"rec-{customer_id}",
                "customer_id": customer_id,
                "context": request.query_params["context"],
                "strategy": "model",
                "model_version": "v1",
                "generated_at": "2025-01-01T00:00:00Z",
                "items": [item],
            }
        )

    async def similar(self, request: Request) -> JSONResponse:
        self.similar_asked.append(request.path_params["sku"])
        if (failed := await self._pace()) is not None:
            return failed
        # Itself, one sold out (BK-004) and one unknown among them: left out.
        skus = ("CF-004", "CF-404", "CF-002", "BK-004", "CF-001", "BK-001")
        return JSONResponse(recommendation_list("rec-similar", skus))

    async def interaction(self, request: Request) -> JSONResponse:
        if (failed := await self._pace()) is not None:
            return failed
        if self.refuse is not None:
            kind = {401: "unauthorized", 403: "forbidden"}.get(self.refuse, "bad-request")
            problem = {
                "type": f"https://bookbrew.dev/problems/{kind}",
                "title": kind,
                "status": self.refuse,
                "detail": "refused",
            }
            return JSONResponse(problem, status_code=self.refuse)
        self.recorded.append((await request.json(), request.headers.get("authorization")))
        return JSONResponse({"event_id": "e-1"}, status_code=202)


@pytest.fixture
def curation(shop: MiniShop) -> FakeCuration:
    fake = FakeCuration()
    shop.hub.register("curation", fake.app)
    return fake


def bearer(signing_key: DevSigningKey, customer_id: str) -> dict[str, str]:
    token = signing_key.mint(customer_id, roles=["customer"])
    return {"Authorization": f"Bearer {token}"}


# ---- the home screen --------------------------------------------------------------------


async def test_anonymous_home_has_best_sellers_and_no_picks(
    shop: MiniShop, curation: FakeCuration
) -> None:
    home = await shop.client.get("/mobile/api/home")

    assert home.status_code == 200
    assert set(home.json()) == {"shelves"}
    assert home.headers["cache-control"] == "public, max-age=15"
    assert home.headers["vary"] == "Authorization"
    assert curation.asked == []


async def test_home_picks_come_with_the_shoppers_token_and_reasons(
    shop: MiniShop, curation: FakeCuration, signing_key: DevSigningKey
) -> None:
    anonymous = (await shop.client.get("/mobile/api/home")).json()
    ana = bearer(signing_key, "customer-ana")

    home = await shop.client.get("/mobile/api/home", headers=ana)

    assert home.status_code == 200, home.text
    assert home.json()["shelves"] == anonymous["shelves"]  # best sellers, from the cache
    picks = home.json()["picks"]
    assert picks == {
        "available": True,
        "recommendation_id": "rec-customer-ana",
        "strategy": "model",
        "model_version": "v1",
        "items": [
            {
                "sku": "CF-002",
                "name": "Sumatra Mandheling",
                "category": "coffee",
                "price": 1350,
                "currency": "EUR",
                "price_display": "€13.50",
                "image": "/mobile/media/CF-002.svg",
                "reason": "Because you like dark roasts, customer-ana",
                "novel": False,
            }
        ],
    }
    assert set(picks["items"][0]) == PICK_FIELDS
    # Asked for this shopper, with the shopper's own token, a phone-sized list.
    assert curation.asked[-1] == ("customer-ana", ana["Authorization"])
    assert home.headers["cache-control"] == "private, max-age=0"
    assert home.headers["vary"] == "Authorization"
    etag = home.headers["etag"]
    again = await shop.client.get("/mobile/api/home", headers={**ana, "If-None-Match": etag})
    assert again.status_code == 304

    # Another shopper right after: their own picks, never the first one's.
    bo = (await shop.client.get("/mobile/api/home", headers=bearer(signing_key, "bo"))).json()
    assert bo["picks"]["recommendation_id"] == "rec-bo"
    assert "customer-ana" not in str(bo)
    # And the shared (anonymous) screen never carries anyone's picks.
    assert "picks" not in (await shop.client.get("/mobile/api/home")).json()


async def test_home_answers_with_best_sellers_when_curation_is_down(
    shop: MiniShop, curation: FakeCuration, signing_key: DevSigningKey
) -> None:
    curation.down = True

    home = await shop.client.get("/mobile/api/home", headers=bearer(signing_key, "ana"))

    assert home.status_code == 200
    assert home.json()["picks"] == {
        "available": False,
        "recommendation_id": None,
        "strategy": None,
        "model_version": None,
        "items": [],
    }
    shelves = home.json()["shelves"]
    assert [s["category"] for s in shelves] == ["book", "perfume", "coffee", "beverage"]
    assert all(s["items"] for s in shelves)

    shop.hub.register("curation", Starlette())  # nothing there: every path a 404
    gone = await shop.client.get("/mobile/api/home", headers=bearer(signing_key, "ana"))
    assert gone.status_code == 200 and gone.json()["picks"]["available"] is False


async def test_slow_curation_is_cut_at_the_budget_and_then_skipped_by_the_breaker(
    shop: MiniShop, curation: FakeCuration, signing_key: DevSigningKey
) -> None:
    curation.delay = 1.0
    ana = bearer(signing_key, "ana")

    for _ in range(3):  # the breaker's threshold
        started = time.monotonic()
        slow = await shop.client.get("/mobile/api/home", headers=ana)
        assert time.monotonic() - started < 0.8  # the budget, not curation's pace
        assert slow.status_code == 200 and slow.json()["picks"]["available"] is False
        assert slow.json()["shelves"][0]["items"]
    asked = len(curation.asked)
    assert shop.bff.state.curation.breaker.state == "open"

    skipped = await shop.client.get("/mobile/api/home", headers=ana)

    assert skipped.json()["picks"]["available"] is False
    assert len(curation.asked) == asked  # not even asked while the circuit is open


async def test_a_token_that_does_not_verify_is_a_401_problem(
    shop: MiniShop, curation: FakeCuration
) -> None:
    forged = DevSigningKey.generate().mint("ana")
    for token in ("not.a.token", forged):
        answer = await shop.client.get(
            "/mobile/api/home", headers={"Authorization": f"Bearer {token}"}
        )
        assert_problem(answer, 401, "unauthorized")
        assert answer.headers["www-authenticate"].startswith("Bearer")
    assert curation.asked == []


# ---- more like this ----------------------------------------------------------------------


async def test_more_like_this_from_curation(shop: MiniShop, curation: FakeCuration) -> None:
    screen = (await shop.client.get("/mobile/api/products/CF-002")).json()

    assert screen["related_source"] == "curation"
    assert screen["recommendation_id"] == "rec-similar" and screen["model_version"] == "m-7"
    # Curation's order; itself, the sold-out and the unknown left out; at most 4 tiles.
    assert [card["sku"] for card in screen["related"]] == ["CF-004", "CF-001", "BK-001"]
    assert all(set(card) == CARD_FIELDS for card in screen["related"])
    assert screen["related"][0]["image"] == "/mobile/media/CF-004.svg"
    assert curation.similar_asked == ["CF-002"]


async def test_more_like_this_falls_back_to_the_category_when_curation_is_slow_or_away(
    shop: MiniShop, curation: FakeCuration
) -> None:
    curation.delay = 1.0
    started = time.monotonic()
    slow = (await shop.client.get("/mobile/api/products/CF-002")).json()
    assert time.monotonic() - started < 0.9

    assert slow["related_source"] == "catalog" and slow["recommendation_id"] is None
    related = [card["sku"] for card in slow["related"]]
    assert related[0] == "CF-003"  # the other dark roast first, then best sellers
    assert "CF-002" not in related and len(related) <= 4

    curation.delay, curation.down = 0.0, True
    down = (await shop.client.get("/mobile/api/products/BK-001")).json()
    assert down["related_source"] == "catalog" and down["related"]
    assert {card["category"] for card in down["related"]} == {"book"}


# ---- interactions ----------------------------------------------------------------------


async def test_views_and_clicks_are_recorded_by_curation(
    shop: MiniShop, curation: FakeCuration, signing_key: DevSigningKey
) -> None:
    ana = bearer(signing_key, "ana")
    click = {
        "sku": "CF-002",
        "kind": "click",
        "source": "picks",
        "recommendation_id": "rec-ana",
        "model_version": "v1",
    }

    mine = await shop.client.post("/mobile/api/interactions", json=click, headers=ana)

    assert mine.status_code == 202 and mine.json() == {"recorded": True}
    assert mine.headers["cache-control"] == "private, no-store"
    assert "set-cookie" not in mine.headers
    assert curation.recorded[-1] == (click, ana["Authorization"])

    # With a token the install id is not sent: the shopper is known.
    install = "app-install-0123456789abcdef"
    signed_in = {**click, "anonymous_id": install}
    await shop.client.post("/mobile/api/interactions", json=signed_in, headers=ana)
    assert curation.recorded[-1] == (click, ana["Authorization"])

    view = {"sku": "BK-001", "kind": "view", "source": "product", "anonymous_id": install}
    anonymous = await shop.client.post("/mobile/api/interactions", json=view)
    assert anonymous.status_code == 202 and anonymous.json() == {"recorded": True}
    assert curation.recorded[-1] == (view, None)


async def test_interactions_are_best_effort(
    shop: MiniShop, curation: FakeCuration, signing_key: DevSigningKey
) -> None:
    ana = bearer(signing_key, "ana")
    view = {"sku": "CF-001", "kind": "view", "source": "product"}

    curation.down = True
    down = await shop.client.post("/mobile/api/interactions", json=view, headers=ana)
    assert down.status_code == 202 and down.json() == {"recorded": False}

    curation.down, curation.refuse = False, 403
    refused = await shop.client.post("/mobile/api/interactions", json=view, headers=ana)
    assert refused.status_code == 202 and refused.json() == {"recorded": False}

    # A token curation refuses is the app's to refresh: said as a 401, with a challenge.
    curation.refuse = 401
    expired = await shop.client.post("/mobile/api/interactions", json=view, headers=ana)
    assert_problem(expired, 401, "unauthorized")
    assert expired.headers["www-authenticate"].startswith("Bearer")

    shop.hub.register("curation", Starlette())
    gone = await shop.client.post("/mobile/api/interactions", json=view, headers=ana)
    assert gone.status_code == 202 and gone.json() == {"recorded": False}
    assert curation.recorded == []


# ---- bad input and the contract ---------------------------------------------------------

GOOD = {"sku": "CF-001", "kind": "view", "anonymous_id": "app-install-0123456789abcdef"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**GOOD, "kind": "rating"}, "kind"),
        ({**GOOD, "kind": "purchase"}, "kind"),
        ({"kind": "view", "anonymous_id": GOOD["anonymous_id"]}, "sku"),
        ({**GOOD, "sku": "cf-001"}, "sku"),
        ({**GOOD, "source": "Home Screen"}, "source"),
        ({**GOOD, "recommendation_id": "r" * 65}, "recommendation_id"),
        ({**GOOD, "customer_id": "someone-else"}, "customer_id"),
        ({**GOOD, "anonymous_id": "short"}, "anonymous_id"),
        ({**GOOD, "anonymous_id": "has spaces and more than twenty"}, "anonymous_id"),
        ({"sku": "CF-001", "kind": "view"}, "anonymous_id"),  # anonymous, no install id
    ],
)
async def test_a_bad_interaction_is_a_422_problem(
    shop: MiniShop, curation: FakeCuration, body: dict[str, Any], field: str
) -> None:
    problem = assert_problem(
        await shop.client.post("/mobile/api/interactions", json=body), 422, "validation-error"
    )

    assert field in {error["loc"][-1] for error in problem["errors"]}, problem
    assert curation.recorded == []


async def test_a_body_that_is_not_json_is_a_422_problem(shop: MiniShop) -> None:
    answer = await shop.client.post(
        "/mobile/api/interactions",
        content=b"sku=CF-001",
        headers={"Content-Type": "application/json"},
    )
    assert_problem(answer, 422, "validation-error")


async def test_openapi_declares_picks_more_like_this_and_interactions(shop: MiniShop) -> None:
    spec = (await shop.client.get("/mobile/openapi.json")).json()
    schemas = spec["components"]["schemas"]

    home = schemas["Home"]["properties"]
    assert any(ref.get("$ref", "").endswith("/Picks") for ref in home["picks"]["anyOf"])
    assert set(schemas["Picks"]["properties"]) == {
        "available",
        "recommendation_id",
        "strategy",
        "model_version",
        "items",
    }
    assert set(schemas["Pick"]["properties"]) == PICK_FIELDS
    screen = schemas["ProductScreen"]["properties"]
    assert screen["related_source"]["enum"] == ["curation", "catalog"]
    assert {"recommendation_id", "model_version"} <= set(screen)
    assert "401" in spec["paths"]["/api/home"]["get"]["responses"]

    record = spec["paths"]["/api/interactions"]["post"]
    assert record["operationId"] == "record_interaction"
    accepted = record["responses"]["202"]["content"]["application/json"]["schema"]
    assert accepted["$ref"].endswith("/InteractionAccepted")
    for status in ("401", "422"):
        assert "application/problem+json" in record["responses"][status]["content"]
    body = record["requestBody"]["content"]["application/json"]["schema"]
    assert body["$ref"].endswith("/InteractionBody")
    assert schemas["InteractionBody"]["additionalProperties"] is False


async def test_an_unreadable_picks_answer_is_no_picks() -> None:
    """What curation answers is checked, not trusted: a malformed list is no picks."""
    from bookbrew.bff_mobile.service import Screens

    async def picks_for(body: Any) -> bool:
        curation = ServiceClient(
            "curation",
            "http://curation",
            transport=httpx.MockTransport(lambda _: httpx.Response(200, json=body)),
        )
        screens = Screens(catalog=None, root="", curation=curation)  # type: ignore[arg-type]
        found = await screens.picks(customer_id="ana", token="t", size=3, budget_seconds=1)
        await curation.close()
        return found.available

    for body in (
        [],
        {"items": []},
        {"recommendation_id": "r", "items": [{"sku": "CF-001"}]},
        {"recommendation_id": "r", "items": [{**_ITEM, "price": {"amount": 1200}}]},
    ):
        assert await picks_for(body) is False, body
    assert await picks_for({**recommendation_list("r", []), "items": [_ITEM]}) is True


_ITEM = {
    "sku": "CF-001",
    "name": "Coffee",
    "category": "coffee",
    "price": {"amount": 1200, "currency": "EUR"},
    "reason": "Because you like light roasts",
    "score": 0.8,
    "novel": False,
}
