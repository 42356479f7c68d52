"""The boundary import: matching on any register edition's code, idempotence and refusals."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied

from integra.audit.models import AuditEvent
from integra.core.actors import NotAnActor, SystemActor
from integra.core.errors import ImportRefused
from integra.territories import demo, services
from integra.territories.models import Outline, Territory
from integra.territories.selectors import territory_stats

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(write_file):
    services.import_teryt(
        actor=SystemActor("test"), path=write_file("terc.csv", "\n".join(demo.terc_lines()))
    )
    return demo.gmina_codes()


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
    regnow = Outline.objects.get(territory__name="Regnów")
    assert regnow.geometry["type"] in {"Polygon", "MultiPolygon"}


def test_attaches_outlines_and_a_second_run_changes_nothing(tree, write_file):
    path = geojson(write_file, demo.square_boundaries(tree))
    first = services.import_boundaries(actor=SystemActor("test"), path=path, level="gmina")
    second = services.import_boundaries(actor=SystemActor("test"), path=path, level="gmina")
    assert (first.updated, second.updated, second.unchanged) == (len(tree), 0, len(tree))


def test_writes_each_outline_to_its_own_row_beside_the_unit(tree, write_file):
    services.import_boundaries(
        actor=SystemActor("test"),
        path=geojson(write_file, demo.square_boundaries(tree)),
        level="gmina",
    )
    outline = Outline.objects.get(territory__teryt=tree[0])
    assert outline.geometry == demo.square_boundaries(tree)["features"][0]["geometry"]
    assert Outline.objects.count() == len(tree)
    assert not hasattr(Territory, "boundary")  # the unit's own row no longer carries it


def test_a_changed_outline_replaces_the_old_one_and_records_one_event(tree, write_file):
    services.import_boundaries(
        actor=SystemActor("test"),
        path=geojson(write_file, demo.square_boundaries(tree)),
        level="gmina",
    )
    moved = demo.square_boundaries(tree[1:2])  # the second gmina's square, laid at the start
    events = AuditEvent.objects.filter(action="territories.boundaries.imported").count()
    summary = services.import_boundaries(
        actor=SystemActor("test"), path=geojson(write_file, moved), level="gmina"
    )
    assert (summary.updated, summary.unchanged) == (1, 0)
    geometry = Outline.objects.get(territory__teryt=tree[1]).geometry
    assert geometry == moved["features"][0]["geometry"]
    assert Outline.objects.count() == len(tree)  # the gminas the file leaves out keep theirs
    assert AuditEvent.objects.filter(action="territories.boundaries.imported").count() == events + 1


def test_a_user_other_than_a_ministry_admin_may_not_import_outlines(personas, write_file):
    before = dict(Outline.objects.values_list("territory__teryt", "geometry"))
    moved = demo.square_boundaries(["1001033", "1001022"])  # two gminas' squares swapped
    path = geojson(write_file, moved)
    with pytest.raises(PermissionDenied):
        services.import_boundaries(actor=personas.analyst, path=path, level="gmina")
    assert dict(Outline.objects.values_list("territory__teryt", "geometry")) == before
    summary = services.import_boundaries(actor=personas.admin, path=path, level="gmina")
    assert summary.updated == 2


def test_a_string_is_not_an_actor(tree, write_file):
    path = geojson(write_file, demo.square_boundaries(tree))
    with pytest.raises(NotAnActor):
        services.import_boundaries(actor="manage.py import_boundaries", path=path, level="gmina")  # type: ignore[arg-type]
    assert not Outline.objects.exists()


def test_matches_a_feature_by_its_2010_code_and_reports_unknown_ones(tree, write_file):
    document = demo.square_boundaries(["1001022", "9999999"])
    document["features"][0]["properties"] = {"teryt": "1001023", "teryt_2010": "1001022"}
    summary = services.import_boundaries(
        actor=SystemActor("test"), path=geojson(write_file, document), level="gmina"
    )
    assert (summary.updated, summary.skipped) == (1, 1)
    assert "9999999" in summary.notes[0]
    assert Outline.objects.filter(territory__teryt="1001022").exists()


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
    document = demo.square_boundaries(tree)
    mutate(document["features"][2])
    with pytest.raises(ImportRefused) as info:
        services.import_boundaries(
            actor=SystemActor("test"), path=geojson(write_file, document), level="gmina"
        )
    assert "feature 3" in info.value.problems[0].message
    assert words in info.value.problems[0].message
    assert not Outline.objects.exists()


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
