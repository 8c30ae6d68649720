"""Customers use cases, one module per concern. They take a session, flush, and never
commit: the request dependency (or a unit of work) commits."""
