"""Interaction data sets for the offline evaluation.

Any data set in this documented format works (`--interactions`, `--item-features`):

    interactions CSV: user,item,rating[,timestamp]      (a header row is optional;
                      rating may be empty for pure implicit feedback; timestamp in
                      Unix seconds or ISO 8601)
    item features CSV: item,feature                      (one row per item and feature,
                      e.g. "42,genre:Comedy"; optional)
    item names CSV:    item,name                         (optional, for text vectors)

Built-in readers for ../shared/data/movielens-100k (u.data; u.item genres and release
decade as features) and ../shared/data/beeradvocate-sample (reviews; style, brewery and
ABV band as features). Nothing is ever downloaded or copied into the repository.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


@dataclass
class Dataset:
    name: str
    # (user, item, rating or None, timestamp or None)
    rows: list[tuple[str, str, float | None, float | None]]
    item_features: dict[str, list[str]] = field(default_factory=dict)
    item_names: dict[str, str] = field(default_factory=dict)
    positive_threshold: float | None = 4.0  # ratings at or above count as liked
    reveal: int | None = None  # liked items a cold-start user reveals (None: the default)


def _time(raw: str) -> float | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        return datetime.fromisoformat(raw).timestamp()


def read_csv(
    interactions: Path,
    item_features: Path | None = None,
    item_names: Path | None = None,
    *,
    threshold: float | None = 4.0,
) -> Dataset:
    rows: list[tuple[str, str, float | None, float | None]] = []
    with interactions.open(newline="", encoding="utf-8") as handle:
        for n, record in enumerate(csv.reader(handle)):
            if n == 0 and record and record[0].strip().lower() == "user":
                continue
            if len(record) < 2:
                continue
            rating = float(record[2]) if len(record) > 2 and record[2].strip() else None
            timestamp = _time(record[3]) if len(record) > 3 else None
            rows.append((record[0], record[1], rating, timestamp))
    features: dict[str, list[str]] = defaultdict(list)
    if item_features is not None:
        with item_features.open(newline="", encoding="utf-8") as handle:
            for n, record in enumerate(csv.reader(handle)):
                if n == 0 and record and record[0].strip().lower() == "item":
                    continue
                if len(record) >= 2:
                    features[record[0]].append(record[1])
    names: dict[str, str] = {}
    if item_names is not None:
        with item_names.open(newline="", encoding="utf-8") as handle:
            names = {r[0]: r[1] for r in csv.reader(handle) if len(r) >= 2}
    has_ratings = any(r[2] is not None for r in rows)
    return Dataset(
        interactions.stem, rows, dict(features), names, threshold if has_ratings else None
    )


def movielens_100k(root: Path = SHARED / "movielens-100k") -> Dataset | None:
    if not (root / "u.data").exists() or not (root / "u.item").exists():
        return None
    rows = []
    for line in (root / "u.data").read_text().splitlines():
        user, item, rating, timestamp = line.split("\t")
        rows.append((user, item, float(rating), float(timestamp)))
    genres = [
        line.split("|")[0]
        for line in (root / "u.genre").read_text(encoding="latin-1").splitlines()
        if line
    ]
    features: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for line in (root / "u.item").read_text(encoding="latin-1").splitlines():
        parts = line.split("|")
        item, title, released = parts[0], parts[1], parts[2]
        flags = parts[-len(genres) :]
        item_features = [f"genre:{g}" for g, flag in zip(genres, flags, strict=True) if flag == "1"]
        if released[-4:].isdigit():
            item_features.append(f"decade:{released[-4:-1]}0s")
        features[item] = item_features
        names[item] = title
    return Dataset("movielens-100k", rows, features, names, 4.0)


def beeradvocate(root: Path = SHARED / "beeradvocate-sample") -> Dataset | None:
    path = root / "beer_reviews.csv"
    if not path.exists():
        return None
    rows = []
    features: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    with path.open(newline="", encoding="latin-1") as handle:
        for record in csv.DictReader(handle):
            beer = record["beer_beerid"]
            rows.append(
                (
                    record["review_profilename"],
                    beer,
                    float(record["review_overall"]),
                    float(record["review_time"]),
                )
            )
            try:
                band = f"abv:{min(int(float(record['beer_abv']) // 2) * 2, 12)}+"
            except (KeyError, ValueError):
                band = "abv:unknown"
            features[beer] = [
                f"style:{record['beer_style']}",
                f"brewery:{record['brewery_name']}",
                band,
            ]
            names[beer] = f"{record['beer_name']} ({record['beer_style']})"
    # Sparse (most reviewers wrote one review): every review counts as drinking the beer,
    # and a cold-start drinker reveals two beers.
    return Dataset("beeradvocate-sample", rows, features, names, None, reveal=2)
