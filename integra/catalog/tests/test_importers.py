"""`manage.py load_catalogue`: the packaged file, idempotence, updates by code, nothing deleted,
and a bad file refused whole with every problem and its line number."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from integra.audit.models import AuditEvent
from integra.catalog.importers.catalogue import DEFAULT_PATH
from integra.catalog.models import ServiceType, TargetGroup
from integra.catalog.services import load_catalogue
from integra.core.actors import SystemActor
from integra.core.errors import ImportRefused

pytestmark = pytest.mark.django_db

HEADER = "kind,code,name_pl,name_en,groups,line,position,description\n"


def snapshot() -> tuple:
    return (
        sorted(TargetGroup.objects.values_list("code", "name_pl", "name_en", "position")),
        sorted(
            ServiceType.objects.values_list(
                "code", "name_pl", "name_en", "line", "position", "description", "retired_on"
            )
        ),
        sorted(
            ServiceType.groups.through.objects.values_list("servicetype__code", "targetgroup__code")
        ),
        AuditEvent.objects.count(),
    )


def test_the_packaged_catalogue_covers_the_groups_and_both_lines():
    summary = load_catalogue(actor=SystemActor("test"))

    assert list(TargetGroup.objects.values_list("code", flat=True)) == ["OS", "DM", "RD", "SP"]
    assert TargetGroup.objects.get(code="DM").name_pl == "Dzieci i młodzież"
    types = ServiceType.objects.prefetch_related("groups")
    assert summary.created == 4 + types.count()
    training = {t.code for t in types if t.line == ServiceType.Line.TRAINING}
    assert training == {"ST-01", "SZ-01"}
    for service_type in types:
        assert service_type.name_pl and service_type.name_en
        if service_type.line == ServiceType.Line.SERVICES:
            prefix = service_type.code.split("-")[0]
            assert prefix in {g.code for g in service_type.groups.all()}, service_type.code
    assert {"OS-10", "DM-11", "RD-10", "SP-01"} <= {t.code for t in types}
    assert ServiceType.objects.get(code="OS-01").name_pl == "Usługi opiekuńcze"


def test_each_created_type_is_audited():
    load_catalogue(actor=SystemActor("test"))

    created = AuditEvent.objects.filter(action="catalog.service_type.created")
    assert created.count() == ServiceType.objects.count()
    event = created.get(target_id=str(ServiceType.objects.get(code="ST-01").pk))
    assert event.actor_label == "test"
    assert event.changes["after"]["line"] == "training"


def test_a_second_load_writes_nothing_and_records_no_event():
    load_catalogue(actor=SystemActor("test"))
    before = snapshot()

    summary = load_catalogue(actor=SystemActor("test"))

    assert (summary.created, summary.updated) == (0, 0)
    assert summary.unchanged == TargetGroup.objects.count() + ServiceType.objects.count()
    assert snapshot() == before


def test_a_changed_row_updates_the_type_by_code(write_file):
    load_catalogue(actor=SystemActor("test"))
    text = DEFAULT_PATH.read_text(encoding="utf-8").replace(
        "type,OS-05,Posiłki,Meals,OS,services,105,",
        "type,OS-05,Posiłki i dowóz posiłków,Meals and meal delivery,OS RD,services,105,",
    )
    events = AuditEvent.objects.count()

    summary = load_catalogue(actor=SystemActor("test"), path=write_file("c.csv", text))

    assert (summary.created, summary.updated) == (0, 1)
    meals = ServiceType.objects.get(code="OS-05")
    assert meals.name_pl == "Posiłki i dowóz posiłków"
    assert sorted(g.code for g in meals.groups.all()) == ["OS", "RD"]
    event = AuditEvent.objects.get(action="catalog.service_type.updated")
    assert event.changes["before"] == {"name_pl": "Posiłki", "name_en": "Meals", "groups": ["OS"]}
    assert AuditEvent.objects.count() == events + 1


def test_a_type_missing_from_the_file_is_left_alone_and_retirement_is_kept(write_file):
    load_catalogue(actor=SystemActor("test"))
    ServiceType.objects.filter(code="DM-07").update(retired_on="2010-01-01")
    text = HEADER + "type,OS-11,Nowa usługa,New service,OS,services,111,\n"

    summary = load_catalogue(actor=SystemActor("test"), path=write_file("c.csv", text))

    assert summary.created == 1
    assert ServiceType.objects.filter(code="OS-01").exists()
    assert str(ServiceType.objects.get(code="DM-07").retired_on) == "2010-01-01"
    # The type names a group that the database already holds.
    assert [g.code for g in ServiceType.objects.get(code="OS-11").groups.all()] == ["OS"]


BAD_FILE = (
    HEADER
    + "group,OS,Osoby starsze,Elderly people,,,10,\n"  # line 2: fine
    + "type,OS-01,,Care services,OS,services,101,\n"  # line 3: no Polish name
    + "type,OS-01,Usługi,Services,XX,services,abc,\n"  # line 4: duplicate, unknown group, position
    + "type,BAD,Zła,Bad,OS,elsewhere,1,\n"  # line 5: code and line
    + "thing,ZZ,Coś,Something,,,1,\n"  # line 6: kind
    + "type,OS-02,Bez grupy,No group,,services,2,\n"  # line 7: services type without a group
)


def test_a_bad_file_lists_every_problem_with_its_line_and_writes_nothing(write_file):
    load_catalogue(actor=SystemActor("test"))
    before = snapshot()

    with pytest.raises(ImportRefused) as refusal:
        load_catalogue(actor=SystemActor("test"), path=write_file("bad.csv", BAD_FILE))

    problems = {(p.line, p.field) for p in refusal.value.problems}
    assert problems == {
        (3, "name_pl"),
        (4, "code"),
        (4, "position"),
        (4, "groups"),
        (5, "code"),
        (5, "line"),
        (6, "kind"),
        (7, "groups"),
    }
    assert snapshot() == before


def test_a_file_without_the_required_columns_is_refused(write_file):
    with pytest.raises(ImportRefused) as refusal:
        load_catalogue(actor=SystemActor("test"), path=write_file("bad.csv", "code,name\nOS,x\n"))

    assert "kind" in refusal.value.problems[0].message
    assert not TargetGroup.objects.exists()


def test_the_command_loads_the_packaged_file_by_default_then_changes_nothing():
    out = io.StringIO()
    call_command("load_catalogue", stdout=out)
    assert "created" in out.getvalue()
    count = AuditEvent.objects.count()

    out = io.StringIO()
    call_command("load_catalogue", stdout=out)

    assert "created 0, updated 0" in out.getvalue()
    assert AuditEvent.objects.count() == count


def test_the_command_exits_1_and_prints_the_lines_of_a_bad_file(write_file):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("load_catalogue", str(write_file("bad.csv", BAD_FILE)), stderr=err)

    assert exit_.value.code == 1
    assert "line 3" in err.getvalue() and "line 7" in err.getvalue()
    assert not ServiceType.objects.exists()
    assert not TargetGroup.objects.exists()
