"""Writes of strategies and Action Plans: one module per document."""
