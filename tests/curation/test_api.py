"""Who may read what, and bad input answered with problem documents."""

from __future__ import annotations

import pytest

from tests.curation.conftest import CurationUnderTest

PROBLEM = "application/problem+json"


async def test_shoppers_read_only_their_own_picks(curation: CurationUnderTest) -> None:
    await curation.complete_questionnaire("alice", [("roast", "dark", 1.0)])

    other = await curation.client.get("/recommendations/alice", headers=curation.headers("bob"))
    assert other.status_code == 404 and other.headers["content-type"] == PROBLEM

    anonymous = await curation.client.get("/recommendations/alice")
    assert anonymous.status_code == 401

    for subject, role in (("bff-web", "service"), ("staff", "admin"), ("alice", "customer")):
        response = await curation.client.get(
            "/recommendations/alice", headers=curation.headers(subject, role)
        )
        assert response.status_code == 200, (role, response.text)

    sneaky = await curation.client.post(
        "/complements",
        json={"skus": [curation.catalog[0]["sku"]], "customer_id": "alice"},
        headers=curation.headers("bob"),
    )
    assert sneaky.status_code == 404

    # A guest's cart: complements for the cart alone, no token; naming someone takes one.
    sku = curation.catalog[0]["sku"]
    guest = await curation.client.post("/complements", json={"skus": [sku]})
    assert guest.status_code == 200 and guest.json()["customer_id"] is None
    named = await curation.client.post("/complements", json={"skus": [sku], "customer_id": "alice"})
    assert named.status_code == 401 and named.headers["content-type"] == PROBLEM

    models = await curation.client.get("/models", headers=curation.headers("alice"))
    assert models.status_code == 403


@pytest.mark.parametrize(
    ("method", "path", "params", "body", "status"),
    [
        ("GET", "/recommendations/alice", {"context": "shoes"}, None, 422),
        ("GET", "/recommendations/alice", {"limit": 0}, None, 422),
        ("GET", "/recommendations/alice", {"limit": 1000}, None, 422),
        ("GET", "/products/NOPE-1/similar", {}, None, 404),
        ("GET", "/products/bad%20sku!/similar", {}, None, 422),
        ("POST", "/complements", {}, {"skus": []}, 422),
        ("POST", "/complements", {}, {"skus": ["CF-00001"], "limit": 500}, 422),
        ("POST", "/complements", {}, {"nothing": True}, 422),
    ],
)
async def test_bad_input_is_a_problem(
    curation: CurationUnderTest,
    method: str,
    path: str,
    params: dict[str, object],
    body: object,
    status: int,
) -> None:
    response = await curation.client.request(
        method, path, params=params, json=body, headers=curation.headers("alice")
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == status
