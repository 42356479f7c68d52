"""Allocation engine figures: time and Python peak memory to split a budget over all 2,479 gminas
of 2010 (real population) and over 100,000 synthetic units. Targets: < 0.3 s and < 5 s.

`.venv/bin/python bench/allocation.py`; printed, never asserted.
"""

from __future__ import annotations

import csv
import os
import random
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from integra.allocations.rules import AllocationRequest, allocate  # noqa: E402

DATA = Path(os.environ.get("INTEGRA_DATA_DIR", ROOT.parent / "shared" / "data"))


def real_weights() -> dict[str, int] | None:
    path = DATA / "population_gmina_economic_age_2010_2019.csv"
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as handle:
        return {
            row["teryt"]: int(row["total"])
            for row in csv.DictReader(handle)
            if row["year"] == "2010" and row["teryt"][6] in "123"
        }


def synthetic_weights(count: int, seed: int = 11) -> dict[str, int]:
    rng = random.Random(seed)
    return {f"{index:07d}": rng.randint(1_000, 60_000) for index in range(count)}


def measure(label: str, request: AllocationRequest) -> tuple[str, int, float, float]:
    started = time.perf_counter()
    result = allocate(request)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    allocate(request)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    assert sum(result.values()) == request.budget  # a benchmark of a wrong answer is worthless
    return label, len(request.weights), seconds, peak


def run() -> list[tuple[str, int, float, float]]:
    budget, unit = Decimal("40000000"), Decimal("100")
    rows = []
    real = real_weights()
    if real is None:
        print(f"note: {DATA} has no population file; the real-gmina figure is skipped")
    else:
        rows.append(measure("2010 gminas, proportional", AllocationRequest(budget, real, unit)))
        rows.append(
            measure(
                "2010 gminas, floor 5,000 + cap 300,000",
                AllocationRequest(budget, real, unit, floor=Decimal("5000"), cap=Decimal("300000")),
            )
        )
    many = synthetic_weights(100_000)
    rows.append(
        measure(
            "100,000 synthetic units, proportional",
            AllocationRequest(Decimal("400000000"), many, unit),
        )
    )
    rows.append(
        measure(
            "100,000 synthetic units, floor + cap",
            AllocationRequest(
                Decimal("400000000"), many, unit, floor=Decimal("2000"), cap=Decimal("6000")
            ),
        )
    )
    return rows


def main() -> None:
    print(f"{'allocation run':45} {'units':>8} {'seconds':>9} {'peak MiB':>9}")
    for label, count, seconds, peak in run():
        print(f"{label:45} {count:>8} {seconds:>9.3f} {peak:>9.1f}")


if __name__ == "__main__":
    main()
