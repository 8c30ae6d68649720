"""BFF Web: the web app's backend-for-frontend. It owns no data: it aggregates the
catalog (and later curation, cart and orders) into rich, cached page payloads."""
