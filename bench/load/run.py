"""The load test of issue 16 item 6: the production shape under 50 users for 3 minutes. Printed,
never asserted.

    .venv/bin/python bench/load/run.py --database postgres://postgres@127.0.0.1:5432/load_x10

1. writes the personas' accounts into the database (bench/load/personas.py) and ANALYZEs it;
2. starts the server the production way — `bin/serve`: `check --deploy`, migrations, static
   files, gunicorn with config/settings_production.py (DEBUG off) and a job worker — on PORT
   (8765), with a fresh secret key and media folder, and waits for /readyz;
3. runs locust headless (bench/load/locustfile.py): USERS (50) users spawned at one a second
   (--spawn-rate: 50 sign-ins in 50 s, a hard morning peak of 3,600 an hour; at 5 a second the
   Argon2 hashing of 50 sign-ins in 10 s alone takes the two cores) for DURATION (3m), every
   request counted, the ramp included;
4. stops the server and prints p50/p95/p99 per page, the errors, and where the CSVs and the
   server's log are.
The machine's load average is printed before and after: on a shared machine it is part of the
figure.
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
LOCUST = str(ROOT / ".venv" / "bin" / "locust")


def say(message: str) -> None:
    print(f"[load {time.strftime('%H:%M:%S')}] {message}", flush=True)


def server_env(args: argparse.Namespace, work: Path) -> dict[str, str]:
    from cryptography.fernet import Fernet

    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "INTEGRA_"))}
    env = keep | {
        "DATABASE_URL": args.database,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "INTEGRA_PESEL_KEY": os.environ.get("INTEGRA_PESEL_KEY") or Fernet.generate_key().decode(),
        "PORT": str(args.port),
        "INTEGRA_MEDIA_ROOT": str(work / "media"),
        # The production shape: sessions and the pages' data in Redis, shared by the workers.
        "INTEGRA_CACHE_URL": os.environ.get("INTEGRA_CACHE_URL", "redis://127.0.0.1:6379/3"),
        "INTEGRA_CACHE_PREFIX": f"load-{secrets.token_hex(4)}",
        "INTEGRA_BACKUP_DIR": str(work / "backups"),
    }
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    return env


def wait_ready(server: subprocess.Popen, port: int, log: Path, seconds: int = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"bin/serve ended with {server.returncode}; its log: {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"/readyz did not answer in {seconds} s; the server's log: {log}")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def report(prefix: Path) -> None:
    """The per-page table of locust's stats CSV, and its failures."""
    rows = list(csv.DictReader(open(f"{prefix}_stats.csv")))  # noqa: SIM115
    print()
    print("| page | requests | errors | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = "**all requests**" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | "
            f"{row['95%']} | {row['99%']} | {float(row['Max Response Time']):.0f} |"
        )
    failures = list(csv.DictReader(open(f"{prefix}_failures.csv")))  # noqa: SIM115
    print()
    if not failures:
        print("errors: none")
    for failure in failures:
        print(f"error: {failure['Name']}: {failure['Error']} × {failure['Occurrences']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="postgres://… (a copy: it is written)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=1)
    parser.add_argument("--duration", default="3m")
    parser.add_argument("--workers", type=int, help="gunicorn workers (2 × CPUs + 1 by default)")
    parser.add_argument("--work", help="folder for the CSVs, logs and media (a temporary one)")
    args = parser.parse_args()
    if not args.database.startswith(("postgres://", "postgresql://")):
        raise SystemExit("The load test runs on PostgreSQL: --database postgres://…")
    work = Path(args.work or tempfile.mkdtemp(prefix="integra-load-"))
    work.mkdir(parents=True, exist_ok=True)
    personas = work / "personas.json"
    say(f"load average before: {os.getloadavg()[0]:.1f}; work folder {work}")
    subprocess.run(
        [PY, "bench/load/personas.py", "--out", str(personas)],
        cwd=ROOT,
        env=os.environ | {"DATABASE_URL": args.database},
        check=True,
    )
    # A database just filled in bulk (make_scale_data, a restore) has no planner statistics until
    # autovacuum comes by: without them a dashboard's join took 23 s instead of 0.6 s at 1×.
    subprocess.run(["psql", args.database, "-qc", "ANALYZE"], check=True)
    log = work / "serve.log"
    server = subprocess.Popen(
        ["bin/serve"],
        cwd=ROOT,
        env=server_env(args, work),
        stdout=open(log, "w"),  # noqa: SIM115 - the server's life
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_ready(server, args.port, log)
        say(f"bin/serve ready on {args.port}; locust: {args.users} users for {args.duration}")
        prefix = work / "locust"
        subprocess.run(
            [
                LOCUST,
                "-f",
                "bench/load/locustfile.py",
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                args.duration,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env=os.environ | {"LOAD_PERSONAS": str(personas)},
            check=False,
        )
    finally:
        stop(server)
        say(f"server stopped; load average after: {os.getloadavg()[0]:.1f}")
    report(prefix)
    say(f"CSVs: {prefix}_*.csv; the server's log: {log}")


if __name__ == "__main__":
    sys.exit(main())
