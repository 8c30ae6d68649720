"""Shared helpers for scripts/build_demo_catalog.py: seeding, prices, stock, text."""

from __future__ import annotations

import random
import re
import unicodedata

SEED = "bookbrew-demo-catalog-v1"

SMALL_WORDS = {"de", "del", "la", "las", "los", "el", "y", "of", "and", "the", "da", "do", "di"}


def rng_for(*key: object) -> random.Random:
    """A Random seeded from a stable string key (str seeds hash with SHA-512: stable)."""
    return random.Random(":".join([SEED, *map(str, key)]))


def shop_price(cents: float, rng: random.Random, lo: int, hi: int) -> int:
    """Round a raw price to a shop-like price ending in .99, .49 or .00 within [lo, hi]."""
    euros = max(1, round(cents / 100))
    ending = rng.choice((99, 99, 99, 99, 49, 49, 0))
    price = euros * 100 if ending == 0 else (euros - 1) * 100 + ending
    if price < lo:
        price = lo
    if price > hi:
        price = hi
    return int(price)


def stock_level(rng: random.Random) -> int:
    """0-120 units: ~3% out of stock, ~8% low (1-5), the rest spread out."""
    r = rng.random()
    if r < 0.03:
        return 0
    if r < 0.11:
        return rng.randint(1, 5)
    return rng.randint(6, 120)


def is_new(rng: random.Random, share: float = 0.06) -> bool:
    return rng.random() < share


def squash(text: str | None) -> str:
    """Collapse whitespace and strip."""
    return re.sub(r"\s+", " ", text or "").strip()


def fix_mojibake(text: str) -> str:
    """Text read as latin-1 that was really UTF-8 (or cp1252) -> proper Unicode."""
    raw = text.encode("latin-1")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace").replace("\ufffd", "")


def latin_only(text: str) -> str:
    """Drop characters outside Latin scripts (e.g. CJK duplicates of a romanised name)."""
    kept = []
    for ch in text:
        if ord(ch) < 0x250 or unicodedata.category(ch).startswith("Z"):
            kept.append(ch)
    return squash("".join(kept))


def nice_case(text: str) -> str:
    """Title-case strings that are all lower or all upper; keep mixed case as given."""
    if text != text.lower() and text != text.upper():
        return text
    words = []
    for i, word in enumerate(text.lower().split()):
        if i and word in SMALL_WORDS:
            words.append(word)
        else:
            words.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(words)


def join_words(items: list[str]) -> str:
    """['a', 'b', 'c'] -> 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def product(sku: str, name: str, description: str, category: str, price_minor: int,
            stock: int, tags: list[str], attributes: dict) -> dict:
    """A record with exactly the schema keys, in schema order."""
    clean_tags: list[str] = []
    for tag in tags:
        tag = slug(tag) if tag else ""
        if tag and tag not in clean_tags:
            clean_tags.append(tag)
    return {
        "sku": sku,
        "name": name,
        "description": description,
        "category": category,
        "price_minor": price_minor,
        "currency": "EUR",
        "stock": stock,
        "tags": clean_tags[:8],
        "status": "active",
        "attributes": attributes,
    }


def quantile_cuts(values: list[float], parts: int = 5) -> list[float]:
    """Cut points splitting values into `parts` roughly equal groups."""
    ordered = sorted(values)
    return [ordered[int(len(ordered) * k / parts)] for k in range(1, parts)]


def level(value: float, cuts: list[float]) -> int:
    """1..len(cuts)+1: how many cut points the value reaches."""
    return 1 + sum(1 for cut in cuts if value >= cut)
