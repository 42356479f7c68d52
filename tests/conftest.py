"""Fixtures of the cross-cutting tests: the personas and signed-in clients of the account tests."""

from integra.accounts.tests.conftest import personas, signed_in  # noqa: F401
