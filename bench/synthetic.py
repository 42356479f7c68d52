"""Synthetic scale data in the official layouts (TERC register, BDL population) for benchmarks.

`python bench/synthetic.py --gminas 100000 --out DIR` writes `terc.csv` and `population.csv`;
`python bench/synthetic.py --bench` prints the import figures of a 20,000-gmina register.
Builds on integra/territories/demo.py (same headers and names), which stays small for tests.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

import harness  # noqa: E402 - the bench folder is put on the path just above

from integra.core.actors import SystemActor  # noqa: E402
from integra.territories import demo  # noqa: E402

# POW and GMI are two digits (01-99): 16 voivodeships hold at most 16 × 99 × 99 gminas.
MAX_PER_LEVEL = 99
VOIVODESHIPS = sorted(demo.VOIVODESHIP_NAMES)
MAX_GMINAS = len(VOIVODESHIPS) * MAX_PER_LEVEL * MAX_PER_LEVEL
# Shares of urban, rural and urban-rural gminas in the 2010 register (306 / 1,576 / 597).
TYPE_WEIGHTS = {"1": 306, "2": 1576, "3": 597}
FIGURE_GMINAS = 20_000
ACTOR = SystemActor("bench")


@dataclass(frozen=True)
class Generated:
    terc: Path
    population: Path
    gminas: int
    population_rows: int


def split(total: int, parts: int) -> list[int]:
    """`total` in `parts` near-equal integers (the first ones one larger)."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def layout(n_gminas: int) -> list[tuple[str, str, int]]:
    """(voivodeship, powiat, gminas in it): spread evenly, as few powiats as two digits allow."""
    if not 1 <= n_gminas <= MAX_GMINAS:
        raise ValueError(f"between 1 and {MAX_GMINAS:,} gminas fit the TERYT code layout")
    rows = []
    for woj, in_voivodeship in zip(VOIVODESHIPS, split(n_gminas, len(VOIVODESHIPS)), strict=True):
        n_powiats = max(1, -(-in_voivodeship // MAX_PER_LEVEL))
        for p, count in enumerate(split(in_voivodeship, n_powiats), start=1):
            rows.append((woj, f"{p:02d}", count))
    return rows


def terc_lines(n_gminas: int, *, seed: int = 7, register_on: str = "2010-01-01"):
    """A TERC register; an urban-rural gmina also lists its town and rural parts (RODZ 4, 5),
    which the importer skips as in the real file. Types are drawn in the 2010 proportions."""
    rng = random.Random(seed)
    types, weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    yield demo.TERC_HEADER
    current = ""
    for woj, pow_, count in layout(n_gminas):
        if woj != current:
            current = woj
            yield f"{woj};;;;{demo.VOIVODESHIP_NAMES[woj]};województwo;{register_on}"
        yield f"{woj};{pow_};;;powiat {woj}{pow_};powiat;{register_on}"
        for g in range(1, count + 1):
            rodz = rng.choices(types, weights)[0]
            name = f"Gmina {woj}{pow_}{g:02d}"
            yield f"{woj};{pow_};{g:02d};{rodz};{name};{demo.GMINA_KINDS[rodz]};{register_on}"
            if rodz == "3":
                yield f"{woj};{pow_};{g:02d};4;{name};miasto;{register_on}"
                yield f"{woj};{pow_};{g:02d};5;{name};obszar wiejski;{register_on}"


def generate(
    n_gminas: int = 100_000, out: Path | None = None, *, years: int = 1, seed: int = 7
) -> Generated:
    """Write `terc.csv` and `population.csv` (`years` years from 2010) into `out`."""
    layout(n_gminas)  # refuses an impossible size before anything is written
    out = Path(out or tempfile.mkdtemp(prefix="integra-synthetic-"))
    out.mkdir(parents=True, exist_ok=True)
    terc, population = out / "terc.csv", out / "population.csv"
    codes = []
    with terc.open("w", encoding="utf-8") as file:
        for line in terc_lines(n_gminas, seed=seed):
            file.write(line + "\n")
            cells = line.split(";")
            if cells[3] in TYPE_WEIGHTS:
                codes.append("".join(cells[:4]))
    rows = 0
    with population.open("w", encoding="utf-8") as file:
        for line in demo.population_lines(codes, years=range(2010, 2010 + years), seed=seed):
            file.write(line + "\n")
            rows += 1
    return Generated(terc=terc, population=population, gminas=len(codes), population_rows=rows - 1)


def steps(folder: Path) -> list[harness.Step]:
    """The measured steps on files already generated in `folder` (run in a child process)."""
    from integra.territories import services

    def register():
        return services.import_teryt(actor=ACTOR, path=folder / "terc.csv")

    def population():
        return services.import_population(actor=ACTOR, path=folder / "population.csv")

    n = f"{FIGURE_GMINAS:,}"
    return [
        harness.Step(f"synthetic import_teryt {n} gminas (empty database)", register),
        harness.Step(
            f"synthetic import_teryt {n} gminas again (no-op)", register, prepare=register
        ),
        harness.Step(
            f"synthetic import_population {n} gminas × 1 year", population, prepare=register
        ),
    ]


def run(template: Path) -> list[harness.Figure]:
    with tempfile.TemporaryDirectory(prefix="integra-synthetic-") as folder:
        started = time.perf_counter()
        generated = generate(FIGURE_GMINAS, Path(folder))
        print(
            f"synthetic: generated {generated.gminas:,} gminas and "
            f"{generated.population_rows:,} population rows in "
            f"{time.perf_counter() - started:.2f} s"
        )
        names = [step.name for step in steps(Path(folder))]
        return harness.run_steps("synthetic", template, Path(folder), names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gminas", type=int, default=100_000, help="number of gminas")
    parser.add_argument("--out", type=Path, help="folder to write into (default: a temp folder)")
    parser.add_argument("--years", type=int, default=1, help="population years from 2010")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--bench",
        action="store_true",
        help=f"print the import figures of {FIGURE_GMINAS:,} gminas instead",
    )
    args = parser.parse_args()
    if args.bench:
        with tempfile.TemporaryDirectory(prefix="integra-bench-") as tmp:
            print(harness.table(run(harness.migrated_template(Path(tmp)))))
        return
    if not 1 <= args.gminas <= MAX_GMINAS:
        parser.error(f"--gminas: between 1 and {MAX_GMINAS:,} fit the TERYT code layout")
    generated = generate(args.gminas, args.out, years=args.years, seed=args.seed)
    print(f"{generated.gminas:,} gminas: {generated.terc}")
    print(f"{generated.population_rows:,} population rows: {generated.population}")


if __name__ == "__main__":
    main()
