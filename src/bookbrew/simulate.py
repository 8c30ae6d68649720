"""Demo behaviour: simulated shoppers give a fresh shop some history to learn from.

Each synthetic shopper has a hidden taste persona (a deterministic preference weight for
every facet value, strong for the categories they care about). They answer the matching
questionnaires consistently with it, browse their recommendations and the catalog
(recording views and clicks with curation), and most of them buy a few items that suit
them. Everything goes through the services' public HTTP APIs of a RUNNING shop, with
development tokens; nothing here imports a service."""

from __future__ import annotations

import asyncio
import hashlib
import math
import random
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from bookbrew.contracts.catalog import FACET_ATTRIBUTES

SERVICE_NAMES = ("customers", "catalog", "questionnaire", "curation", "orders", "payments")
CATEGORIES = ("book", "coffee", "perfume", "beverage")
BROWSE_ONLY_SHARE = 0.2
TEST_CARD = "4242424242424242"
# Every simulated shopper ships to the same demo address.
SHIPPING_ADDRESS = {
    "recipient": "BookBrew Simulation",
    "line1": "Rua Augusta 100",
    "city": "Lisboa",
    "postal_code": "1100-053",
    "country": "PT",
}

TokenMinter = Callable[..., str]  # e.g. DevSigningKey.mint: (subject, *, roles, scopes, ...)
Progress = Callable[[str], None]


@dataclass
class SimulationReport:
    shoppers: int = 0
    questionnaires_completed: int = 0
    questionnaires_failed: int = 0
    interactions: int = 0
    cart_lines: int = 0
    orders_confirmed: int = 0
    orders_failed: int = 0
    browse_only: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.shoppers} shoppers, {self.questionnaires_completed} questionnaires completed"
            f" ({self.questionnaires_failed} failed), {self.interactions} interactions,"
            f" {self.orders_confirmed} orders confirmed, {self.orders_failed} failed,"
            f" {self.browse_only} browsed only, {len(self.errors)} errors,"
            f" {self.seconds:.1f} s"
        )


