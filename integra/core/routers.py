"""The read-replica router: dashboard, report and export reads go to DATABASE_REPLICA_URL.

Reads are sent to the replica only inside `replica_reads()` — which the middleware enters for
GET requests of the dashboards and of every export (`*-export`, PDF, XLSX), and the job runner
for the kinds that ask for it (`job_kind(..., replica=True)`: reports) — and only outside a
transaction: whatever a transaction reads must see its own writes and its locks, so it stays on
the primary. Writes always go to the primary, and
migrations run only there (a streaming replica follows them by itself). ADR 0013.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in this block may be served by the replica (a little behind the primary)."""
    token = start_replica_reads()
    try:
        yield
    finally:
        stop_replica_reads(token)


def start_replica_reads() -> Token[bool]:
    return _replica_reads.set(True)


def stop_replica_reads(token: Token[bool]) -> None:
    _replica_reads.reset(token)


def replica_configured() -> bool:
    return bool(settings.INTEGRA_READ_REPLICA) and REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if (
            _replica_reads.get()
            and replica_configured()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two doors

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
