"""The default perfume questionnaire: families, notes loved and disliked, intensity,
occasions, season, style, budget."""

from __future__ import annotations

from typing import Any

from bookbrew.questionnaire.defaults._build import budget, choice, opt
from bookbrew.questionnaire.defaults._build import family as _fam
from bookbrew.questionnaire.defaults._build import note as _n

PERFUME_NOTES = [
    ("vanilla", "Vanilla"), ("rose", "Rose"), ("jasmine", "Jasmine"),
    ("sandalwood", "Sandalwood"), ("oud", "Oud"), ("vetiver", "Vetiver"),
    ("bergamot", "Bergamot"), ("iris", "Iris"), ("amber", "Amber"), ("musk", "Musk"),
    ("patchouli", "Patchouli"), ("tonka_bean", "Tonka bean"), ("leather", "Leather"),
    ("incense", "Incense"), ("lavender", "Lavender"), ("tobacco", "Tobacco"),
    ("orange_blossom", "Orange blossom"), ("tuberose", "Tuberose"), ("cedar", "Cedar"),
    ("saffron", "Saffron"), ("pink_pepper", "Pink pepper"), ("lemon", "Lemon"),
]  # fmt: skip


def _notes(weight: float) -> list[dict[str, Any]]:
    return [opt(oid, label, _n(label.lower(), weight)) for oid, label in PERFUME_NOTES]


PERFUME = {
    "title": "Your scent profile",
    "description": "The families and notes you love, and when you wear them.",
    "questions": [
        choice(
            "families",
            "multiple_choice",
            "Which scent families draw you in?",
            [
                opt("floral", "Floral", _fam("floral")),
                opt("oriental", "Amber / oriental", _fam("oriental")),
                opt("woody", "Woody", _fam("woody")),
                opt("gourmand", "Gourmand: sweet, edible", _fam("gourmand")),
                opt("spicy", "Spicy", _fam("spicy")),
                opt("citrus", "Citrus", _fam("citrus")),
                opt("chypre", "Chypre: mossy and elegant", _fam("chypre")),
                opt("green", "Green", _fam("green")),
                opt(
                    "fougere", "Fougère: lavender and herbs", _fam("fougere"), _fam("aromatic", 0.5)
                ),
                opt("leather", "Leather", _fam("leather")),
                opt(
                    "fresh",
                    "Fresh and aquatic",
                    _fam("aquatic"),
                    _fam("citrus", 0.5),
                    _fam("green", 0.3),
                ),
            ],
            max_selections=4,
        ),
        choice(
            "notes_loved",
            "multiple_choice",
            "Notes you love?",
            _notes(1.0),
            max_selections=6,
            required=False,
        ),
        choice(
            "notes_disliked",
            "multiple_choice",
            "Notes you can't stand?",
            _notes(-1.0),
            max_selections=6,
            required=False,
        ),
        choice(
            "intensity",
            "single_choice",
            "How present should it be?",
            [
                opt(
                    "soft",
                    "Soft, close to the skin",
                    ("tag", "light", 1.0),
                    ("concentration", "Eau de Toilette", 0.4),
                    ("concentration", "Eau de Cologne", 0.3),
                ),
                opt(
                    "moderate",
                    "Noticeable but polite",
                    ("tag", "moderate", 1.0),
                    ("concentration", "Eau de Parfum", 0.3),
                ),
                opt(
                    "bold",
                    "Bold, leaves a trail",
                    ("tag", "strong", 1.0),
                    ("concentration", "Extrait de Parfum", 0.5),
                    ("concentration", "Parfum", 0.4),
                ),
            ],
        ),
        choice(
            "occasions",
            "multiple_choice",
            "When do you wear it?",
            [
                opt(
                    "everyday",
                    "Every day, at work",
                    _fam("citrus", 0.4),
                    _fam("green", 0.3),
                    _fam("aromatic", 0.3),
                    ("tag", "light", 0.3),
                    _n("bergamot", 0.3),
                ),
                opt(
                    "evening",
                    "Evenings and dates",
                    _fam("oriental", 0.5),
                    _fam("gourmand", 0.3),
                    _n("amber", 0.3),
                    _n("vanilla", 0.3),
                    ("tag", "strong", 0.3),
                ),
                opt(
                    "special",
                    "Special occasions",
                    _fam("oriental", 0.3),
                    _n("oud", 0.4),
                    _n("saffron", 0.3),
                    _n("rose", 0.3),
                ),
                opt(
                    "outdoors",
                    "Outdoors and sport",
                    _fam("citrus", 0.5),
                    _fam("aquatic", 0.4),
                    _fam("green", 0.4),
                ),
                opt(
                    "home",
                    "Relaxing at home",
                    _fam("woody", 0.3),
                    _n("lavender", 0.3),
                    _n("musk", 0.3),
                    _n("sandalwood", 0.3),
                ),
            ],
            required=False,
        ),
        choice(
            "season",
            "single_choice",
            "Which season is it mostly for?",
            [
                opt(
                    "warm",
                    "Spring and summer",
                    _fam("citrus", 0.5),
                    _fam("green", 0.4),
                    _fam("floral", 0.3),
                    _fam("aquatic", 0.3),
                    ("tag", "light", 0.2),
                ),
                opt(
                    "cold",
                    "Autumn and winter",
                    _fam("oriental", 0.5),
                    _fam("gourmand", 0.4),
                    _fam("woody", 0.4),
                    _fam("spicy", 0.4),
                ),
                opt("all_year", "All year round"),
            ],
            required=False,
        ),
        choice(
            "style",
            "single_choice",
            "Which style suits you?",
            [
                opt("feminine", "Feminine", ("gender", "feminine", 0.6)),
                opt("masculine", "Masculine", ("gender", "masculine", 0.6)),
                opt("unisex", "Unisex, or no preference", ("gender", "unisex", 0.3)),
            ],
            required=False,
        ),
        budget(
            "budget",
            "What do you spend on a bottle?",
            [
                ("up_to_75", "Up to €75", 7500),
                ("up_to_125", "Up to €125", 12500),
                ("up_to_200", "Up to €200", 20000),
            ],
        ),
    ],
}
