"""People reached, plain vs hash-partitioned by report, at 1/10 of the target (docs/scaling.md):
the typical queries on the tables bench/load/partitions.sql builds, each run REPEAT times on both,
median and p95 printed (never asserted).

    createdb -h 127.0.0.1 -U postgres load_part5m
    psql -h 127.0.0.1 -U postgres load_part5m -f bench/load/partitions.sql
    .venv/bin/python bench/load/partitions.py postgres://postgres@127.0.0.1:5432/load_part5m
"""

from __future__ import annotations

import random
import statistics
import sys
import time

import psycopg

REPEAT = 25
QUERIES = {
    "one report's rows (the report's page)": (
        "SELECT group_id, sex, age_band, people FROM {t} WHERE report_id = %(report)s"
    ),
    "a gmina's people reached (its dashboard: 20 contracts, 40 reports)": (
        "SELECT r.group_id, r.sex, r.age_band, SUM(r.people) FROM {t} r "
        "JOIN report p ON p.id = r.report_id JOIN contract c ON c.id = p.contract_id "
        "WHERE c.gmina_id = %(gmina)s AND p.status = 'accepted' GROUP BY 1, 2, 3"
    ),
    "a programme's people reached by group (national dashboard: 1 of 20)": (
        "SELECT r.group_id, SUM(r.people) FROM {t} r "
        "JOIN report p ON p.id = r.report_id JOIN contract c ON c.id = p.contract_id "
        "WHERE c.programme_id = %(programme)s AND p.status = 'accepted' GROUP BY 1"
    ),
    "a report's five rows written (then rolled back)": (
        "INSERT INTO {t} (sex, age_band, people, group_id, report_id) "
        "SELECT 'f', b, 3, 99, %(report)s FROM unnest(ARRAY['a','b','c','d','e']) b"
    ),
}


def measure(cursor: psycopg.Cursor, sql: str, table: str) -> list[float]:
    rng = random.Random(7)  # the same parameters for both tables
    times = []
    for _ in range(REPEAT):
        params = {
            "report": rng.randint(1, 1_000_000),
            "gmina": rng.randint(0, 24_999),
            "programme": rng.randint(1, 20),
        }
        started = time.perf_counter()
        cursor.execute(sql.format(t=table), params)
        if cursor.description:
            cursor.fetchall()
        times.append((time.perf_counter() - started) * 1000)
        cursor.connection.rollback()
    return sorted(times)


def main() -> None:
    with psycopg.connect(sys.argv[1]) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM reach_flat")
        (rows,) = cursor.fetchone()
        print(f"{rows:,} rows of people reached; {REPEAT} runs each, ms (median / p95)")
        print("| query | plain p50 | plain p95 | partitioned p50 | partitioned p95 |")
        print("|---|---:|---:|---:|---:|")
        for name, sql in QUERIES.items():
            measure(cursor, sql, "reach_flat")  # warm both caches alike
            measure(cursor, sql, "reach_hash")
            flat = measure(cursor, sql, "reach_flat")
            hashed = measure(cursor, sql, "reach_hash")
            p95 = int(REPEAT * 0.95) - 1
            print(
                f"| {name} | {statistics.median(flat):.1f} | {flat[p95]:.1f} | "
                f"{statistics.median(hashed):.1f} | {hashed[p95]:.1f} |"
            )


if __name__ == "__main__":
    main()
