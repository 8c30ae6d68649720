"""Coffee (CQI) and beverage (BeerAdvocate sample + hand-written styles) builders."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

from demo_catalog_common import (
    fix_mojibake,
    is_new,
    join_words,
    latin_only,
    level,
    nice_case,
    product,
    quantile_cuts,
    rng_for,
    shop_price,
    squash,
    stock_level,
)
from demo_catalog_tables import BEER_STYLES, BEVERAGES, TEA_BREWING

# ----------------------------------------------------------------------------- coffee
COUNTRY_FIX = {  # CQI spelling -> (country, label used in the product name)
    "Tanzania, United Republic Of": ("Tanzania", "Tanzania"),
    "United States (Hawaii)": ("United States", "Hawaii"),
    "United States (Puerto Rico)": ("Puerto Rico", "Puerto Rico"),
    "Cote d?Ivoire": ("Côte d'Ivoire", "Côte d'Ivoire"),
}
SKIP_COUNTRIES = {"", "United States"}  # plain "United States" rows are mislabelled lots
PROCESS = {
    "Washed / Wet": "washed", "Natural / Dry": "natural", "Pulped natural / honey": "honey",
    "Semi-washed / Semi-pulped": "semi-washed", "Other": "other",
}
# CQI column names per species: acidity, body, sweetness, aroma, flavor, aftertaste, balance
COLUMNS = {
    "Arabica": ("Acidity", "Body", "Sweetness", "Aroma", "Flavor", "Aftertaste", "Balance"),
    "Robusta": ("Salt...Acid", "Mouthfeel", "Bitter...Sweet", "Fragrance...Aroma", "Flavor",
                "Aftertaste", "Balance"),
}
N_ARABICA, N_ROBUSTA = 238, 12
PLACEHOLDERS = {"na", "n/a", "none", "other", "several", "various", "unknown", "multiple",
                "many", "several farms", "various farms"}
FLORAL_ORIGINS = {"Ethiopia", "Kenya", "Panama", "Rwanda", "Burundi"}


def parse_altitude(raw: str, unit: str, cleaned: str) -> int | None:
    """Mean altitude in metres from CQI's free-text column; None when implausible."""
    text = raw.lower().split("(")[0]
    text = re.sub(r"(\d)oo\b", r"\g<1>00", text)          # "12oo" -> "1200"
    text = re.sub(r"(\d)[',](\d{3})", r"\1\2", text)     # "1'500" / "1,500" -> "1500"
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", text)][:2]
    if not numbers:
        try:
            value = float(cleaned)
        except ValueError:
            return None
        return round(value) if 100 <= value <= 2900 else None
    metres_word = re.search(r"m(et(er|re)s?|etros|asl|snm|\b)|公尺", text)
    feet = bool(re.search(r"ft|feet|pies|psn|p\.s\.n|\d\s*f\b", text)) or (
        unit == "ft" and not metres_word)
    values = [n * 1000 if n < 10 and n != int(n) else n for n in numbers]  # "1.2" km
    mean = sum(values) / len(values)
    if feet or mean > 3000:  # unlabeled feet ("5600-5760 metros" cannot be metres)
        mean *= 0.3048
    return round(mean) if 100 <= mean <= 2900 else None


def clean_place(text: str, country: str) -> str | None:
    text = latin_only(text).strip(" ,.-\"'")
    if len(text) < 3 or text.lower() in PLACEHOLDERS | {country.lower()}:
        return None
    return re.sub(r",(?=\S)", ", ", nice_case(text))[:48]


