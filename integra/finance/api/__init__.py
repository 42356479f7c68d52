"""The finance API: components, procurement-plan items, transfer requests, ledger balances."""
