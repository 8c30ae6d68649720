"""AI curation: learns what shoppers like from questionnaires, interactions and
purchases, and serves explained picks (home, per category, more like this, complements)."""
