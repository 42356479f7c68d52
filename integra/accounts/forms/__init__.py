"""Forms of the account pages, one module per page group: sign-in, users, profile."""
