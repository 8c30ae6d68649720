#!/usr/bin/env python3
"""Build BookBrew's demo catalog from the real public data in ../shared/data.

Usage:  python scripts/build_demo_catalog.py [DATA_DIR]

DATA_DIR defaults to ../shared/data relative to the repository root. Writes
src/bookbrew/catalog/demo/products.jsonl.gz: one JSON product per line, sorted
by sku, gzip with mtime=0 so that re-running yields identical bytes.

Sources and what is taken from each: see DATA-LICENSES.md. Standard library only.
Helpers (same folder): demo_catalog_common.py (prices, stock, text), demo_catalog_perfumes.py,
demo_catalog_drinks.py (coffee, beverages) and demo_catalog_tables.py (hand-written tables).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_catalog_common import (
    product,
    rng_for,
    shop_price,
    squash,
    stock_level,
)
from demo_catalog_drinks import build_beverages, build_coffees
from demo_catalog_perfumes import build_perfumes
from demo_catalog_tables import (
    AUTHOR_GENRES,
    DEFAULT_PAGE_RANGE,
    GENRES,
    PAGE_RANGES,
    PICTURE_BOOK_AUTHORS,
    TAG_TO_GENRE,
    TITLE_GENRES,
)

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "src" / "bookbrew" / "catalog" / "demo" / "products.jsonl.gz"
N_BOOKS = 450


# ----------------------------------------------------------------------------- books
def isbn13_from_isbn10(isbn10: str) -> str | None:
    isbn10 = isbn10.strip().upper().zfill(10)
    if not re.fullmatch(r"\d{9}[\dX]", isbn10):
        return None
    core = "978" + isbn10[:9]
    check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(core)) % 10) % 10
    return core + str(check)


def isbn13_from_float(text: str) -> str | None:
    """goodbooks stores isbn13 as a float printed with 12 significant digits (%.12g, ties to
    even): recover the check digit, accepting the result only if it is unambiguous."""
    try:
        shown = int(float(text)) // 10
    except ValueError:
        return None
    found = []
    for first12 in (shown, shown - 1):
        digits = str(first12)
        if len(digits) != 12:
            continue
        check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3)
                          for i, d in enumerate(digits)) % 10) % 10
        # would first12 followed by `check` print as `shown`?
        rounds_up = check > 5 or (check == 5 and first12 % 2 == 1)
        if (first12 + rounds_up) == shown:
            found.append(digits + str(check))
    return found[0] if len(found) == 1 else None


def book_isbn(row: dict) -> str | None:
    if row["isbn"]:
        return isbn13_from_isbn10(row["isbn"]) or row["isbn"].strip()
    return isbn13_from_float(row["isbn13"]) if row["isbn13"] else None


def load_tag_genres(root: Path) -> dict[int, list[str]]:
    """Genres per goodreads_book_id from book_tags.csv (full file if present, else the
    official sample, which covers a single book)."""
    base = root / "goodbooks-10k"
    with open(base / "tags.csv", encoding="utf-8", newline="") as fh:
        names = {row["tag_id"]: row["tag_name"] for row in csv.DictReader(fh)}
    missing = [g for g in GENRES if g not in names.values()]
    if missing:
        raise SystemExit(f"genres not found among goodbooks tags: {missing}")
    path = base / "book_tags.csv"
    if not path.exists():
        path = base / "samples" / "book_tags.csv"
    scores: dict[int, Counter] = defaultdict(Counter)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            genre = TAG_TO_GENRE.get(names.get(row["tag_id"], ""))
            if genre:
                scores[int(row["goodreads_book_id"])][genre] += int(row["count"])
    result = {}
    for book_id, counter in scores.items():
        top = counter.most_common()
        result[book_id] = [g for g, c in top[:4] if c >= top[0][1] * 0.1]
    return result


def book_genres(title: str, first_author: str, tagged: list[str] | None) -> list[str]:
    if tagged:
        return tagged
    for fragment, genres in TITLE_GENRES.items():
        if fragment in title:
            return list(genres)
    return list(AUTHOR_GENRES.get(first_author, ["fiction"]))


def book_pages(title: str, first_author: str, genres: list[str], rng) -> int:
    if re.search(r"#\d+-\d+|Boxset|Box Set|Boxed Set|The Ultimate Hitchhiker", title):
        return rng.randint(820, 1500) if "Hitchhiker" in title else rng.randint(1200, 3400)
    if first_author in PICTURE_BOOK_AUTHORS:
        return rng.choice((24, 32, 40, 48, 64))
    lo, hi = PAGE_RANGES.get(genres[0], DEFAULT_PAGE_RANGE)
    return rng.randint(lo // 8, hi // 8) * 8


NOUN_KINDS = {
    "memoir": "memoir", "biography": "biography", "plays": "play", "poetry": "poetry book",
    "graphic-novels": "graphic novel", "short-stories": "story collection",
    "self-help": "self-help book", "childrens": "children's book", "thriller": "thriller",
}
TITLE_KINDS = {"The Odyssey": "epic poem", "The Iliad": "epic poem"}
NONFICTION = {"non-fiction", "history", "science", "psychology", "business", "economics",
              "travel"}
ADJECTIVES = {
    "fantasy": "fantasy", "science-fiction": "science-fiction", "mystery": "mystery",
    "romance": "romance", "classics": "classic", "historical-fiction": "historical",
    "young-adult": "young-adult", "thriller": "thriller", "horror": "horror",
    "philosophy": "philosophical", "humor": "humorous", "contemporary": "contemporary",
    "paranormal": "paranormal", "dystopia": "dystopian", "religion": "spiritual",
    "history": "history", "science": "popular-science", "psychology": "psychology",
    "business": "business", "economics": "economics", "chick-lit": "chick-lit",
    "crime": "crime", "literary-fiction": "literary", "magical-realism": "magical-realist",
    "travel": "travel", "war": "war", "adventure": "adventure", "non-fiction": "non-fiction",
    "childrens": "children's",
}


def book_description(title: str, authors: list[str], year: int | None, genres: list[str],
                     row: dict, rng) -> str:
    series = re.search(r"\(([^()]+?),?\s*#([\d.]+)(?:[;)])", title)
    main_title = squash(re.sub(r"\s*\([^()]*#[^()]*\)\s*$", "", title))
    kind_genre = next((g for g in genres if g in NOUN_KINDS), None)
    if re.search(r"#\d+-\d+|Boxset", title):
        kind = "collection"
    elif main_title in TITLE_KINDS:
        kind = TITLE_KINDS[main_title]
    elif kind_genre:
        kind = NOUN_KINDS[kind_genre]
    elif set(genres) & NONFICTION:
        kind = "book"
    else:
        kind = "novel"
    first = ("classics", "young-adult", "humor", "contemporary")
    skip = {kind_genre, "contemporary" if "historical-fiction" in genres else None}
    adjectives = sorted((g for g in genres if g not in skip and ADJECTIVES.get(g)),
                        key=lambda g: (first.index(g) if g in first else 9, g == "non-fiction",
                                       genres.index(g)))
    adjectives = [ADJECTIVES[g] for g in adjectives][: 1 if kind_genre or kind == "book" else 2]
    phrase = " ".join([*adjectives, kind])
    if year is None:
        when = ""
    elif year < 0:
        when = f", composed around {-year} BC"
    else:
        when = f", first published in {year}"
    article = "An" if phrase[0] in "aeiou" else "A"
    lines = [f"{article} {phrase} by {authors[0]}{when}."]
    if series and "-" not in series.group(2):
        name = re.sub(r"^The\s+", "", series.group(1).strip())
        lines.append(f"Book {series.group(2)} of {name}." if name.startswith("A ")
                     else f"Book {series.group(2)} of the {name} series.")
    count = int(row["work_ratings_count"] or row["ratings_count"])
    million = f"{count / 1e6:.1f} million" if count >= 1e6 else f"{count:,}"
    lines.append(rng.choice((
        f"Rated {row['average_rating']} out of 5 by {million} Goodreads readers.",
        f"{main_title} holds an average of {row['average_rating']}/5 from {million} "
        "Goodreads ratings.",
    )))
    return " ".join(lines)


def build_books(root: Path) -> list[dict]:
    with open(root / "goodbooks-10k" / "books.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows.sort(key=lambda r: (-int(r["ratings_count"]), int(r["book_id"])))
    tag_genres = load_tag_genres(root)
    products = []
    for i, row in enumerate(rows[:N_BOOKS], start=1):
        sku, gid = f"BK-{i:05d}", int(row["goodreads_book_id"])
        rng = rng_for("book", gid)
        title = squash(row["title"])
        authors = [squash(a) for a in row["authors"].split(",") if squash(a)]
        year_text = row["original_publication_year"]
        year = int(float(year_text)) if year_text else None
        genres = book_genres(title, authors[0], tag_genres.get(gid))
        pages = book_pages(title, authors[0], genres, rng)
        raw = 700 + pages * 1.1 + (350 if year and year >= 2010 else 0) + rng.uniform(0, 250)
        if authors[0] in PICTURE_BOOK_AUTHORS:
            raw = 799 + rng.uniform(0, 500)
        price = shop_price(raw, rng, 799, 3499)
        ratings = int(row["ratings_count"])
        tags = [*genres[:3], "bestseller" if ratings >= 1_000_000 else "",
                "series" if re.search(r"#\d", title) else "",
                "new" if year and year >= 2014 else ""]
        attrs = {
            "authors": authors, "year": year, "isbn": book_isbn(row), "genres": genres,
            "pages": pages, "average_rating": float(row["average_rating"]),
            "ratings_count": ratings, "goodreads_book_id": gid,
        }
        desc = book_description(title, authors, year, genres, row, rng)
        products.append(product(sku, title, desc, "book", price, stock_level(rng), tags, attrs))
    return products


# ----------------------------------------------------------------------------- output
def write_jsonl_gz(products: list[dict], path: Path) -> bytes:
    lines = [json.dumps(p, ensure_ascii=False, separators=(",", ":"))
             for p in sorted(products, key=lambda p: p["sku"])]
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(payload)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue())
    return buf.getvalue()


def main(argv: list[str]) -> int:
    root = Path(argv[1]) if len(argv) > 1 else REPO.parent / "shared" / "data"
    root = root.resolve()
    if not (root / "goodbooks-10k").is_dir():
        print(f"data directory not found: {root}", file=sys.stderr)
        return 2
    products = [*build_books(root), *build_perfumes(root), *build_coffees(root),
                *build_beverages(root)]
    skus = [p["sku"] for p in products]
    assert len(skus) == len(set(skus)), "duplicate sku"
    data = write_jsonl_gz(products, OUTPUT)
    counts = Counter(p["category"] for p in products)
    print(f"wrote {len(products)} products ({dict(sorted(counts.items()))}) "
          f"to {OUTPUT.relative_to(REPO)}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
