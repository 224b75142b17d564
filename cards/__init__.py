"""Adaptive Card builders: pure functions from data to card JSON (schema 1.5). No I/O."""
