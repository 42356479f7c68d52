"""The finance API: components, procurement-plan items, transfer requests, ledger balances."""
# Payments to providers and invoices: api/payments.py (its schemas with it).