def service_urls(base_url: str, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The embedded layout (`<base>/svc/<name>`), with per-service overrides (distributed:
    each service's own `http://host:port`)."""
    base = base_url.rstrip("/")
    urls = {name: f"{base}/svc/{name}" for name in SERVICE_NAMES}
    urls.update({k: v.rstrip("/") for k, v in (overrides or {}).items()})
    return urls


# --- the hidden taste ---------------------------------------------------------------


class Persona:
    """A shopper's hidden taste: a stable weight in [-1.5, 1.5] for every (facet, value),
    derived from the seed alone, so the same shopper always likes the same things."""

    def __init__(self, seed: int, index: int, rng: random.Random) -> None:
        self.key = f"{seed}:{index}"
        self.categories = rng.sample(CATEGORIES, rng.randint(1, 3))
        self.spend = rng.random()  # 0: thrifty .. 1: no limit, on every budget question
        self.budgets: dict[str, int | None] = {}  # per questionnaire, as answered

    def weight(self, facet: str, value: str) -> float:
        if facet == "category":
            return 2.0 if value in self.categories else -1.0
        digest = hashlib.blake2b(
            f"{self.key}|{facet}|{value.lower()}".encode(), digest_size=8
        ).digest()
        unit = int.from_bytes(digest, "big") / 2**64  # uniform in [0, 1)
        # Most values leave a shopper indifferent; some are loved, some disliked.
        return math.copysign(abs(unit * 2 - 1) ** 1.5 * 1.5, unit - 0.5)

    def signals_score(self, signals: Sequence[Mapping[str, Any]]) -> float:
        return sum(
            float(s.get("weight", 1.0)) * self.weight(s["facet"], str(s["value"])) for s in signals
        )

    def product_score(self, product: Mapping[str, Any]) -> float:
        category = str(product.get("category", ""))
        if category not in self.categories:
            return -5.0
        score = 1.0
        attributes = product.get("attributes") or {}
        values: list[tuple[str, str]] = [("tag", str(t)) for t in product.get("tags") or []]
        for facet, path in FACET_ATTRIBUTES.get(category, {}).items():
            raw = attributes.get(path)
            if isinstance(raw, dict):
                items = [note for layer in raw.values() for note in (layer or [])]
            elif isinstance(raw, list):
                items = raw
            elif raw is None:
                items = []
            else:
                items = [raw]
            values.extend((facet, str(item)) for item in items if str(item).strip())
        if values:
            score += sum(self.weight(f, v) for f, v in values) / math.sqrt(len(values))
        budget = self.budgets.get(category, self.budgets.get("general"))
        price = (product.get("price") or {}).get("amount")
        if isinstance(price, int) and budget is not None and price > budget:
            score -= 1.5
        return score


# --- answering a questionnaire --------------------------------------------------------


def _visible(question: Mapping[str, Any], answers: Mapping[str, Any], shown: set[str]) -> bool:
    cond = question.get("show_if")
    if not cond:
        return True
    parent = cond["question_id"]
    if parent not in shown or parent not in answers:
        return False
    value = answers[parent]
    if cond.get("includes") is not None:
        return isinstance(value, list) and cond["includes"] in value
    return bool(value == cond.get("equals"))


def answer_questionnaire(
    questionnaire: Mapping[str, Any], persona: Persona, rng: random.Random
) -> dict[str, Any]:
    """Answers valid for this version: every shown required question, most optional ones,
    follow-ups only when their condition holds, choices led by the persona's taste."""
    answers: dict[str, Any] = {}
    shown: set[str] = set()
    for question in questionnaire["questions"]:
        if not _visible(question, answers, shown):
            continue
        shown.add(question["id"])
        options = question.get("options") or []
        if any(o.get("budget_max_minor") is not None for o in options):
            # Budget: the same spending level everywhere (ids in the shop's order).
            chosen = options[round(persona.spend * (len(options) - 1))]
            answers[question["id"]] = chosen["id"]
            persona.budgets[questionnaire.get("key", "general")] = chosen.get("budget_max_minor")
            continue
        if not question.get("required", True) and rng.random() < 0.3:
            continue
        value = _answer(question, persona, rng)
        if value is not None:
            answers[question["id"]] = value
    return answers


def _answer(question: Mapping[str, Any], persona: Persona, rng: random.Random) -> Any:
    kind = question["type"]
    options = question.get("options") or []
    if kind in {"single_choice", "multiple_choice", "ranked_choice"}:
        scored = sorted(
            options,
            key=lambda o: persona.signals_score(o.get("signals") or []) + rng.gauss(0, 0.25),
            reverse=True,
        )
        if kind == "single_choice":
            return scored[0]["id"]
        low = int(question.get("min_selections") or 1)
        high = int(question.get("max_selections") or len(options))
        liked = sum(1 for o in options if persona.signals_score(o.get("signals") or []) > 0.3)
        count = max(low, min(high, liked if liked <= 4 else rng.randint(4, liked)))
        return [o["id"] for o in scored[:count]]
    if kind == "scale":
        scale = question.get("scale") or {"min": 1, "max": 5}
        lo, hi = int(scale.get("min", 1)), int(scale.get("max", 5))
        lean = math.tanh(persona.signals_score(question.get("signals") or []) + rng.gauss(0, 0.3))
        return max(lo, min(hi, round(lo + (lean + 1) / 2 * (hi - lo))))
    if kind == "free_text":
        facet = question.get("text_facet")
        suggestions = question.get("suggestions") or []
        if facet and suggestions:
            best = sorted(suggestions, key=lambda s: persona.weight(facet, s), reverse=True)
            text = ", ".join(best[: rng.randint(1, 3)])
        elif question.get("required", True):
            text = "Surprise me"
        else:
            return None
        return text[: int(question.get("max_length") or 500)]
    return None


# --- one shopper -----------------------------------------------------------------------


class _Shopper:
    def __init__(
        self,
        client: httpx.AsyncClient,
        urls: Mapping[str, str],
        minter: TokenMinter,
        seed: int,
        index: int,
        run_id: str,
        report: SimulationReport,
    ) -> None:
        self.client, self.urls, self.minter, self.report = client, urls, minter, report
        self.rng = random.Random(f"bookbrew-sim:{seed}:{index}")
        self.persona = Persona(seed, index, self.rng)
        self.subject = f"sim-{seed}-{index:05d}-{run_id}"
        self.index = index

    def _token(self, *, step_up: bool = False) -> str:
        extra: dict[str, Any] = {}
        if step_up:
            extra = {"amr": ["pwd", "otp"], "auth_time": int(time.time())}
        return self.minter(
            self.subject,
            roles=["customer"],
            scopes=["openid", "profile", "email"],
            ttl_seconds=900,
            **extra,
        )

    def _headers(self, *, step_up: bool = False, **more: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token(step_up=step_up)}", **more}

    async def _call(
        self,
        method: str,
        service: str,
        path: str,
        *,
        ok: Sequence[int] = (200, 201, 202),
        step_up: bool = False,
        headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> Any:
        response = await self.client.request(
            method,
            self.urls[service] + path,
            headers=self._headers(step_up=step_up, **(headers or {})),
            **kwargs,
        )
        if response.status_code not in ok:
            raise _CallFailed(
                f"{method} {service}{path} -> {response.status_code}: {response.text[:300]}"
            )
        return response.json() if response.content else None

    async def run(self) -> None:
        await self.answer_questionnaires()
        candidates = await self.browse()
        if self.rng.random() < BROWSE_ONLY_SHARE or not candidates:
            self.report.browse_only += 1
            return
        await self.buy(candidates)

    async def answer_questionnaires(self) -> None:
        keys = (
            ["general", *self.persona.categories]
            if self.rng.random() < 0.8
            else [*self.persona.categories]
        )
        for key in keys:
            try:
                questionnaire = await self._call("GET", "questionnaire", f"/questionnaires/{key}")
                answers = answer_questionnaire(questionnaire, self.persona, self.rng)
                started = await self._call(
                    "POST", "questionnaire", "/responses", json={"questionnaire_key": key}
                )
                if started["version"] != questionnaire["version"]:  # a new version meanwhile
                    questionnaire = await self._call(
                        "GET",
                        "questionnaire",
                        f"/questionnaires/{key}/versions/{started['version']}",
                    )
                    answers = answer_questionnaire(questionnaire, self.persona, self.rng)
                # Two partial saves, as a shopper who pauses midway would.
                items = list(answers.items())
                half = len(items) // 2
                for part in (items[:half], items[half:]):
                    if part:
                        await self._call(
                            "PATCH",
                            "questionnaire",
                            f"/responses/{started['id']}/answers",
                            json={"answers": dict(part)},
                        )
                await self._call("POST", "questionnaire", f"/responses/{started['id']}/complete")
                self.report.questionnaires_completed += 1
            except _CallFailed as exc:
                self.report.questionnaires_failed += 1
                self.report.errors.append(f"{self.subject} {key}: {exc}")

    async def _interact(
        self, sku: str, kind: str, source: str, recs: Mapping[str, Any] | None = None
    ) -> None:
        body: dict[str, Any] = {"sku": sku, "kind": kind, "source": source}
        if recs is not None:
            body["recommendation_id"] = recs["recommendation_id"]
            if recs.get("model_version"):
                body["model_version"] = recs["model_version"]
        try:
            await self._call("POST", "curation", "/interactions", json=body)
            self.report.interactions += 1
        except _CallFailed as exc:
            self.report.errors.append(f"{self.subject} interaction: {exc}")

    async def _products(self, skus: Sequence[str]) -> list[dict[str, Any]]:
        if not skus:
            return []
        found: list[dict[str, Any]] = await self._call(
            "GET", "catalog", "/products/batch", params=[("sku", s) for s in skus[:100]]
        )
        return found

    async def browse(self) -> dict[str, dict[str, Any]]:
        """Recommendations (home and per category) and catalog pages; views on what is
        shown, clicks on what suits the persona. Returns in-stock candidates by SKU."""
        candidates: dict[str, dict[str, Any]] = {}
        contexts = ["home", *self.persona.categories]
        for context in contexts:
            try:
                recs = await self._call(
                    "GET",
                    "curation",
                    f"/recommendations/{self.subject}",
                    params={"context": context, "limit": 12},
                )
            except _CallFailed as exc:
                self.report.errors.append(f"{self.subject} recommendations: {exc}")
                continue
            products = {
                p["sku"]: p for p in await self._products([i["sku"] for i in recs["items"]])
            }
            for item in recs["items"][: self.rng.randint(3, 8)]:
                product = products.get(item["sku"])
                if product is None:
                    continue
                await self._interact(item["sku"], "view", context, recs)
                if self.persona.product_score(product) > 1.0 or self.rng.random() < 0.1:
                    await self._interact(item["sku"], "click", context, recs)
                    candidates[product["sku"]] = product
        for category in self.persona.categories:
            page = await self._catalog_page(category)
            ranked = sorted(page, key=self.persona.product_score, reverse=True)
            for product in ranked[: self.rng.randint(2, 5)]:
                await self._interact(product["sku"], "view", "category")
                if self.rng.random() < 0.6:
                    await self._interact(product["sku"], "click", "category")
                    candidates[product["sku"]] = product
        return {s: p for s, p in candidates.items() if p.get("in_stock", True)}

    async def _catalog_page(self, category: str) -> list[dict[str, Any]]:
        try:
            page = await self._call(
                "GET",
                "catalog",
                "/products",
                params={"category": category, "in_stock": "true", "limit": 48},
            )
        except _CallFailed as exc:
            self.report.errors.append(f"{self.subject} catalog: {exc}")
            return []
        items: list[dict[str, Any]] = page["items"]
        return items

    async def buy(self, candidates: Mapping[str, Mapping[str, Any]]) -> None:
        ranked = sorted(candidates.values(), key=self.persona.product_score, reverse=True)
        picks = ranked[: self.rng.randint(1, 3)]
        try:
            for product in picks:
                await self._call(
                    "POST",
                    "orders",
                    "/cart/lines",
                    json={"sku": product["sku"], "quantity": 1, "source": "recommendation"},
                )
                self.report.cart_lines += 1
            year = time.gmtime().tm_year + 2
            card = await self._call(
                "POST",
                "payments",
                "/payment-methods",
                json={"number": TEST_CARD, "exp_month": 12, "exp_year": year, "cvc": "123"},
            )
            order = await self._call(
                "POST",
                "orders",
                "/checkout",
                step_up=True,
                headers={"Idempotency-Key": f"{self.subject}-checkout"},
                json={"payment_method": card["token"], "shipping_address": SHIPPING_ADDRESS},
            )
            if order["status"] == "awaiting_confirmation":
                order = await self._call(
                    "POST", "orders", f"/orders/{order['id']}/confirm-payment", step_up=True
                )
            for _ in range(20):  # rarely still pending: settled shortly
                if order["status"] != "pending":
                    break
                await asyncio.sleep(0.25)
                order = await self._call("GET", "orders", f"/orders/{order['id']}")
        except _CallFailed as exc:
            self.report.orders_failed += 1
            self.report.errors.append(f"{self.subject} purchase: {exc}")
            return
        if order["status"] in {"confirmed", "processing", "shipped", "delivered"}:
            self.report.orders_confirmed += 1
        else:
            self.report.orders_failed += 1
            self.report.errors.append(
                f"{self.subject} order {order['id']}: {order['status']} ({order.get('reason')})"
            )


class _CallFailed(Exception):
    pass


# --- the run -----------------------------------------------------------------------------


async def simulate_shoppers(
    base_url: str,
    *,
    shoppers: int,
    seed: int,
    token_minter: TokenMinter,
    concurrency: int = 8,
    progress: Progress | None = None,
    services: Mapping[str, str] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: float = 60.0,
) -> SimulationReport:
    """Simulate `shoppers` synthetic customers against a running shop, `concurrency` at
    a time. Shopper i behaves the same for the same seed; subjects carry a per-run suffix
    so a second run adds new customers instead of colliding with the first run's carts and
    idempotency keys. `services` overrides where each service lives (distributed)."""
    urls = service_urls(base_url, services)
    report = SimulationReport()
    run_id = uuid.uuid4().hex[:6]
    started = time.perf_counter()
    gate = asyncio.Semaphore(max(1, concurrency))
    done = 0

    async with httpx.AsyncClient(transport=transport, timeout=timeout) as client:

        async def one(index: int) -> None:
            nonlocal done
            async with gate:
                shopper = _Shopper(client, urls, token_minter, seed, index, run_id, report)
                try:
                    await shopper.run()
                except (httpx.HTTPError, _CallFailed, KeyError, ValueError) as exc:
                    report.errors.append(f"{shopper.subject}: {type(exc).__name__}: {exc}")
                report.shoppers += 1
                report.seconds = time.perf_counter() - started
                done += 1
                if progress is not None and (done % 10 == 0 or done == shoppers):
                    progress(f"{done}/{shoppers} shoppers: {report.summary()}")

        await asyncio.gather(*(one(i) for i in range(shoppers)))
    report.seconds = time.perf_counter() - started
    return report
