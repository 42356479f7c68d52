"""The boundary import: matching on any register edition's code, idempotence and refusals."""

from __future__ import annotations

import json

import pytest

from integra.core.actors import SystemActor
from integra.core.errors import ImportRefused
from integra.territories import services, synthetic
from integra.territories.models import Territory
from integra.territories.selectors import territory_stats

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(write_file):
    services.import_teryt(
        actor=SystemActor("test"), path=write_file("terc.csv", "\n".join(synthetic.terc_lines()))
    )
    return synthetic.gmina_codes()


def geojson(write_file, document, name="b.geojson"):
    return write_file(name, json.dumps(document))


@pytest.mark.realdata
def test_real_outlines_cover_the_2010_register(data_dir):
    services.import_teryt(actor=SystemActor("test"), path=data_dir / "terc_2010-01-01.csv")
    for level in ("voivodeship", "powiat", "gmina"):
        services.import_boundaries(
            actor=SystemActor("test"), path=data_dir / f"{level}s.geojson", level=level
        )
    # Two 2010 gminas no longer exist and have no polygon; powiat 0265 (Wałbrzych) is post-2010.
    assert territory_stats()["boundaries"] == {"voivodeship": 16, "powiat": 379, "gmina": 2477}
    assert Territory.objects.get(name="Regnów").boundary["type"] in {"Polygon", "MultiPolygon"}


def test_attaches_outlines_and_a_second_run_changes_nothing(tree, write_file):
    path = geojson(write_file, synthetic.square_boundaries(tree))
    first = services.import_boundaries(actor=SystemActor("test"), path=path, level="gmina")
    second = services.import_boundaries(actor=SystemActor("test"), path=path, level="gmina")
    assert (first.updated, second.updated, second.unchanged) == (len(tree), 0, len(tree))


def test_matches_a_feature_by_its_2010_code_and_reports_unknown_ones(tree, write_file):
    document = synthetic.square_boundaries(["1001022", "9999999"])
    document["features"][0]["properties"] = {"teryt": "1001023", "teryt_2010": "1001022"}
    summary = services.import_boundaries(
        actor=SystemActor("test"), path=geojson(write_file, document), level="gmina"
    )
    assert (summary.updated, summary.skipped) == (1, 1)
    assert "9999999" in summary.notes[0]
    assert Territory.objects.get(teryt="1001022").boundary is not None


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (lambda f: f["properties"].pop("teryt"), "no TERYT code"),
        (lambda f: f["properties"].update(teryt="10"), "does not fit this level"),
        (lambda f: f.update(geometry={"type": "Point", "coordinates": [19, 52]}), "Polygon"),
        (lambda f: f["geometry"].update(coordinates=[[[19, 52], [19, 53]]]), "Polygon"),
        (
            lambda f: f["geometry"].update(
                coordinates=[[[190, 52], [19, 53], [20, 53], [190, 52]]]
            ),
            "Polygon",
        ),
    ],
)
def test_refuses_a_bad_feature_naming_it_and_writes_nothing(tree, write_file, mutate, words):
    document = synthetic.square_boundaries(tree)
    mutate(document["features"][2])
    with pytest.raises(ImportRefused) as info:
        services.import_boundaries(
            actor=SystemActor("test"), path=geojson(write_file, document), level="gmina"
        )
    assert "feature 3" in info.value.problems[0].message
    assert words in info.value.problems[0].message
    assert not Territory.objects.filter(boundary__isnull=False).exists()


def test_refuses_what_is_not_a_feature_collection(tree, write_file):
    with pytest.raises(ImportRefused, match="problem"):
        services.import_boundaries(
            actor=SystemActor("test"), path=write_file("b.geojson", "{not json"), level="gmina"
        )
    with pytest.raises(ImportRefused):
        services.import_boundaries(
            actor=SystemActor("test"), path=geojson(write_file, {"type": "Feature"}), level="gmina"
        )


def test_the_command_requires_a_known_level(tree, write_file):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("import_boundaries", "x.geojson", "--level", "village")
