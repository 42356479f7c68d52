"""Programme services: every path, the audit event, refusals that leave the database as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from integra.audit.models import AuditEvent
from integra.core.actors import SystemActor
from integra.programmes.models import Participation, Programme
from integra.programmes.services import (
    GminaNotEligible,
    ProgrammeCodeTaken,
    ProgrammeInvalid,
    ProgrammeSpec,
    create_programme,
    qualify_gminas,
)

pytestmark = pytest.mark.django_db

SPEC = ProgrammeSpec(
    code="PIS-T",
    name="PIS test",
    starts_on=dt.date(2006, 1, 1),
    ends_on=dt.date(2010, 12, 31),
    budget_eur=Decimal("1000.00"),
)


@pytest.fixture
def programme(small_tree):
    return create_programme(actor=SystemActor("test"), spec=SPEC, voivodeships=[small_tree["10"]])


def state():
    return (Programme.objects.count(), Participation.objects.count(), AuditEvent.objects.count())


def test_creates_a_programme_over_its_voivodeships_and_records_the_event(small_tree):
    programme = create_programme(
        actor=SystemActor("test"), spec=SPEC, voivodeships=[small_tree["06"], small_tree["10"]]
    )
    assert programme.budget_eur == Decimal("1000.00")
    assert sorted(programme.voivodeships.values_list("teryt", flat=True)) == ["06", "10"]
    event = AuditEvent.objects.get(action="programmes.programme.created")
    assert event.actor_label == "test"
    assert event.target_id == str(programme.pk)
    assert event.changes["voivodeships"] == ["06", "10"]
    assert event.changes["budget_eur"] == "1000.00"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": dt.date(2006, 1, 1)}, "ends_on"),
        ({"budget_eur": Decimal("-1")}, "budget_eur"),
        ({"code": " "}, "code"),
    ],
)
def test_refuses_an_invalid_programme_with_the_problem_at_its_field(small_tree, change, field):
    before = state()
    with pytest.raises(ProgrammeInvalid) as refusal:
        create_programme(
            actor=SystemActor("test"),
            spec=dataclasses.replace(SPEC, **change),
            voivodeships=[small_tree["10"]],
        )
    assert list(refusal.value.by_field()) == [field]
    assert state() == before


def test_refuses_a_unit_that_is_not_a_voivodeship(small_tree):
    before = state()
    with pytest.raises(ProgrammeInvalid) as refusal:
        create_programme(actor=SystemActor("test"), spec=SPEC, voivodeships=[small_tree["1001"]])
    assert "1001" in refusal.value.by_field()["voivodeships"][0]
    assert state() == before


@pytest.mark.parametrize("persona", ["analyst", "officer", "coordinator"])
def test_only_a_ministry_administrator_creates_a_programme(small_tree, personas, persona):
    before = state()
    with pytest.raises(PermissionDenied):
        create_programme(
            actor=getattr(personas, persona), spec=SPEC, voivodeships=[small_tree["10"]]
        )
    assert state() == before
    create_programme(actor=personas.admin, spec=SPEC, voivodeships=[small_tree["10"]])


def test_only_a_ministry_administrator_qualifies_gminas(programme, small_tree, personas):
    before = state()
    with pytest.raises(PermissionDenied):
        qualify_gminas(
            actor=personas.officer, programme=programme, gminas=[(small_tree["1001022"], 1)]
        )
    assert state() == before


def test_refuses_a_code_already_taken(programme, small_tree):
    before = state()
    with pytest.raises(ProgrammeCodeTaken):
        create_programme(actor=SystemActor("test"), spec=SPEC, voivodeships=[small_tree["06"]])
    assert state() == before


def test_qualifies_gminas_with_their_rank_and_one_event_each(programme, small_tree):
    created = qualify_gminas(
        actor=SystemActor("test"),
        programme=programme,
        gminas=[(small_tree["1001022"], 1), (small_tree["1001033"], 2)],
    )
    assert [(p.gmina.teryt, p.selection_rank, p.status) for p in created] == [
        ("1001022", 1, "qualified"),
        ("1001033", 2, "qualified"),
    ]
    events = AuditEvent.objects.filter(action="programmes.participation.qualified")
    assert sorted(events.values_list("territory_teryt", flat=True)) == ["1001022", "1001033"]
    assert {e.target_id for e in events} == {str(p.pk) for p in created}


@pytest.mark.parametrize(
    "teryt",
    [
        "1001011",  # urban gmina
        "0601022",  # voivodeship outside the programme
        "1001",  # a powiat
    ],
)
def test_refuses_a_unit_that_is_not_eligible_and_writes_nothing(programme, small_tree, teryt):
    before = state()
    with pytest.raises(GminaNotEligible, match=teryt):
        qualify_gminas(
            actor=SystemActor("test"),
            programme=programme,
            gminas=[(small_tree["1001022"], 1), (small_tree[teryt], 2)],
        )
    assert state() == before


def test_refuses_a_retired_gmina(programme, small_tree):
    gmina = small_tree["1001022"]
    gmina.retired_on = dt.date(2011, 1, 1)
    gmina.save()
    with pytest.raises(GminaNotEligible):
        qualify_gminas(actor=SystemActor("test"), programme=programme, gminas=[(gmina, 1)])


def test_refuses_a_gmina_already_taking_part_or_given_twice(programme, small_tree):
    gmina = small_tree["1001022"]
    with pytest.raises(GminaNotEligible):
        qualify_gminas(
            actor=SystemActor("test"), programme=programme, gminas=[(gmina, 1), (gmina, 2)]
        )
    qualify_gminas(actor=SystemActor("test"), programme=programme, gminas=[(gmina, 1)])
    before = state()
    with pytest.raises(GminaNotEligible):
        qualify_gminas(actor=SystemActor("test"), programme=programme, gminas=[(gmina, 1)])
    assert state() == before
