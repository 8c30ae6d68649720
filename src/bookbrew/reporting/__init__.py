"""Reporting and analysis: read models built from other services' events."""
