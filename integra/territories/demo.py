"""The territory's part of the demo: a synthetic register, population and outlines in the official
file layouts, loaded through the real import services when the public files are absent. Tests
(the root conftest's small tree) and benchmarks build on the same files. Deterministic for a
given seed."""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from integra.core.actors import Actor
from integra.territories import services
from integra.territories.models import Territory
from integra.territories.services import ImportSummary

VOIVODESHIP_NAMES = {
    "02": "DOLNOŚLĄSKIE",
    "04": "KUJAWSKO-POMORSKIE",
    "06": "LUBELSKIE",
    "08": "LUBUSKIE",
    "10": "ŁÓDZKIE",
    "12": "MAŁOPOLSKIE",
    "14": "MAZOWIECKIE",
    "16": "OPOLSKIE",
    "18": "PODKARPACKIE",
    "20": "PODLASKIE",
    "22": "POMORSKIE",
    "24": "ŚLĄSKIE",
    "26": "ŚWIĘTOKRZYSKIE",
    "28": "WARMIŃSKO-MAZURSKIE",
    "30": "WIELKOPOLSKIE",
    "32": "ZACHODNIOPOMORSKIE",
}
GMINA_KINDS = {"1": "gmina miejska", "2": "gmina wiejska", "3": "gmina miejsko-wiejska"}
TERC_HEADER = "WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA"
POPULATION_HEADER = (
    "teryt,bdl_name,year,total,pre_working_0_17,working,working_mobile,"
    "working_non_mobile,post_working"
)


@dataclass(frozen=True)
class SyntheticShape:
    voivodeships: tuple[str, ...] = ("06", "10")
    powiats_per_voivodeship: int = 2
    gminas_per_powiat: int = 3
    register_on: str = "2010-01-01"


def terc_lines(shape: SyntheticShape = SyntheticShape()) -> Iterator[str]:
    """A TERC file: each powiat's first gmina is urban, then rural and urban-rural in turn."""
    yield TERC_HEADER
    for woj in shape.voivodeships:
        name = VOIVODESHIP_NAMES.get(woj, f"WOJEWÓDZTWO {woj}")
        yield f"{woj};;;;{name};województwo;{shape.register_on}"
        for p in range(1, shape.powiats_per_voivodeship + 1):
            pow_ = f"{p:02d}"
            yield f"{woj};{pow_};;;powiat {woj}{pow_};powiat;{shape.register_on}"
            for g in range(1, shape.gminas_per_powiat + 1):
                rodz = "1" if g == 1 else ("2" if g % 2 == 0 else "3")
                yield (
                    f"{woj};{pow_};{g:02d};{rodz};Gmina {woj}{pow_}{g:02d};"
                    f"{GMINA_KINDS[rodz]};{shape.register_on}"
                )


def gmina_codes(shape: SyntheticShape = SyntheticShape()) -> list[str]:
    return [
        line.split(";")[0] + line.split(";")[1] + line.split(";")[2] + line.split(";")[3]
        for line in terc_lines(shape)
        if line.split(";")[3].isdigit()
    ]


def population_lines(
    codes: list[str], years: range = range(2010, 2013), seed: int = 7
) -> Iterator[str]:
    """A BDL population file for the given gmina codes; groups always add up to the total."""
    rng = random.Random(seed)
    yield POPULATION_HEADER
    for code in codes:
        base = rng.randint(1_500, 40_000)
        for year in years:
            young = base * rng.randint(17, 23) // 100
            old = base * rng.randint(14, 22) // 100
            working = base - young - old
            mobile = working * 6 // 10
            yield (
                f"{code},Gmina {code} ({code[-1]}),{year},{base},{young},{working},{mobile},"
                f"{working - mobile},{old}"
            )
            base = max(500, base + rng.randint(-300, 200))


def square_boundaries(codes: list[str]) -> dict[str, Any]:
    """A GeoJSON collection of small squares laid out on a grid inside Poland's bounding box."""
    features = []
    for index, code in enumerate(codes):
        lon = 15.0 + (index % 40) * 0.2
        lat = 50.0 + (index // 40) * 0.15
        ring = [
            [lon, lat],
            [lon + 0.18, lat],
            [lon + 0.18, lat + 0.13],
            [lon, lat + 0.13],
            [lon, lat],
        ]
        features.append(
            {
                "type": "Feature",
                "properties": {"teryt": code, "name": code},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def load_synthetic(
    *, actor: Actor, shape: SyntheticShape = SyntheticShape(), outlines: bool = True
) -> list[tuple[str, ImportSummary]]:
    """Write the synthetic files of `shape` and import them like real ones (register, population
    and, unless `outlines` is False, the gminas' square outlines); (file name, summary) each."""
    codes = gmina_codes(shape)
    texts = {
        "terc.csv": "\n".join(terc_lines(shape)),
        "population.csv": "\n".join(population_lines(codes)),
    }
    if outlines:
        texts["gminas.geojson"] = json.dumps(square_boundaries(codes))
    with tempfile.TemporaryDirectory(prefix="integra-demo-") as folder:
        paths = {name: Path(folder) / name for name in texts}
        for name, text in texts.items():
            paths[name].write_text(text, encoding="utf-8")
        done = [
            ("terc.csv", services.import_teryt(actor=actor, path=paths["terc.csv"])),
            (
                "population.csv",
                services.import_population(actor=actor, path=paths["population.csv"]),
            ),
        ]
        if outlines:
            summary = services.import_boundaries(
                actor=actor, path=paths["gminas.geojson"], level=Territory.Level.GMINA
            )
            done.append(("gminas.geojson", summary))
        return done


TERC_FILE = "terc_2010-01-01.csv"
POPULATION_FILE = "population_gmina_economic_age_2010_2019.csv"
BOUNDARY_FILES = (
    ("voivodeships.geojson", Territory.Level.VOIVODESHIP),
    ("powiats.geojson", Territory.Level.POWIAT),
    ("gminas.geojson", Territory.Level.GMINA),
)
REAL_FILES = (TERC_FILE, POPULATION_FILE, *(name for name, _level in BOUNDARY_FILES))


@dataclass
class TerritorySeed:
    """What the demo loaded: the synthetic tree (and which real files it missed) or the real
    files, with each file's import summary."""

    missing_files: list[str]
    imports: list[tuple[str, ImportSummary]]

    @property
    def synthetic(self) -> bool:
        return bool(self.missing_files)


def seed_territory(*, actor: Actor, data_dir: Path) -> TerritorySeed:
    """The public register, population and outlines of `data_dir`, or the synthetic territory
    when any of those files is missing. Idempotent: a second load changes nothing."""
    missing = [name for name in REAL_FILES if not (data_dir / name).is_file()]
    if missing:
        return TerritorySeed(missing, load_synthetic(actor=actor))
    done = [
        (TERC_FILE, services.import_teryt(actor=actor, path=data_dir / TERC_FILE)),
        (POPULATION_FILE, services.import_population(actor=actor, path=data_dir / POPULATION_FILE)),
    ]
    for name, level in BOUNDARY_FILES:
        done.append(
            (name, services.import_boundaries(actor=actor, path=data_dir / name, level=level))
        )
    return TerritorySeed([], done)
