"""The SQLite side of the ledger's guard. The append-only triggers (migration 0002) refuse a
DELETE unless the connection's function `integra_ledger_unlocked()` answers 1; it answers 1 only
inside `ledger_unlocked()`, which the project's `flush` command (the one sanctioned way to wipe a
development or test database) enters. A client that has not registered the function (the sqlite3
shell) fails on "no such function": the delete is refused all the same. PostgreSQL needs none of
this: its triggers refuse every row UPDATE and DELETE, and TRUNCATE (flush) fires no row trigger.
See docs/adr/0012-double-entry-ledger.md."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_state = threading.local()


def _unlocked() -> int:
    return 1 if getattr(_state, "unlocked", False) else 0


@contextmanager
def ledger_unlocked() -> Iterator[None]:
    """Let this thread's SQLite connections delete ledger rows (flush only)."""
    before = getattr(_state, "unlocked", False)
    _state.unlocked = True
    try:
        yield
    finally:
        _state.unlocked = before


def register_sqlite_guard(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: give every SQLite connection the guard function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "integra_ledger_unlocked", 0, _unlocked, deterministic=False
        )
