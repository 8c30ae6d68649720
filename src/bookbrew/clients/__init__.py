"""Typed clients of the services' APIs, for the services that call them: one module per
upstream. They hold calls, never shapes (those are in `bookbrew.contracts`)."""
