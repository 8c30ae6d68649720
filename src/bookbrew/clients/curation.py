"""How the BFFs call the AI curation service: its picks, "more like this" and complements
within a page's budget, and views and clicks recorded best effort. Shared by both BFFs
(they call curation the same way); the shapes are curation's contracts."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from pydantic import ValidationError

from bookbrew.contracts.catalog import Product
from bookbrew.contracts.curation import RecommendationList
from bookbrew.platform.http import (
    CircuitBreaker,
    ServiceClient,
    ServiceError,
    ServiceUnavailable,
)
from bookbrew.platform.responses import call_as_user
from bookbrew.platform.runtime import Runtime

log = logging.getLogger(__name__)


async def record_interaction(
    curation: ServiceClient, payload: dict[str, Any], token: str | None
) -> bool:
    """Forward an interaction to curation (as the shopper, with their token, or as the
    anonymous visitor the payload names). Best effort: False when curation is away or
    refuses for reasons of its own; a 401 or 422 (the caller's to fix: its token or its
    body) is raised as the ServiceError it is."""
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    try:
        await curation.request("POST", "/interactions", json=payload, headers=headers)
    except ServiceError as exc:
        if exc.status in (401, 422):
            raise
        log.warning("curation refused an interaction (%s): %s", exc.status, exc)
        return False
    except ServiceUnavailable as exc:
        log.warning("curation unavailable; interaction not recorded: %s", exc)
        return False
    return True


async def picks_for(
    curation: ServiceClient, customer_id: str, token: str, *, limit: int, budget_seconds: float
) -> RecommendationList:
    """A shopper's home picks, asked with their own token, within a page's budget.
    Raises ServiceUnavailable (slow, down, breaker open), a `Problem` (curation refused
    the shopper) or ValidationError (an answer not of this shape)."""
    answer = await curation.within(
        budget_seconds,
        call_as_user(
            curation,
            "GET",
            f"/recommendations/{quote(customer_id, safe='')}",
            token,
            params={"context": "home", "limit": limit},
        ),
    )
    return RecommendationList.model_validate_json(answer.content)


async def similar_products(
    curation: ServiceClient,
    catalog: ServiceClient,
    product: Product,
    *,
    size: int,
    budget_seconds: float,
) -> tuple[list[Product], RecommendationList] | None:
    """Curation's "more like this" for a product, as full catalog products (active, in
    stock, in curation's order, at most `size`), with the list they came from; None when
    curation is slow, down or has nothing to say, so the caller falls back."""
    try:
        found = await curation.within(
            budget_seconds,
            curation.request(
                "GET",
                f"/products/{quote(product.sku, safe='')}/similar",
                params={"limit": size + 4},
            ),
        )
        similar = RecommendationList.model_validate_json(found.content)
        skus = list(dict.fromkeys(i.sku for i in similar.items if i.sku != product.sku))[:100]
        if not skus:
            return None
        listed = await catalog.get_json("/products/batch", params={"sku": skus})
        by_sku = {p.sku: p for p in map(Product.model_validate, listed)}
    except (ServiceUnavailable, ServiceError, ValidationError, TypeError) as exc:
        log.warning("no curated 'more like this' for %s: %s", product.sku, exc)
        return None
    items = [
        by_sku[sku]
        for sku in skus
        if sku in by_sku and by_sku[sku].status == "active" and by_sku[sku].in_stock
    ][:size]
    return (items, similar) if items else None


async def complements_for(
    curation: ServiceClient,
    skus: list[str],
    token: str | None,
    *,
    customer_id: str | None,
    limit: int,
    budget_seconds: float,
) -> RecommendationList:
    """What goes well with a cart's SKUs, within a page's budget: for its shopper (their
    token and id: what they bought is left out) or, without a token, for a guest.
    Raises ServiceUnavailable (slow, down, breaker open), a `Problem` (curation refused
    the shopper) or ValidationError (an answer not of this shape)."""
    body = {
        "skus": list(dict.fromkeys(skus))[:100],
        "customer_id": customer_id if token is not None else None,
        "limit": max(1, min(limit, 50)),
    }
    call = (
        call_as_user(curation, "POST", "/complements", token, json=body)
        if token is not None
        else curation.request("POST", "/complements", json=body)
    )
    answer = await curation.within(budget_seconds, call)
    return RecommendationList.model_validate_json(answer.content)


def curation_clients(
    runtime: Runtime, url: str, *, longest_budget_seconds: float, events_timeout_seconds: float
) -> tuple[ServiceClient, ServiceClient]:
    """How a BFF talks to curation: one client for what a page waits for (picks, more
    like this, complements: extras with tight budgets, so no retries and a breaker that
    stops asking for a while after a few failures; each call's own budget is enforced by
    `ServiceClient.within`), and one for views and clicks (best effort, a little more
    patient, with a breaker of its own so a slow picks call does not stop them)."""
    pages = runtime.client(
        "curation",
        url,
        timeout=longest_budget_seconds,
        retries=0,
        breaker=CircuitBreaker(threshold=3, reset_after=15.0),
    )
    events = runtime.client(
        "curation",
        url,
        timeout=events_timeout_seconds,
        retries=0,
        breaker=CircuitBreaker(threshold=5, reset_after=10.0),
    )
    return pages, events
