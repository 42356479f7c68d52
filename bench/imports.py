"""Import figures on the real public files of INTEGRA_DATA_DIR: wall time and peak memory.

Run alone with `.venv/bin/python bench/imports.py`; `bench/run_all.py` runs it with the others.
Prints a note and measures nothing when the data folder is absent.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]

import harness  # noqa: E402 - the bench folder is put on the path just above

from integra.core.actors import SystemActor  # noqa: E402

ROOT = harness.ROOT
FILES = (
    "terc_2010-01-01.csv",
    "terc_2024-01-01.csv",
    "population_gmina_economic_age_2010_2019.csv",
    "gminas.geojson",
)
ACTOR = SystemActor("bench")


def data_dir() -> Path:
    """The folder the project reads (INTEGRA_DATA_DIR, by default ../shared/data)."""
    return Path(os.environ.get("INTEGRA_DATA_DIR", ROOT.parent / "shared" / "data"))


def missing(folder: Path) -> list[str]:
    return [name for name in FILES if not (folder / name).is_file()]


def steps(folder: Path) -> list[harness.Step]:
    """The measured steps; runs inside a child process, after Django is set up."""
    from integra.territories import services

    def teryt(year: int):
        return lambda: services.import_teryt(actor=ACTOR, path=folder / f"terc_{year}-01-01.csv")

    population = folder / "population_gmina_economic_age_2010_2019.csv"
    return [
        harness.Step("import_teryt terc_2010 (empty database)", teryt(2010)),
        harness.Step("import_teryt terc_2024 (empty database)", teryt(2024)),
        harness.Step("import_teryt terc_2010 again (no-op)", teryt(2010), prepare=teryt(2010)),
        harness.Step("import_teryt terc_2024 over terc_2010", teryt(2024), prepare=teryt(2010)),
        harness.Step(
            "import_population 2010-2019 (37,214 rows)",
            lambda: services.import_population(actor=ACTOR, path=population),
            prepare=teryt(2010),
        ),
        harness.Step(
            "import_boundaries gminas.geojson (2,477)",
            lambda: services.import_boundaries(
                actor=ACTOR, level="gmina", path=folder / "gminas.geojson"
            ),
            prepare=teryt(2010),
        ),
        harness.Step("seed_demo (whole demo, real files)", _seed_demo(folder)),
    ]


def _seed_demo(folder: Path):
    def run() -> None:
        from django.conf import settings
        from django.core.management import call_command

        settings.INTEGRA_DATA_DIR = folder
        with open(os.devnull, "w") as sink:
            call_command("seed_demo", stdout=sink)

    return run


def run(template: Path) -> list[harness.Figure]:
    folder = data_dir()
    absent = missing(folder)
    if absent:
        print(f"imports: skipped, the data folder {folder} lacks {', '.join(absent)}")
        return []
    # The parent has Django set up (migrated_template); it reads the names, the children run.
    names = [step.name for step in steps(folder)]
    return harness.run_steps("imports", template, folder, names)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="integra-bench-") as tmp:
        print(harness.table(run(harness.migrated_template(Path(tmp)))))
