"""Adapters: the real implementations of the ports, and in-memory ones for tests and embedding."""
