"""A simulated trading period as events, and the figures every report must show,
computed here in plain Python from the simulation itself (not from the service)."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bookbrew.contracts.catalog import CATEGORIES
from bookbrew.platform.events.envelope import CloudEvent

START = date(2026, 1, 5)
DAYS = 84  # twelve weeks across three calendar months
WINDOW = timedelta(days=7)
LOW_STOCK = 5
MODELS = ("popularity-1", "hybrid-2")


def at(day: date, seconds: int) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(seconds=seconds)


def event(source: str, type_: str, time: datetime, data: dict[str, Any]) -> CloudEvent:
    return CloudEvent(source=f"/bookbrew/{source}", type=type_, time=time, data=data)


@dataclass
class Product:
    sku: str
    name: str
    category: str
    price: int
    stock: int
    deleted: bool = False


@dataclass
class Order:
    order_id: str
    customer: str
    lines: list[tuple[str, int]]  # sku, quantity
    placed: datetime
    confirmed: datetime | None
    cancelled: datetime | None
    refunded: int = 0


@dataclass
class Simulation:
    events: list[CloudEvent] = field(default_factory=list)
    products: dict[str, Product] = field(default_factory=dict)
    registered: dict[str, datetime] = field(default_factory=dict)
    orders: list[Order] = field(default_factory=list)
    # (visitor, sku, kind, time, recommendation_id, model_version)
    interactions: list[tuple[str, str, str, datetime, str | None, str | None]] = field(
        default_factory=list
    )
    # (recommendation_id, customer, model_version, skus, time)
    lists: list[tuple[str, str, str, list[str], datetime]] = field(default_factory=list)
    completions: list[tuple[str, str, datetime]] = field(default_factory=list)  # customer, key


def simulate(
    seed: int = 8, customers: int = 30, visitors: int = 12, orders: int = 90
) -> Simulation:
    rng = random.Random(seed)
    sim = Simulation()
    emit = sim.events.append

    # Products: four per category described by the catalog, a fifth only ever seen on
    # order lines (a placeholder); two updated, one stale update, one deleted, one low.
    for index, category in enumerate(CATEGORIES):
        for n in range(5):
            sku = f"{category[:2].upper()}-{n}"
            product = Product(
                sku, f"{category} {n}", category, 500 + 250 * n + 100 * index, 3 + 4 * n
            )
            sim.products[sku] = product
            if n < 4:
                emit(_product(product, 1, at(START, 60 * n), stock=product.stock))
    for sku, (stock, when) in {"BO-1": (2, 40), "CO-2": (25, 50)}.items():
        sim.products[sku].stock = stock
        emit(_product(sim.products[sku], 2, at(START + timedelta(days=when), 0), stock=stock))
    # An old version delivered late: ignored, whatever order it arrives in.
    emit(_product(sim.products["BO-1"], 1, at(START + timedelta(days=39), 0), stock=99))
    emit(
        event(
            "catalog",
            "bookbrew.inventory.low_stock",
            at(START + timedelta(days=60), 0),
            {"sku": "PE-0", "category": "perfume", "stock": 1, "threshold": LOW_STOCK},
        )
    )
    sim.products["PE-0"].stock = 1
    emit(
        event(
            "catalog",
            "bookbrew.product.deleted",
            at(START + timedelta(days=70), 0),
            {"sku": "BE-2", "category": "beverage"},
        )
    )
    sim.products["BE-2"].deleted = True

    people = [f"cust-{n:03d}" for n in range(customers)]
    for person in people:
        when = at(START + timedelta(days=rng.randrange(DAYS)), rng.randrange(86400))
        sim.registered[person] = when
        emit(
            event(
                "customers",
                "bookbrew.customer.registered",
                when,
                {
                    "customer_id": person,
                    "email": f"{person}@example.test",
                    "display_name": person,
                    "locale": "en",
                    "verification_url": "https://example.test/verify",
                    "marketing_consent": False,
                },
            )
        )
    skus = sorted(sim.products)
    described = [sku for sku in skus if not sku.endswith("-4")]

    def interact(
        who: str,
        sku: str,
        kind: str,
        when: datetime,
        rec: str | None = None,
        model: str | None = None,
    ) -> None:
        sim.interactions.append((who, sku, kind, when, rec, model))
        body: dict[str, Any] = {"sku": sku, "kind": kind, "occurred_at": when.isoformat()}
        body["customer_id" if who.startswith("cust") else "anonymous_id"] = who
        if rec:
            body |= {"recommendation_id": rec, "model_version": model}
        emit(event("bff_web", "bookbrew.interaction.recorded", when, body))

    for visitor in [f"anon-{n}" for n in range(visitors)] + people:
        for _ in range(rng.randrange(1, 5)):
            day = START + timedelta(days=rng.randrange(DAYS))
            interact(visitor, rng.choice(described), "view", at(day, rng.randrange(86400)))

    for person in people:
        if rng.random() < 0.6:
            key = rng.choice(("general", *CATEGORIES))
            when = at(START + timedelta(days=rng.randrange(DAYS)), rng.randrange(86400))
            sim.completions.append((person, key, when))
            emit(
                event(
                    "questionnaire",
                    "bookbrew.questionnaire.completed",
                    when,
                    {
                        "response_id": f"resp-{len(sim.completions)}",
                        "customer_id": person,
                        "questionnaire_key": key,
                        "version": 1,
                        "answers": {},
                        "signals": [],
                        "completed_at": when.isoformat(),
                    },
                )
            )
        for _ in range(rng.randrange(0, 4)):
            rec = f"rec-{len(sim.lists)}"
            model = rng.choice(MODELS)
            shown = rng.sample(described, 4)
            when = at(START + timedelta(days=rng.randrange(DAYS)), rng.randrange(86400))
            sim.lists.append((rec, person, model, shown, when))
            emit(
                event(
                    "curation",
                    "bookbrew.recommendations.updated",
                    when,
                    {
                        "customer_id": person,
                        "recommendation_id": rec,
                        "model_version": model,
                        "context": "home",
                        "skus": shown,
                        "generated_at": when.isoformat(),
                    },
                )
            )
            for sku in shown:
                if rng.random() < 0.3:
                    interact(person, sku, "click", when + timedelta(minutes=5), rec, model)

    for n in range(orders):
        person = rng.choice(people)
        mine = [item for item in sim.lists if item[1] == person]
        placed = at(START + timedelta(days=rng.randrange(DAYS)), rng.randrange(80000))
        if mine and rng.random() < 0.5:  # buy something recommended a few days before
            rec, _, _, shown, when = rng.choice(mine)
            placed = when + timedelta(days=rng.choice((0, 2, 6, 9)), hours=1)
            chosen = [rng.choice(shown), *rng.sample(skus, rng.randrange(0, 2))]
        else:
            chosen = rng.sample(skus, rng.randrange(1, 4))
        lines = [(sku, rng.randrange(1, 4)) for sku in dict.fromkeys(chosen)]
        fate = rng.random()
        confirmed = placed + timedelta(minutes=3) if fate > 0.1 else None
        cancelled = None
        if fate <= 0.1:
            cancelled = placed + timedelta(minutes=1)
        elif fate < 0.2:
            cancelled = placed + timedelta(hours=5)
        order = Order(f"ord-{n:04d}", person, lines, placed, confirmed, cancelled)
        sim.orders.append(order)
        for sku, _ in lines:
            interact(person, sku, "add_to_cart", placed - timedelta(minutes=2))
        steps: list[tuple[str, datetime]] = [("placed", placed)]
        if confirmed is None:
            steps.append(("failed", cancelled))  # type: ignore[arg-type]
        else:
            steps.append(("confirmed", confirmed))
            if cancelled is not None:
                steps.append(("cancelled", cancelled))
            elif rng.random() < 0.6:
                steps.append(("shipped", confirmed + timedelta(days=1)))
                steps.append(("delivered", confirmed + timedelta(days=3)))
        for verb, when in steps:
            emit(_order(sim, order, verb, when))
        if confirmed is not None:
            for sku, _ in lines:
                interact(person, sku, "purchase", confirmed)
            payment = {
                "payment_id": f"pay-{n:04d}",
                "reference": order.order_id,
                "customer_id": person,
                "amount": {"amount": _total(sim, order), "currency": "EUR"},
                "provider": "sandbox",
                "occurred_at": confirmed.isoformat(),
            }
            emit(event("payments", "bookbrew.payment.succeeded", confirmed, payment))
            if cancelled is None and rng.random() < 0.15:
                for refunded in (300, 700):  # cumulative totals
                    when = confirmed + timedelta(days=2, minutes=refunded)
                    body = payment | {
                        "refunded": {"amount": refunded, "currency": "EUR"},
                        "occurred_at": when.isoformat(),
                    }
                    emit(event("payments", "bookbrew.payment.refunded", when, body))
                order.refunded = 700
    # Forgetting a customer keeps the figures.
    emit(
        event(
            "customers",
            "bookbrew.customer.erased",
            at(START + timedelta(days=DAYS), 0),
            {"customer_id": people[0]},
        )
    )
    return sim


def _product(product: Product, version: int, when: datetime, *, stock: int) -> CloudEvent:
    return event(
        "catalog",
        "bookbrew.product.created" if version == 1 else "bookbrew.product.updated",
        when,
        {
            "sku": product.sku,
            "name": product.name,
            "category": product.category,
            "price": {"amount": product.price, "currency": "EUR"},
            "stock": stock,
            "status": "active",
            "tags": [],
            "attributes": {},
            "description": "",
            "version": version,
        },
    )


def _total(sim: Simulation, order: Order) -> int:
    return sum(sim.products[sku].price * quantity for sku, quantity in order.lines)


def _order(sim: Simulation, order: Order, verb: str, when: datetime) -> CloudEvent:
    return event(
        "orders",
        f"bookbrew.order.{verb}",
        when,
        {
            "order_id": order.order_id,
            "customer_id": order.customer,
            "status": verb,
            "lines": [
                {
                    "sku": sku,
                    "name": sim.products[sku].name,
                    "category": sim.products[sku].category,
                    "quantity": quantity,
                    "unit_price": {"amount": sim.products[sku].price, "currency": "EUR"},
                }
                for sku, quantity in order.lines
            ],
            "total": {"amount": _total(sim, order), "currency": "EUR"},
            "occurred_at": when.isoformat(),
        },
    )


# ---- the expected figures --------------------------------------------------------------


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def month(day: date) -> date:
    return day.replace(day=1)


class Expected:
    """Report rows as plain dicts (JSON form), straight from the simulation."""

    def __init__(self, sim: Simulation, first: date, last: date, category: str | None) -> None:
        self.sim, self.first, self.last, self.category = sim, first, last, category

    def _in(self, day: date) -> bool:
        return self.first <= day <= self.last

    def _category_ok(self, sku: str) -> bool:
        return self.category is None or self.sim.products[sku].category == self.category

    def counted(self) -> list[Order]:
        return [o for o in self.sim.orders if o.confirmed is not None and o.cancelled is None]

    def sales(self, granularity: str) -> list[dict[str, Any]]:
        def bucket(day: date) -> date:
            if granularity == "week":
                return day - timedelta(days=day.weekday())
            return month(day) if granularity == "month" else day

        rows: dict[date, dict[str, Any]] = {}
        for order in self.counted():
            assert order.confirmed is not None
            day = order.confirmed.date()
            lines = [(s, q) for s, q in order.lines if self._category_ok(s)]
            if not self._in(day) or not lines:
                continue
            row = rows.setdefault(
                bucket(day), {"orders": 0, "units": 0, "revenue": 0, "refunded": 0}
            )
            row["orders"] += 1
            row["units"] += sum(q for _, q in lines)
            row["revenue"] += sum(self.sim.products[s].price * q for s, q in lines)
            row["refunded"] += order.refunded
        result = []
        for period in sorted(rows):
            r = rows[period]
            refunded = None if self.category else r["refunded"]
            result.append(
                {
                    "period": period.isoformat(),
                    "currency": "EUR",
                    "orders": r["orders"],
                    "units": r["units"],
                    "revenue_minor": r["revenue"],
                    "refunded_minor": refunded,
                    "net_revenue_minor": None if refunded is None else r["revenue"] - refunded,
                    "average_order_value_minor": (2 * r["revenue"] + r["orders"])
                    // (2 * r["orders"]),
                }
            )
        return result

    def _sold(self) -> dict[str, dict[str, int]]:
        sold: dict[str, dict[str, int]] = defaultdict(
            lambda: {"orders": 0, "units": 0, "revenue": 0}
        )
        for order in self.counted():
            assert order.confirmed is not None
            if not self._in(order.confirmed.date()):
                continue
            for sku, quantity in order.lines:
                if self._category_ok(sku):
                    sold[sku]["orders"] += 1
                    sold[sku]["units"] += quantity
                    sold[sku]["revenue"] += quantity * self.sim.products[sku].price
        return sold

    def top_products(self, limit: int = 10) -> list[dict[str, Any]]:
        sold = self._sold()
        ranked = sorted(sold, key=lambda s: (-sold[s]["revenue"], s))[:limit]
        return [
            {
                "rank": rank,
                "sku": sku,
                "name": self.sim.products[sku].name,
                "category": self.sim.products[sku].category,
                "currency": "EUR",
                "orders": sold[sku]["orders"],
                "units": sold[sku]["units"],
                "revenue_minor": sold[sku]["revenue"],
            }
            for rank, sku in enumerate(ranked, start=1)
        ]

    def funnel_sets(self) -> dict[str, set[str]]:
        steps: dict[str, set[str]] = {k: set() for k in ("visit", "q", "click", "cart", "buy")}
        for who, sku, kind, when, rec, _ in self.sim.interactions:
            if not self._in(when.date()) or not self._category_ok(sku):
                continue
            steps["visit"].add(who)
            if kind == "click" and rec:
                steps["click"].add(who)
            elif kind == "add_to_cart":
                steps["cart"].add(who)
            elif kind == "purchase":
                steps["buy"].add(who)
        for who, key, when in self.sim.completions:
            if self._in(when.date()) and (
                self.category is None or key == self.category or key not in CATEGORIES
            ):
                steps["q"].add(who)
        return steps

    def funnel(self) -> list[dict[str, Any]]:
        sets = self.funnel_sets()
        names = [
            "visit",
            "questionnaire_completed",
            "recommendation_clicked",
            "added_to_cart",
            "purchased",
        ]
        counts = [len(sets[k]) for k in ("visit", "q", "click", "cart", "buy")]
        return [
            {
                "step": name,
                "visitors": count,
                "rate_from_previous": None if i == 0 else ratio(count, counts[i - 1]),
                "rate_from_first": ratio(count, counts[0]),
            }
            for i, (name, count) in enumerate(zip(names, counts, strict=True))
        ]

    def curation(self) -> list[dict[str, Any]]:
        shown: dict[str, int] = defaultdict(int)
        clicks: dict[str, int] = defaultdict(int)
        for _, _, model, skus, when in self.sim.lists:
            if self._in(when.date()):
                shown[model] += sum(1 for s in skus if self._category_ok(s))
        for _, sku, kind, when, rec, model in self.sim.interactions:
            if kind == "click" and rec and self._in(when.date()) and self._category_ok(sku):
                clicks[model or "unknown"] += 1
        credit: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for order in self.counted():
            assert order.confirmed is not None
            if not self._in(order.confirmed.date()):
                continue
            for sku, quantity in order.lines:
                if not self._category_ok(sku):
                    continue
                candidates = [
                    (when, rec, model)
                    for rec, who, model, skus, when in self.sim.lists
                    if who == order.customer
                    and sku in skus
                    and order.confirmed - WINDOW <= when <= order.confirmed
                ]
                if candidates:
                    _, _, model = max(candidates)
                    credit[model][0] += 1
                    credit[model][1] += quantity
                    credit[model][2] += quantity * self.sim.products[sku].price
        rows = []
        for model in sorted(set(shown) | set(clicks) | set(credit)):
            if not shown.get(model) and not clicks.get(model) and model not in credit:
                continue
            lines, units, revenue = credit.get(model, [0, 0, 0])
            rows.append(
                {
                    "model_version": model,
                    "impressions": shown.get(model, 0),
                    "clicks": clicks.get(model, 0),
                    "click_through_rate": ratio(clicks.get(model, 0), shown.get(model, 0)),
                    "currency": "EUR" if model in credit else None,
                    "attributed_lines": lines,
                    "attributed_units": units,
                    "attributed_revenue_minor": revenue,
                }
            )
        return rows

    def questionnaire(self) -> list[dict[str, Any]]:
        visitors = len(self.funnel_sets()["visit"])
        done = [
            (who, key)
            for who, key, when in self.sim.completions
            if self._in(when.date())
            and (self.category is None or key == self.category or key not in CATEGORIES)
        ]

        def row(name: str, items: list[tuple[str, str]]) -> dict[str, Any]:
            people = len({who for who, _ in items})
            return {
                "questionnaire": name,
                "completions": len(items),
                "customers": people,
                "visitors": visitors,
                "completion_rate": ratio(people, visitors),
            }

        keys = sorted({key for _, key in done})
        return [row("all", done)] + [row(k, [d for d in done if d[1] == k]) for k in keys]

    def _activity(self) -> dict[str, set[date]]:
        """Months with a counted order (in the category) per customer, all time."""
        months: dict[str, set[date]] = defaultdict(set)
        for order in self.counted():
            assert order.confirmed is not None
            if any(self._category_ok(s) for s, _ in order.lines):
                months[order.customer].add(month(order.confirmed.date()))
        return months

    def customers(self) -> list[dict[str, Any]]:
        activity = self._activity()
        rows, current = [], month(self.first)
        while current <= month(self.last):
            new = sum(1 for m in activity.values() if min(m) == current)
            returning = sum(1 for m in activity.values() if current in m and min(m) < current)
            registered = sum(1 for t in self.sim.registered.values() if month(t.date()) == current)
            rows.append(
                {
                    "month": current.isoformat(),
                    "registered": registered,
                    "new": new,
                    "returning": returning,
                    "active": new + returning,
                }
            )
            current = (current + timedelta(days=32)).replace(day=1)
        return rows

    def cohorts(self) -> list[dict[str, Any]]:
        activity = self._activity()
        first, last = month(self.first), month(self.last)
        cohorts = sorted({min(m) for m in activity.values() if first <= min(m) <= last})
        rows = []
        for cohort in cohorts:
            members = [m for m in activity.values() if min(m) == cohort]
            current, offset = cohort, 0
            while current <= last:
                count = sum(1 for m in members if current in m)
                rows.append(
                    {
                        "cohort_month": cohort.isoformat(),
                        "months_since_first": offset,
                        "customers": count,
                        "cohort_size": len(members),
                        "retention": ratio(count, len(members)) or 0.0,
                    }
                )
                current, offset = (current + timedelta(days=32)).replace(day=1), offset + 1
        return rows

    def _listed(self) -> list[Product]:
        ordered = {sku for order in self.sim.orders for sku, _ in order.lines}
        return [
            p
            for p in self.sim.products.values()
            if not p.deleted
            and self._category_ok(p.sku)
            and (not p.sku.endswith("-4") or p.sku in ordered)
        ]

    def low_stock(self) -> list[dict[str, Any]]:
        sold = self._sold()
        described = [p for p in self._listed() if not p.sku.endswith("-4")]
        low = sorted((p for p in described if p.stock <= LOW_STOCK), key=lambda p: (p.stock, p.sku))
        return [
            {
                "sku": p.sku,
                "name": p.name,
                "category": p.category,
                "stock": p.stock,
                "units_sold": sold.get(p.sku, {}).get("units", 0),
            }
            for p in low
        ]

    def sell_through(self) -> list[dict[str, Any]]:
        sold = self._sold()
        rows = []
        for p in self._listed():
            units = sold.get(p.sku, {}).get("units", 0)
            stock = None if p.sku.endswith("-4") else p.stock  # never described: unknown
            rows.append(
                {
                    "sku": p.sku,
                    "name": p.name,
                    "category": p.category,
                    "units_sold": units,
                    "stock": stock,
                    "sell_through": None if stock is None else ratio(units, units + stock),
                }
            )
        rows.sort(key=lambda r: (-(r["sell_through"] or 0.0), -r["units_sold"], r["sku"]))
        return rows
