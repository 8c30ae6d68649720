"""BookBrew: a personalized-curation shop for books, perfumes, coffee and beverages."""

__version__ = "0.1.0"
