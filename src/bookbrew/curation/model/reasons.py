"""Short human reasons for picks, built from the signals and item facets that matched."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from bookbrew.curation.model.features import normalise

CATEGORY_WORDS = {"book": "books", "coffee": "coffee", "perfume": "perfumes", "beverage": "drinks"}
AUDIENCE = {"book": "readers", "coffee": "coffee lovers", "perfume": "fans", "beverage": "fans"}
# facet → (template, suffix shared when two values of the facet are listed together)
TEMPLATES: dict[str, tuple[str, str]] = {
    "roast": ("{v} roasts", " roasts"),
    "flavor": ("{v} notes", " notes"),
    "note": ("{v} notes", " notes"),
    "family": ("{v} scents", " scents"),
    "author": ("books by {v}", ""),
    "origin": ("coffee from {v}", ""),
    "process": ("{v}-process coffee", ""),
    "gender": ("{v} fragrances", " fragrances"),
}
SOFT = {"book": "book", "coffee": "coffee", "perfume": "scent", "beverage": "drink"}


def phrase(facet: str, value: str) -> str:
    if facet == "category":
        return CATEGORY_WORDS.get(value.casefold(), value)
    template, _ = TEMPLATES.get(facet, ("{v}", ""))
    return template.format(v=value)


def _join(parts: list[tuple[str, str]]) -> str:
    if len(parts) == 2 and parts[0][0] == parts[1][0]:
        facet = parts[0][0]
        template, suffix = TEMPLATES.get(facet, ("{v}", ""))
        if suffix and template.endswith(suffix):
            return f"{parts[0][1]} and {parts[1][1]}{suffix}"
    return " and ".join(phrase(f, v) for f, v in parts)


def because_you_like(matched: Sequence[tuple[str, str | None]]) -> str:
    """`matched`: (feature key, the shopper's own wording or None)."""
    parts: list[tuple[str, str]] = []
    for key, display in matched:
        facet, _, value = key.partition(":")
        parts.append((facet, display or value))
    return f"Because you like {_join(parts)}"


def popular_reason(category: str, facets: Sequence[tuple[str, str]], best_seller: bool) -> str:
    if best_seller:
        return f"A best seller in {CATEGORY_WORDS.get(category, category)}"
    lead = {f: v for f, v in reversed(facets)}
    if category == "book" and "genre" in lead:
        return f"Popular with readers of {lead['genre']}"
    if category == "coffee" and "roast" in lead:
        return f"Popular with {lead['roast']} roast lovers"
    if category == "perfume" and "family" in lead:
        return f"Popular with fans of {lead['family']} scents"
    if category == "beverage" and "style" in lead:
        return f"Popular with {lead['style']} fans"
    return f"Popular in {CATEGORY_WORDS.get(category, category)}"


def similar_reason(name: str, *, bought: bool) -> str:
    return f"Because you {'bought' if bought else 'liked'} {name}"


def novelty_reason(category: str) -> str:
    return f"Something new: a lesser-known {SOFT.get(category, category)} for your taste"


def complement_reason(name: str, *, often: bool, category: str | None = None) -> str:
    if often:
        return f"Often bought with {name}"
    noun = SOFT.get(category or "", "pick")
    return f"A {noun} to go with {name}"


def display_values(signals: Iterable[Mapping[str, object]]) -> dict[str, str]:
    return {f"{s['facet']}:{normalise(s['value'])}": str(s["value"]) for s in signals}


def shared_reason(
    source: Sequence[tuple[str, str]], target: Sequence[tuple[str, str]], name: str
) -> str:
    mine = {(f, normalise(v)): v for f, v in source if f != "tag"}
    shared = [(f, v) for f, v in target if (f, normalise(v)) in mine][:2]
    if not shared:
        return f"More like {name}"
    return f"Like {name}: " + " and ".join(phrase(f, v) for f, v in shared)
