"""The default book questionnaire: genres, moods, pace, length, authors, budget."""

from __future__ import annotations

from bookbrew.questionnaire.defaults._build import budget, choice, opt
from bookbrew.questionnaire.defaults._build import genre as _g

BOOK_GENRES = [
    opt("fantasy", "Fantasy", _g("fantasy")),
    opt("science_fiction", "Science fiction", _g("science-fiction"), _g("dystopia", 0.4)),
    opt("mystery", "Mystery and detective stories", _g("mystery"), _g("crime", 0.5)),
    opt("thriller", "Thrillers", _g("thriller"), _g("crime", 0.4)),
    opt("crime", "Crime", _g("crime"), _g("mystery", 0.4)),
    opt("romance", "Romance", _g("romance"), _g("chick-lit", 0.4)),
    opt("historical", "Historical fiction", _g("historical-fiction")),
    opt("literary", "Literary fiction", _g("literary-fiction"), _g("contemporary", 0.4)),
    opt("classics", "Classics", _g("classics")),
    opt("contemporary", "Contemporary fiction", _g("contemporary")),
    opt("young_adult", "Young adult", _g("young-adult")),
    opt("horror", "Horror", _g("horror"), _g("paranormal", 0.4)),
    opt("paranormal", "Paranormal", _g("paranormal")),
    opt("dystopia", "Dystopias", _g("dystopia")),
    opt("humor", "Humour", _g("humor")),
    opt("memoir", "Memoirs and biographies", _g("memoir"), _g("biography")),
    opt("non_fiction", "Non-fiction and ideas", _g("non-fiction"), _g("history", 0.5)),
    opt("poetry_plays", "Poetry and plays", _g("poetry"), _g("plays")),
    opt("childrens", "Children's books", _g("childrens")),
]

BOOK_AUTHORS = [
    "J.K. Rowling", "Rick Riordan", "Stephen King", "Cassandra Clare", "Jane Austen",
    "Dan Brown", "C.S. Lewis", "Nicholas Sparks", "Neil Gaiman", "Richelle Mead",
    "Stephenie Meyer", "John Green", "J.R.R. Tolkien", "William Shakespeare",
    "George R.R. Martin", "John Grisham", "Dr. Seuss", "Roald Dahl", "Charles Dickens",
    "Ernest Hemingway", "Suzanne Collins", "Veronica Roth", "Khaled Hosseini",
    "Stieg Larsson", "John Steinbeck", "Christopher Paolini", "Philip Pullman",
    "Jodi Picoult", "Sophie Kinsella", "Gillian Flynn", "David Sedaris", "Malcolm Gladwell",
    "James Patterson", "George Orwell", "Lois Lowry", "Mark Twain", "Douglas Adams",
    "Kurt Vonnegut Jr.", "Oscar Wilde", "Mitch Albom", "Alexandre Dumas", "Rainbow Rowell",
    "Gabriel García Márquez", "Patrick Rothfuss", "Terry Pratchett", "Isaac Asimov",
    "Robert Louis Stevenson", "Bill Bryson", "Harper Lee",
]  # fmt: skip

BOOK = {
    "title": "Your reading taste",
    "description": "Tell us what you like to read and we'll pick books for you.",
    "questions": [
        choice(
            "genres",
            "ranked_choice",
            "Rank up to five kinds of book you love most.",
            BOOK_GENRES,
            max_selections=5,
        ),
        choice(
            "genres_avoided",
            "multiple_choice",
            "Anything you would rather we never suggest?",
            [
                {**o, "signals": [{**s, "weight": -1.0} for s in o["signals"] if s["weight"] == 1]}
                for o in BOOK_GENRES
            ],
            max_selections=5,
            required=False,
        ),
        choice(
            "moods",
            "multiple_choice",
            "How do you want a book to make you feel?",
            [
                opt(
                    "comforting",
                    "Comforted, heart-warmed",
                    _g("romance", 0.5),
                    _g("humor", 0.4),
                    _g("contemporary", 0.4),
                    _g("chick-lit", 0.3),
                ),
                opt(
                    "tense",
                    "On the edge of my seat",
                    _g("thriller", 0.6),
                    _g("mystery", 0.5),
                    _g("crime", 0.5),
                    _g("horror", 0.3),
                ),
                opt(
                    "thoughtful",
                    "Made to think",
                    _g("literary-fiction", 0.6),
                    _g("philosophy", 0.5),
                    _g("classics", 0.4),
                    _g("dystopia", 0.4),
                ),
                opt(
                    "escapist",
                    "Swept off to other worlds",
                    _g("fantasy", 0.6),
                    _g("science-fiction", 0.5),
                    _g("adventure", 0.5),
                ),
                opt("amused", "Laughing out loud", _g("humor", 0.8)),
                opt(
                    "moved",
                    "Moved to tears",
                    _g("romance", 0.4),
                    _g("historical-fiction", 0.4),
                    _g("literary-fiction", 0.3),
                ),
                opt(
                    "informed",
                    "Understanding real lives and ideas",
                    _g("memoir", 0.5),
                    _g("biography", 0.5),
                    _g("non-fiction", 0.5),
                    _g("history", 0.4),
                    _g("psychology", 0.3),
                ),
            ],
            max_selections=3,
            required=False,
        ),
        choice(
            "pace",
            "single_choice",
            "What pace do you enjoy?",
            [
                opt(
                    "page_turner",
                    "A page-turner I can't put down",
                    _g("thriller", 0.5),
                    _g("mystery", 0.4),
                    _g("adventure", 0.4),
                ),
                opt("steady", "A steady, balanced pace"),
                opt(
                    "slow",
                    "Slow and immersive, to savour",
                    _g("literary-fiction", 0.5),
                    _g("classics", 0.4),
                    _g("historical-fiction", 0.3),
                ),
            ],
            required=False,
        ),
        choice(
            "length",
            "single_choice",
            "How long should a book be?",
            [
                opt(
                    "short",
                    "Short: stories, poems, plays",
                    _g("short-stories", 0.6),
                    _g("poetry", 0.4),
                    _g("plays", 0.4),
                    ("tag", "series", -0.3),
                ),
                opt("standalone", "A good standalone novel", ("tag", "series", -0.5)),
                opt(
                    "series",
                    "Long series I can live in",
                    ("tag", "series", 0.8),
                    _g("fantasy", 0.2),
                ),
                opt("any", "Length doesn't matter"),
            ],
            required=False,
        ),
        choice(
            "reading_for",
            "single_choice",
            "Who are you mostly choosing books for?",
            [
                opt("adult", "Myself, an adult reader", _g("childrens", -0.6)),
                opt("teen", "A teenager", _g("young-adult"), _g("childrens", -0.3)),
                opt("child", "A child", _g("childrens"), _g("young-adult", 0.3)),
            ],
            required=False,
        ),
        {
            "id": "favourite_authors",
            "type": "free_text",
            "prompt": "Favourite authors? Separate names with commas.",
            "required": False,
            "max_length": 500,
            "text_facet": "author",
            "suggestions": BOOK_AUTHORS,
        },
        budget(
            "budget",
            "What do you usually spend on a book?",
            [
                ("up_to_10", "Up to €10", 1000),
                ("up_to_15", "Up to €15", 1500),
                ("up_to_25", "Up to €25", 2500),
            ],
        ),
    ],
}
