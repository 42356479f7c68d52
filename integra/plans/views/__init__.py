"""Pages of strategies and Action Plans."""
