"""The small kernel every BookBrew service shares: settings, logging, problems,
persistence, cache, documents, events, HTTP clients, auth and observability.

Nothing here knows about any service; services depend on it, never the reverse.
"""
