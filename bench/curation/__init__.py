"""Helpers for the curation benchmarks."""
