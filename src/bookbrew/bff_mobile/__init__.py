"""BFF Mobile: the mobile app's backend-for-frontend. It owns no data: it aggregates
the catalog into compact, cached screen payloads sized for phones and slow networks."""
