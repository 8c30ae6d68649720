"""Questionnaire: versioned taste questionnaires and shoppers' responses (document store)."""