def load_coffees(root: Path) -> list[dict]:
    rows = []
    for species, fname in (("Arabica", "arabica_data_cleaned.csv"),
                           ("Robusta", "robusta_data_cleaned.csv")):
        with open(root / "coffee-quality-cqi" / fname, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                row["_species"] = species
                rows.append(row)
    return rows


def select_coffees(rows: list[dict]) -> list[dict]:
    """Best-scored lots, round-robin across countries so every origin is represented."""
    picked: list[dict] = []
    for species, quota in (("Arabica", N_ARABICA), ("Robusta", N_ROBUSTA)):
        by_country: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            score = float(row["Total.Cup.Points"] or 0)
            if row["_species"] == species and row["Country.of.Origin"] not in SKIP_COUNTRIES \
                    and score >= 75:
                by_country[row["Country.of.Origin"]].append(row)
        for lots in by_country.values():
            lots.sort(key=lambda r: (-float(r["Total.Cup.Points"]), int(r[""])))
        chosen: list[dict] = []
        while len(chosen) < quota and any(by_country.values()):
            for country in sorted(by_country):
                if by_country[country] and len(chosen) < quota:
                    chosen.append(by_country[country].pop(0))
        picked.extend(chosen)
    return picked


def coffee_profile(row: dict, cuts: dict, process: str, origin: str) -> dict:
    cols = COLUMNS[row["_species"]]
    lv = {name: level(float(row[col]), cuts[row["_species"]][name])
          for name, col in zip(("acidity", "body", "sweet", "aroma", "flavor", "after", "balance"),
                               cols, strict=True)}
    robusta = row["_species"] == "Robusta"
    acidity, body = lv["acidity"], lv["body"]
    # Roast from the cup: bright, delicate lots roast light; heavy, low-acid lots go darker.
    lean = body - acidity + (1 if process == "natural" else 0)
    if float(row["Total.Cup.Points"]) >= 86 or origin in FLORAL_ORIGINS:
        lean -= 1
    if robusta:
        roast = "dark" if body >= 3 else "medium-dark"
    else:
        roast = "light" if lean <= -1 else "medium" if lean <= 1 else \
            "medium-dark" if lean <= 3 else "dark"
    notes: list[str] = []
    if robusta:
        notes += ["dark chocolate", "roasted peanut", "earthy", "molasses"]
    if acidity >= 4:
        notes.append({"natural": "blueberry", "honey": "apricot"}.get(process, "citrus"))
    if lv["aroma"] >= 4:
        floral = origin in FLORAL_ORIGINS or "Gesha" in row["Variety"]
        notes.append("jasmine" if floral else "floral")
    if lv["flavor"] >= 4:
        notes.append("red berries" if process == "natural" else "stone fruit")
    if process == "honey":
        notes.append("honey")
    elif lv["balance"] >= 3 and lv["sweet"] >= 3:
        notes.append("caramel")
    if body >= 4:
        notes.append("dark chocolate" if roast in ("dark", "medium-dark") else "milk chocolate")
    elif body == 3:
        notes.append("cocoa")
    if acidity <= 2:
        notes.append("hazelnut")
    for filler in ("brown sugar", "toffee", "almond"):
        if len(notes) < 3:
            notes.append(filler)
    notes = list(dict.fromkeys(notes))[: 4 if lv["flavor"] >= 4 else 3]
    return {"roast": roast, "notes": notes,
            "acidity": min(5, acidity), "body": min(5, body)}


def build_coffees(root: Path) -> list[dict]:
    chosen = select_coffees(load_coffees(root))
    cuts = {}  # quintiles over the lots we sell, so 1-5 levels are spread evenly
    for species, cols in COLUMNS.items():
        pool = [r for r in chosen if r["_species"] == species]
        cuts[species] = {name: quantile_cuts([float(r[c]) for r in pool if r[c]])
                         for name, c in zip(("acidity", "body", "sweet", "aroma", "flavor",
                                             "after", "balance"), cols, strict=True)}
    chosen.sort(key=lambda r: (-float(r["Total.Cup.Points"]), r["_species"], int(r[""])))
    drafts = []
    for row in chosen:
        raw_country = row["Country.of.Origin"]
        origin, label = COUNTRY_FIX.get(raw_country, (raw_country, raw_country))
        process = PROCESS.get(row["Processing.Method"], "other")
        region = clean_place(row["Region"].split(",")[0], origin)
        farm = clean_place(row["Farm.Name"], origin)
        producer = clean_place(row["Producer"], origin) or farm or clean_place(row["Owner"], origin)
        variety = squash(row["Variety"]) or None
        if variety == "Other":
            variety = None
        words = [label, region or (farm if farm and len(farm) < 24 else None) or variety
                 or "Single Origin"]
        if row["_species"] == "Robusta":
            words.append("Robusta")
        if process != "other":
            words.append(process.title())
        drafts.append({"row": row, "base": " ".join(w for w in words if w), "origin": origin,
                       "region": region, "farm": farm, "producer": producer,
                       "process": process, "variety": variety})
    # Make names unique: add farm/producer, then the lot number, then a counter.
    counts: dict[str, int] = defaultdict(int)
    for d in drafts:
        counts[d["base"]] += 1
    seen: set[str] = set()
    for d in drafts:
        name = d["base"]
        if counts[name] > 1:
            extra = d["farm"] or d["producer"]
            name = f"{name} \N{EN DASH} {extra}" if extra and extra not in name else name
        lot = squash(d["row"]["Lot.Number"])
        if name in seen and lot and len(lot) < 20:
            name = f"{name}, Lot {lot}"
        k = 2
        while name in seen:
            name = f"{d['base']} No. {k}" if k == 2 else re.sub(r"No\. \d+$", f"No. {k}", name)
            k += 1
        seen.add(name)
        d["name"] = name

    products = []
    for i, d in enumerate(drafts, start=1):
        row, sku = d["row"], f"CF-{i:05d}"
        rng = rng_for("coffee", row["_species"], row[""])
        score = round(float(row["Total.Cup.Points"]), 2)
        prof = coffee_profile(row, cuts, d["process"], d["origin"])
        altitude = parse_altitude(row["Altitude"], row["unit_of_measurement"],
                                  row["altitude_mean_meters"])
        species = row["_species"].lower()
        raw = 900 + max(0.0, score - 78) * 170 + rng.uniform(-80, 120)
        if species == "robusta":
            raw = 899 + max(0.0, score - 75) * 40
        if d["variety"] in ("Gesha", "Pacamara", "SL28") or d["origin"] == "Panama":
            raw += 500
        if "Kona" in (d["variety"] or "") or d["region"] == "Kona":
            raw += 700
        price = shop_price(raw, rng, 899, 3200)
        where = ", ".join(x for x in (d["region"], d["origin"]) if x)
        kind = f"{d['process']} {species}" if d["process"] != "other" else species
        sentences = [
            f"{'An' if kind[0] in 'aeiou' else 'A'} {kind} from {where}"
            + (f", grown at around {altitude:,} m" if altitude else "")
            + (f" by {d['producer']}" if d["producer"] else "") + ".",
            f"Expect {join_words(prof['notes'])} with "
            f"{['very soft', 'soft', 'balanced', 'lively', 'bright'][prof['acidity'] - 1]} acidity"
            f" and a {['light', 'silky', 'medium', 'round', 'full'][prof['body'] - 1]} body.",
            f"Scored {score:.2f} points by Coffee Quality Institute graders; "
            f"{prof['roast']} roast, sold in 250 g bags.",
        ]
        tags = [d["origin"], d["process"] if d["process"] != "other" else "",
                f"{prof['roast']} roast", species, *prof["notes"][:2],
                "top-rated" if score >= 86 else "", "new" if is_new(rng) else ""]
        attrs = {
            "origin": d["origin"], "region": d["region"], "producer": d["producer"],
            "process": d["process"], "roast": prof["roast"], "variety": d["variety"],
            "altitude_m": altitude, "flavor_notes": prof["notes"], "acidity": prof["acidity"],
            "body": prof["body"], "cupping_score": score,
        }
        products.append(product(sku, d["name"], " ".join(sentences), "coffee", price,
                                stock_level(rng), tags, attrs))
    return products


# ----------------------------------------------------------------------------- beverages
BREWERY_SUFFIX = re.compile(
    r"(,? The$|\s*/.*$|\s+(Brewing|Brewery|Brewhouse|Brew Pub|Brewpub|Restaurant|Company|Co\.|"
    r"& Brewery|And Brewery|S\.A\..*|sprl|Beck & Co\.|Ale Works|Grill & Brew)\b.*$)")


def short_brewery(name: str) -> str:
    short = BREWERY_SUFFIX.sub("", name).strip(" ,&")
    return short or name


def load_beers(root: Path) -> list[dict]:
    beers: dict[str, dict] = {}
    with open(root / "beeradvocate-sample" / "beer_reviews.csv", encoding="latin-1",
              newline="") as fh:
        for row in csv.DictReader(fh):
            beers.setdefault(row["beer_beerid"], {
                "id": int(row["beer_beerid"]), "name": fix_mojibake(row["beer_name"]).strip(),
                "brewery": fix_mojibake(row["brewery_name"]).strip(),
                "style": fix_mojibake(row["beer_style"]).strip(),
                "abv": None if row["beer_abv"] in ("", "NA") else float(row["beer_abv"]),
            })
    # Facts only: review text, scores and user names are never copied into the catalog.
    return sorted(beers.values(), key=lambda b: b["id"])


def beer_names(beers: list[dict]) -> None:
    """Shared names like 'Golden Ale' get the brewery prefixed ('Hoptown Golden Ale')."""
    counts: dict[str, int] = defaultdict(int)
    for b in beers:
        counts[b["name"]] += 1
    used: set[str] = set()
    for b in beers:
        name = b["name"]
        if counts[name] > 1:
            name = f"{short_brewery(b['brewery'])} {name}"
            if name in used:
                name = f"{b['name']} ({b['brewery']})"
        used.add(name)
        b["display"] = name


def build_beverages(root: Path) -> list[dict]:
    beers = load_beers(root)
    beer_names(beers)
    products: list[dict] = []
    for b in beers:
        sku = f"BV-{len(products) + 1:05d}"
        rng = rng_for("beer", b["id"])
        profile, sweetness, bitterness = BEER_STYLES.get(b["style"], (["malty"], 3, 3))
        if b["abv"] and b["abv"] >= 8:
            sweetness = min(5, sweetness + 1)
        style_phrase = f"{b['abv']:g}% {b['style']}" if b["abv"] else b["style"]
        article = "an" if style_phrase[0].lower() in "aeiou8" else "a"
        desc = (f"{b['display']} is {article} {style_phrase} from {b['brewery'].rstrip('.')}. "
                f"Tasting notes: {join_words(profile)}. Sold as a single 330 ml bottle.")
        raw = 249 + (b["abv"] or 5) * 28 + rng.uniform(0, 60)
        tags = ["beer", *re.split(r"[ /()]+", b["style"].lower())[:2], profile[0],
                "new" if is_new(rng) else ""]
        attrs = {"kind": "beer", "style": b["style"], "producer": b["brewery"], "abv": b["abv"],
                 "flavor_profile": profile, "sweetness": sweetness, "bitterness": bitterness}
        products.append(product(sku, b["display"], desc, "beverage",
                                shop_price(raw, rng, 299, 4500), stock_level(rng),
                                [t for t in tags if t not in ("ale", "apa", "")], attrs))
    for item in BEVERAGES:
        sku = f"BV-{len(products) + 1:05d}"
        rng = rng_for("beverage", item["name"])
        kind, style = item["kind"], item["style"]
        generic = style.split()[0] in {"Fortified", "Sparkling", "Dessert", "Rosé", "White"}
        style_text = style if kind == "wine" and not generic else style[0].lower() + style[1:]
        article = "an" if style_text[0].lower() in "aeiou" else "a"
        desc = f"{item['name']} is {article} {style_text}"
        desc += f" at {item['abv']:g}% ABV" if item["abv"] and kind != "kombucha" else ""
        desc += f". Tasting notes: {join_words(item['flavor_profile'])}."
        if kind == "tea":
            desc += f" {TEA_BREWING.get(style, 'Brew to taste')}. {item['pack'].capitalize()}."
        elif kind == "kombucha":
            desc += f" Raw, naturally fermented and lightly sparkling; {item['pack']} bottle."
        else:
            desc += f" {item['pack'].capitalize()} bottle, chosen by the BookBrew team."
        tags = [kind, style.split()[0].lower() if kind != "tea" else style.lower(),
                *item["flavor_profile"][:2], "new" if is_new(rng) else ""]
        attrs = {"kind": kind, "style": style, "producer": "BookBrew Selection",
                 "abv": item["abv"], "flavor_profile": item["flavor_profile"],
                 "sweetness": item["sweetness"], "bitterness": item["bitterness"]}
        price = shop_price(item["price_eur"] * 100 + 1, rng, 299, 4500)
        products.append(product(sku, item["name"], desc, "beverage", price, stock_level(rng),
                                tags, attrs))
    return products
