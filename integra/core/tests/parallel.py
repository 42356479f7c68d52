"""Running service calls in parallel threads, each on its own database connection, to prove
that row locks keep concurrent writes within their limits."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

ONLY_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite locks the whole database for a write; row locks are PostgreSQL's to prove",
)


def run_in_parallel(work, arguments):
    """Start every call at the same moment, each on its own database connection; return what
    each call returned or raised."""
    barrier = threading.Barrier(len(arguments))
    outcomes: list[object] = [None] * len(arguments)

    def worker(index, argument):
        try:
            barrier.wait()
            outcomes[index] = work(argument)
        except Exception as error:  # the outcome, returned or raised, is what tests inspect
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=pair) for pair in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
