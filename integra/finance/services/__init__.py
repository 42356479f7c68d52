"""Writes of the finance app, one module per document: `ledger` (posting and reversal)."""
