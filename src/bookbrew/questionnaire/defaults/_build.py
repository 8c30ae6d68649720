"""Small builders that keep the default questionnaires readable as data."""

from __future__ import annotations

from typing import Any

Sig = tuple[str, str, float]


def _signals(signals: list[Sig]) -> list[dict[str, Any]]:
    return [{"facet": f, "value": v, "weight": w} for f, v, w in signals]


def opt(id_: str, label: str, *signals: Sig, budget: int | None = None) -> dict[str, Any]:
    option: dict[str, Any] = {"id": id_, "label": label, "signals": _signals(list(signals))}
    if budget is not None:
        option["budget_max_minor"] = budget
    return option


def choice(
    id_: str, type_: str, prompt: str, options: list[dict[str, Any]], **more: Any
) -> dict[str, Any]:
    return {"id": id_, "type": type_, "prompt": prompt, "options": options, **more}


def scale(
    id_: str, prompt: str, low: str, high: str, signals: list[Sig], **more: Any
) -> dict[str, Any]:
    return {
        "id": id_,
        "type": "scale",
        "prompt": prompt,
        "scale": {"min": 1, "max": 5, "labels": {"1": low, "5": high}},
        "signals": _signals(signals),
        **more,
    }


def budget(id_: str, prompt: str, limits: list[tuple[str, str, int]]) -> dict[str, Any]:
    options = [opt(oid, label, budget=minor) for oid, label, minor in limits]
    options.append(opt("no_limit", "No fixed limit"))
    return choice(id_, "single_choice", prompt, options, required=False)


def genre(value: str, weight: float = 1.0) -> Sig:
    return ("genre", value, weight)


def flavor(value: str, weight: float = 1.0) -> Sig:
    return ("flavor", value, weight)


def roast(value: str, weight: float = 1.0) -> Sig:
    return ("roast", value, weight)


def origin(value: str, weight: float = 0.6) -> Sig:
    return ("origin", value, weight)


def family(value: str, weight: float = 1.0) -> Sig:
    return ("family", value, weight)


def note(value: str, weight: float = 1.0) -> Sig:
    return ("note", value, weight)


def kind(value: str, weight: float = 1.0) -> Sig:
    return ("kind", value, weight)


def style(value: str, weight: float = 0.8) -> Sig:
    return ("style", value, weight)
