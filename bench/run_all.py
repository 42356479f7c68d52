"""Run every benchmark on a throwaway SQLite database and print one table of figures.

`.venv/bin/python bench/run_all.py` (or `make bench`). Nothing is asserted: the figures go,
by hand, into docs/benchmarks.md with the date and the machine.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import tempfile
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

import allocation  # noqa: E402 - the bench folder is put on the path just above
import api_lists  # noqa: E402
import harness  # noqa: E402
import imports  # noqa: E402
import plans  # noqa: E402
import synthetic  # noqa: E402


def machine() -> str:
    return (
        f"{platform.node()}: {os.cpu_count()} CPU(s), {platform.machine()}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="integra-bench-") as tmp:
        template = harness.migrated_template(Path(tmp))
        import django
        from django.db import connection

        print(f"{dt.datetime.now():%Y-%m-%d %H:%M} — {machine()}")
        print(
            f"Django {django.get_version()}, SQLite {connection.Database.sqlite_version}, "
            f"database {template.parent}/…"
        )
        figures = imports.run(template) + synthetic.run(template) + plans.run(template)
        lists = api_lists.run(template)
    print()
    print(harness.table(figures))
    print()
    print(lists)
    print()
    allocation.main()


if __name__ == "__main__":
    main()
