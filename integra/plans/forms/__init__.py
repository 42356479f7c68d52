"""Forms of strategies and Action Plans: they parse input and hand it to services."""
