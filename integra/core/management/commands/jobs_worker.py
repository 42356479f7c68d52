"""`manage.py jobs_worker`: the background-job worker of the configured task backend.

First it recovers the jobs a dead worker left running (queued once more, or failed the second
time), and keeps checking every minute while it works; then it runs the backend's own worker:
django-tasks-db's `db_worker` (the database queue, the default) or django-rq's `rqworker`
(INTEGRA_TASKS_BACKEND=rq). With the immediate backend there is nothing to work on.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from integra.core.jobs import recover_stale_jobs

CHECK_EVERY_SECONDS = 60


def _keep_recovering(stop: threading.Event) -> None:
    while not stop.wait(CHECK_EVERY_SECONDS):
        try:
            close_old_connections()
            recover_stale_jobs()
        except Exception:  # the next round tries again; the worker itself goes on
            import logging

            logging.getLogger("integra.jobs").exception("recovery of stale jobs failed")
        finally:
            connection.close()


class Command(BaseCommand):
    help = "Recover abandoned jobs, then work on the task queue (database or RQ)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--recover-only", action="store_true", help="recover abandoned jobs and stop"
        )
        parser.add_argument(
            "--batch", action="store_true", help="stop once the queue is empty (database queue)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = recover_stale_jobs()
        self.stdout.write(f"recovered {recovered} abandoned job(s)")
        backend = settings.INTEGRA_TASKS_BACKEND
        if options["recover_only"]:
            return
        if backend == "immediate":
            self.stdout.write("the immediate task backend runs jobs in the request: no worker")
            return
        stop = threading.Event()
        checker = threading.Thread(target=_keep_recovering, args=(stop,), daemon=True)
        checker.start()
        try:
            if backend == "rq":
                call_command("rqworker", "default", with_scheduler=False)
            else:
                extra = ["--batch"] if options["batch"] else []
                call_command("db_worker", "--interval", "1", *extra)
        finally:
            stop.set()
