"""Measuring one step at a time: each step runs in its own process on a copy of a migrated
SQLite database, once for wall time and peak RSS, once under tracemalloc for the Python peak.

Separate processes keep the figures apart: ru_maxrss is a high-water mark for the whole process
and tracemalloc slows allocation, so neither may share a run with another step or with the timer.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
MIB = 1024 * 1024


@dataclass(frozen=True)
class Step:
    """`prepare` brings the database to the starting state (not measured); `action` is measured."""

    name: str
    action: Callable[[], object]
    prepare: Callable[[], object] | None = None


@dataclass(frozen=True)
class Figure:
    name: str
    seconds: float
    traced_peak_mib: float
    rss_before_mib: float
    rss_peak_mib: float


def setup_django(db_path: Path) -> None:
    """Point the project at a throwaway SQLite file, then start Django (settings read the env)."""
    for path in (ROOT, BENCH):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    import django

    django.setup()


def migrated_template(folder: Path) -> Path:
    """A migrated empty database that every step starts from (copied, never shared)."""
    template = folder / "template.sqlite3"
    setup_django(template)
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0, interactive=False)
    connections.close_all()  # the last connection to close folds the WAL into the file
    return template


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def measure(step: Step, mode: str) -> dict[str, float]:
    if step.prepare is not None:
        step.prepare()
    if mode == "memory":
        tracemalloc.start()
        step.action()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return {"traced_peak_mib": peak / MIB}
    before = rss_mib()
    started = time.perf_counter()
    step.action()
    return {
        "seconds": time.perf_counter() - started,
        "rss_before_mib": before,
        "rss_peak_mib": rss_mib(),
    }


def run_steps(module: str, template: Path, data_dir: Path, names: list[str]) -> list[Figure]:
    """Measure each named step of `bench/<module>.py` in two fresh child processes."""
    figures = []
    for name in names:
        values: dict[str, float] = {}
        for mode in ("time", "memory"):
            with tempfile.TemporaryDirectory(prefix="integra-step-") as folder:
                db = Path(folder) / "step.sqlite3"
                shutil.copy(template, db)
                values.update(_child(module, name, mode, db, data_dir))
        figures.append(Figure(name=name, **values))
        print(f"  measured: {name}", flush=True)
    return figures


def _child(module: str, name: str, mode: str, db: Path, data_dir: Path) -> dict[str, float]:
    command = [
        sys.executable,
        str(BENCH / "harness.py"),
        "--module",
        module,
        "--step",
        name,
        "--mode",
        mode,
        "--db",
        str(db),
        "--data",
        str(data_dir),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"step {name!r} ({mode}) failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(figures: list[Figure]) -> str:
    headers = ("step", "wall s", "tracemalloc peak MiB", "RSS before MiB", "RSS peak MiB")
    rows = [
        (
            f.name,
            f"{f.seconds:.2f}",
            f"{f.traced_peak_mib:.1f}",
            f"{f.rss_before_mib:.0f}",
            f"{f.rss_peak_mib:.0f}",
        )
        for f in figures
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description="run one measured step (used by the benches)")
    parser.add_argument("--module", required=True)
    parser.add_argument("--step", required=True)
    parser.add_argument("--mode", choices=("time", "memory"), required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    args = parser.parse_args()
    setup_django(args.db)
    steps = {step.name: step for step in importlib.import_module(args.module).steps(args.data)}
    print(json.dumps(measure(steps[args.step], args.mode)))


if __name__ == "__main__":
    main()
