"""Cart & Order service: carts in the cache (Redis, TTL), orders in SQL, and the
checkout saga orchestrated here (reserve stock → pay → confirm, or compensate)."""
