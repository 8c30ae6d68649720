"""The general questionnaire: which categories, quick follow-ups per category, budget."""

from __future__ import annotations

from bookbrew.questionnaire.defaults._build import budget, choice, opt
from bookbrew.questionnaire.defaults.beverages import BEVERAGE
from bookbrew.questionnaire.defaults.books import BOOK_GENRES
from bookbrew.questionnaire.defaults.coffee import COFFEE
from bookbrew.questionnaire.defaults.perfume import PERFUME

GENERAL = {
    "title": "Welcome to BookBrew",
    "description": "A few questions so we can curate for you from the start.",
    "questions": [
        choice(
            "categories",
            "multiple_choice",
            "What would you like us to curate for you?",
            [
                opt("book", "Books", ("category", "book", 1.0)),
                opt("perfume", "Perfume", ("category", "perfume", 1.0)),
                opt("coffee", "Coffee", ("category", "coffee", 1.0)),
                opt("beverage", "Tea, beer, wine and more", ("category", "beverage", 1.0)),
            ],
        ),
        choice(
            "book_genres",
            "multiple_choice",
            "Which kinds of book do you enjoy?",
            BOOK_GENRES,
            max_selections=3,
            show_if={"question_id": "categories", "includes": "book"},
        ),
        choice(
            "perfume_families",
            "multiple_choice",
            "Which scents draw you in?",
            PERFUME["questions"][0]["options"],  # type: ignore[index]
            max_selections=3,
            show_if={"question_id": "categories", "includes": "perfume"},
        ),
        choice(
            "coffee_roast",
            "single_choice",
            "Your coffee roast?",
            COFFEE["questions"][0]["options"],  # type: ignore[index]
            show_if={"question_id": "categories", "includes": "coffee"},
        ),
        choice(
            "beverage_kinds",
            "multiple_choice",
            "What do you like to drink?",
            BEVERAGE["questions"][0]["options"],  # type: ignore[index]
            show_if={"question_id": "categories", "includes": "beverage"},
        ),
        budget(
            "budget",
            "What do you usually spend on one item?",
            [
                ("up_to_15", "Up to €15", 1500),
                ("up_to_30", "Up to €30", 3000),
                ("up_to_60", "Up to €60", 6000),
                ("up_to_120", "Up to €120", 12000),
            ],
        ),
        choice(
            "discovery",
            "single_choice",
            "Favourites or discoveries?",
            [
                opt("favourites", "Proven favourites", ("tag", "bestseller", 0.5)),
                opt("mix", "A mix of both"),
                opt("discoveries", "Surprise me with new things", ("tag", "new", 0.5)),
            ],
            required=False,
        ),
    ],
}
