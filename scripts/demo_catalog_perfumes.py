"""Perfume builder: fragdb-sample (MIT, real pyramids) + perfumes-luckyscent (facts only).

From luckyscent only Name, Brand and Notes are used; its Description and Image URL
columns are ignored. Descriptions are written here from the notes.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

from demo_catalog_common import (
    fix_mojibake,
    is_new,
    join_words,
    product,
    rng_for,
    shop_price,
    squash,
    stock_level,
)
from demo_catalog_tables import (
    FAMILY_ORDER,
    FRAGDB_CONCENTRATION,
    HEAVY_NOTES,
    LUXURY_BRANDS,
    NOTE_FAMILIES,
)

N_PERFUMES = 300


CONCENTRATIONS = (  # (pattern at the end of a luckyscent name, concentration)
    (r"extrait de parfum|parfum extrait|extrait parfum|extrait", "Extrait de Parfum"),
    (r"eau de parfum", "Eau de Parfum"), (r"eau de toilette", "Eau de Toilette"),
    (r"eau de cologne|cologne absolue|cologne", "Eau de Cologne"), (r"parfum", "Parfum"),
)
NOT_FRAGRANCE = re.compile(r"\b(candle|deodorant|body|hair|soap|lotion|set|oil|attar|travel|"
                           r"sample|refill|roll-on|sticker|discovery)\b", re.I)


def split_concentration(name: str) -> tuple[str, str] | None:
    name = squash(re.sub(r"\s*(\.\.\.|-)\s*$", "", name))
    for pattern, conc in CONCENTRATIONS:
        m = re.search(rf"\s*-?\s*\b(?:{pattern})\b.*$", name, re.I)
        if m and m.start() > 0:
            base = name[: m.start()].strip(" -")
            return (base, conc) if base else None
    return None


def clean_notes(text: str) -> list[str]:
    text = re.split(r"click here", text, flags=re.I)[0]
    text = re.sub(r"\d+(\.\d+)?\s*%|[\u201c\u201d\u201e\"®™]|\([^)]*\)|\bco2\b", " ", text,
                  flags=re.I)
    notes: list[str] = []
    for part in re.split(r",|;|&|\.\s|\band\b", text):
        note = squash(part).lower().strip(" .-*")
        if 2 < len(note) <= 32 and note not in notes:
            notes.append(note)
    return notes


def split_thirds(notes: list[str]) -> dict[str, list[str]]:
    n = len(notes)
    a, b = -(-n // 3), -(-2 * n // 3)
    return {"top": notes[:a], "heart": notes[a:b], "base": notes[b:]}


FAMILY_PATTERNS = {
    family: re.compile(r"\b(?:" + "|".join(re.escape(w.strip()) for w in words.split(","))
                       + r")(?:e|s|es|wood)?\b")
    for family, words in NOTE_FAMILIES.items()
}


def perfume_family(pyramid: dict[str, list[str]]) -> str:
    score: Counter = Counter()
    flat = [n for layer in pyramid.values() for n in layer]
    for layer, weight in (("top", 0.7), ("heart", 1.0), ("base", 1.2)):
        for note in pyramid[layer]:
            for family, pattern in FAMILY_PATTERNS.items():
                if pattern.search(note) and not (
                        family == "citrus" and re.search(r"blossom|flower", note)):
                    score[family] += weight
    has = lambda *words: any(w in n for n in flat for w in words)  # noqa: E731
    if has("lavender") and has("tonka", "coumarin", "oakmoss", "geranium"):
        score["fougere"] += 3.0
    if has("oakmoss", "moss") and has("bergamot", "citrus", "lemon") and has("patchouli",
                                                                             "labdanum"):
        score["chypre"] += 3.0
    if not score:
        return "fresh"
    best = max(score.values())
    return next(f for f in FAMILY_ORDER if score.get(f) == best)


def perfume_intensity(concentration: str, notes: list[str]) -> str:
    base = {"Eau de Cologne": 0, "Eau de Toilette": 1, "Eau de Parfum": 2, "Parfum": 3,
            "Extrait de Parfum": 3}[concentration]
    heavy = sum(1 for n in notes if any(h in n for h in HEAVY_NOTES))
    value = base + min(2, heavy // 2)
    return "light" if value <= 1 else "moderate" if value <= 3 else "strong"


def perfume_gender(name: str, notes: list[str]) -> str:
    if re.search(r"\b(homme|man|men|him|gentleman|uomo|lui)\b", name, re.I):
        return "masculine"
    if re.search(r"\b(femme|woman|women|her|elle|donna|lei)\b", name, re.I):
        return "feminine"
    sweet_floral = sum(any(w in n for w in ("tuberose", "peony", "gardenia", "lily", "freesia",
                                            "praline", "cotton candy", "rose")) for n in notes)
    rugged = sum(any(w in n for w in ("leather", "tobacco", "birch", "lavender", "vetiver",
                                      "oakmoss", "cade", "whisky")) for n in notes)
    if sweet_floral >= 3 and rugged == 0:
        return "feminine"
    if rugged >= 3 and sweet_floral == 0:
        return "masculine"
    return "unisex"


def load_fragdb(root: Path) -> list[dict]:
    path = root / "fragdb-sample" / "samples" / "fragrances.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="|"))
    out = []
    for row in rows:
        text = re.sub(r"<[^>]+>", " ", row["description"]).replace("&amp;", "&")
        layers = {}
        for key, label in (("top", "Top"), ("heart", "middle"), ("base", "base")):
            m = re.search(rf"{label} notes? (?:is|are) ([^;.]+)", text, re.I)
            layers[key] = [] if not m else list(dict.fromkeys(
                squash(n).lower() for n in re.split(r",| and ", m.group(1)) if squash(n)))
        votes = {k.split(":")[0]: float(k.split(":")[2]) for k in row["sillage"].split(";") if k}
        gender = {"gender_for_men": "masculine", "gender_for_women": "feminine"}.get(
            row["gender"], "unisex")
        out.append({"key": f"fragdb-{row['pid']}", "name": row["name"],
                    "brand": row["brand"].split(";")[0], "pyramid": layers, "gender": gender,
                    "concentration": FRAGDB_CONCENTRATION.get(row["name"], "Eau de Parfum"),
                    "strong": votes.get("sillage_strong", 0) + votes.get("sillage_enormous", 0),
                    "year": row["year"]})
    return out


def load_luckyscent(root: Path, skip: set[str]) -> list[dict]:
    path = root / "perfumes-luckyscent" / "final_perfume_data.csv"
    with open(path, encoding="latin-1", newline="") as fh:
        rows = list(csv.DictReader(fh))  # Description and Image URL are never used
    candidates = []
    for row in rows:
        name, brand = squash(fix_mojibake(row["Name"])), squash(fix_mojibake(row["Brand"]))
        split = split_concentration(name)
        notes = clean_notes(fix_mojibake(row["Notes"]))
        if not split or NOT_FRAGRANCE.search(name) or len(notes) < 4 or not brand:
            continue
        if split[0].lower() in skip:
            continue
        candidates.append({"key": f"ls-{brand}-{name}", "name": split[0], "brand": brand,
                           "concentration": split[1], "notes": notes})
    # Deterministic spread: at most 3 per brand, ordered by a seeded shuffle.
    candidates.sort(key=lambda c: rng_for("perfume-pick", c["key"]).random())
    per_brand: Counter = Counter()
    seen: set[tuple[str, str]] = set()
    picked = []
    for c in candidates:
        ident = (c["brand"].lower(), c["name"].lower())
        if per_brand[c["brand"]] >= 3 or ident in seen:
            continue
        per_brand[c["brand"]] += 1
        seen.add(ident)
        picked.append(c)
    return picked


def build_perfumes(root: Path) -> list[dict]:
    fragdb = load_fragdb(root)
    lucky = load_luckyscent(root, {f["name"].lower() for f in fragdb})
    lucky = sorted(lucky[: N_PERFUMES - len(fragdb)], key=lambda c: (c["brand"].lower(),
                                                                      c["name"].lower()))
    products = []
    for i, item in enumerate([*fragdb, *lucky], start=1):
        sku, rng = f"PF-{i:05d}", rng_for("perfume", item["key"])
        pyramid = item.get("pyramid") or split_thirds(item["notes"])
        flat = [n for layer in pyramid.values() for n in layer]
        conc = item["concentration"]
        family = perfume_family(pyramid)
        if "strong" in item:  # fragdb: sillage votes
            intensity = "strong" if item["strong"] >= 60 else "moderate" if item[
                "strong"] >= 30 else "light"
            gender = item["gender"]
        else:
            intensity, gender = perfume_intensity(conc, flat), perfume_gender(item["name"], flat)
        lux = any(b in item["brand"].lower() for b in LUXURY_BRANDS)
        raw = {"Eau de Cologne": 4900, "Eau de Toilette": 6900, "Eau de Parfum": 11500,
               "Parfum": 15500, "Extrait de Parfum": 17500}[conc]
        raw = raw * (1.6 if lux else 1.0) * rng.uniform(0.8, 1.3)
        price = shop_price(raw, rng, 3900, 24000)
        name = f"{item['name']} {conc}"
        desc = (f"{item['name']} by {item['brand']} is {'an' if family[0] in 'aeiou' else 'a'} "
                f"{family} {conc.lower()} that opens on {join_words(pyramid['top'][:3])}, "
                f"moves to a heart of {join_words(pyramid['heart'][:3])} and settles on "
                f"{join_words(pyramid['base'][:3])}. "
                + {"light": "A light, airy wear for every day.",
                   "moderate": "Moderate projection that stays close but lasts the day.",
                   "strong": "Rich and long-lasting; a couple of sprays are plenty."}[intensity])
        tags = [family, gender, *pyramid["heart"][:1], *pyramid["base"][:1], intensity,
                "bestseller" if item["key"].startswith("fragdb") else "",
                "new" if is_new(rng) else ""]
        attrs = {"brand": item["brand"], "notes": pyramid, "family": family,
                 "concentration": conc, "intensity": intensity, "gender": gender}
        products.append(product(sku, name, desc, "perfume", price, stock_level(rng), tags,
                                attrs))
    return products
