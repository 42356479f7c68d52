"""Files into the finance app: bank statements (MT940 in the ZBP variant, the documented CSV)."""
