"""Strategy services: creating and editing under optimistic locking, the diagnosis, goals, team and
participation events, the life cycle, who may do it, and the audit event of every change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from integra.audit.models import AuditEvent
from integra.audit.selectors import history_of
from integra.audit.services import record_event
from integra.core.actors import SystemActor
from integra.strategies import services
from integra.strategies.models import (
    DiagnosisEntry,
    Goal,
    ParticipationEvent,
    Strategy,
    TeamMember,
)
from integra.strategies.tests.factories import (
    DiagnosisEntryFactory,
    OperationalGoalFactory,
    ParticipationEventFactory,
    StrategicGoalFactory,
    StrategyFactory,
    TargetGroupFactory,
    TeamMemberFactory,
    adoptable_strategy,
)

pytestmark = pytest.mark.django_db
Status = Strategy.Status
RESOLUTION_ON = dt.date(2006, 3, 30)
SPEC = services.StrategySpec(
    title="Strategia 2006–2013",
    period_from=dt.date(2006, 1, 1),
    period_until=dt.date(2014, 1, 1),
    team_ordinance_number="12/2005",
    team_ordinance_on=dt.date(2005, 9, 1),
)


@pytest.fixture
def gmina(small_tree):
    return small_tree["1001022"]


@pytest.fixture
def strategy(gmina):
    return StrategyFactory(gmina=gmina)


def state():
    """Everything the strategy services write, to show that a refusal changed nothing."""
    return {
        "strategies": list(Strategy.objects.values().order_by("pk")),
        "diagnosis": list(DiagnosisEntry.objects.values().order_by("pk")),
        "goals": list(Goal.objects.values().order_by("pk")),
        "team": list(TeamMember.objects.values().order_by("pk")),
        "events": list(ParticipationEvent.objects.values().order_by("pk")),
        "audit": AuditEvent.objects.count(),
    }


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-id").first()


# Creating and editing -----------------------------------------------------------------------------


def test_the_coordinator_creates_a_strategy_with_its_document_stored_privately(personas, gmina):
    strategy = services.create_strategy(
        actor=personas.coordinator,
        gmina=gmina,
        spec=SPEC,
        document=ContentFile(b"%PDF-1.4 strategia", name="strategia.pdf"),
    )

    assert strategy.status == Status.IN_PREPARATION
    assert strategy.lock_version == 1
    assert strategy.document.name.startswith("strategies/1001022/")
    event = last_event()
    assert event.action == "strategies.strategy.created"
    assert event.territory_teryt == "1001022"
    assert event.changes["before"] == {}
    assert event.changes["after"]["title"] == "Strategia 2006–2013"
    assert event.changes["after"]["document"] == strategy.document.name


def test_refuses_a_strategy_with_every_problem_named_and_writes_nothing(personas, gmina):
    before = state()
    bad = services.StrategySpec(
        title=" ",
        period_from=dt.date(2010, 1, 1),
        period_until=dt.date(2009, 1, 1),
        team_ordinance_number="12/2005",
    )

    with pytest.raises(services.StrategyInvalid) as refusal:
        services.create_strategy(actor=personas.coordinator, gmina=gmina, spec=bad)

    assert refusal.value.message == "The strategy breaks 3 rules; nothing was saved."
    assert refusal.value.by_field() == {
        "title": ["the title is required"],
        "period_until": ["the period must end after it starts"],
        "team_ordinance_number": [
            "give both the number and the date of the team ordinance, or neither"
        ],
    }
    assert state() == before


def test_refuses_a_strategy_for_a_unit_that_is_no_gmina(personas, small_tree):
    with pytest.raises(services.StrategyInvalid, match="belongs to a gmina"):
        services.create_strategy(actor=SystemActor("operator"), gmina=small_tree["10"], spec=SPEC)


@pytest.mark.parametrize("persona", ["neighbour", "viewer", "consultant", "officer", "admin"])
def test_only_the_gminas_coordinator_creates_its_strategy(personas, gmina, persona):
    before = state()
    with pytest.raises(PermissionDenied):
        services.create_strategy(actor=getattr(personas, persona), gmina=gmina, spec=SPEC)
    assert state() == before


def test_an_edit_saves_and_increments_the_lock_version(personas, strategy):
    changed = services.StrategySpec(
        title="Strategia zmieniona",
        period_from=strategy.period_from,
        period_until=dt.date(2015, 1, 1),
    )

    saved = services.update_strategy(
        actor=personas.coordinator, strategy=strategy, spec=changed, lock_version=1
    )

    assert saved.lock_version == 2
    strategy.refresh_from_db()
    assert (strategy.title, strategy.period_until) == ("Strategia zmieniona", dt.date(2015, 1, 1))
    event = last_event()
    assert event.action == "strategies.strategy.edited"
    assert (
        event.changes["before"]["title"] == "Gminna Strategia Rozwiązywania Problemów Społecznych"
    )
    assert event.changes["after"]["title"] == "Strategia zmieniona"
    assert event.changes["after"]["period_until"] == "2015-01-01"


def test_an_edit_from_a_stale_version_is_a_conflict_that_changes_nothing(personas, strategy):
    services.update_strategy(
        actor=personas.coordinator, strategy=strategy, spec=SPEC, lock_version=1
    )
    before = state()
    theirs = services.StrategySpec(
        title="Moja wersja", period_from=SPEC.period_from, period_until=SPEC.period_until
    )

    with pytest.raises(services.StrategyEditConflict) as conflict:
        services.update_strategy(
            actor=personas.coordinator, strategy=strategy, spec=theirs, lock_version=1
        )

    assert conflict.value.status == 409
    assert "Someone else saved this strategy" in conflict.value.message
    assert "(version 1, now 2)" in conflict.value.message
    assert state() == before


def test_an_edit_replaces_the_document(personas, strategy):
    services.update_strategy(
        actor=personas.coordinator,
        strategy=strategy,
        spec=SPEC,
        lock_version=1,
        document=ContentFile(b"%PDF new", name="nowa.pdf"),
    )
    strategy.refresh_from_db()
    assert strategy.document.name.startswith("strategies/1001022/nowa")
    assert last_event().changes["before"]["document"] == ""


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("neighbour", Strategy.DoesNotExist),
        ("coordinator_lublin", Strategy.DoesNotExist),
        ("officer_lublin", Strategy.DoesNotExist),
        ("viewer", PermissionDenied),
        ("consultant", PermissionDenied),
        ("officer", PermissionDenied),
        ("analyst", PermissionDenied),
    ],
)
def test_others_may_not_edit_and_those_outside_the_scope_do_not_see_it(
    personas, strategy, persona, error
):
    before = state()
    with pytest.raises(error):
        services.update_strategy(
            actor=getattr(personas, persona), strategy=strategy, spec=SPEC, lock_version=1
        )
    assert state() == before


# Life cycle ---------------------------------------------------------------------------------------


def test_the_strategy_goes_to_consultation_then_is_adopted_then_updated(personas, gmina):
    strategy = StrategyFactory(gmina=gmina)
    StrategicGoalFactory(strategy=strategy)
    DiagnosisEntryFactory(strategy=strategy)
    coordinator = personas.coordinator

    services.start_consultation(actor=coordinator, strategy=strategy)
    services.adopt_strategy(
        actor=coordinator,
        strategy=strategy,
        resolution_number="XV/98/2006",
        resolution_on=RESOLUTION_ON,
    )
    services.record_strategy_update(
        actor=coordinator,
        strategy=strategy,
        resolution_number="XX/130/2009",
        resolution_on=dt.date(2009, 6, 1),
    )

    strategy.refresh_from_db()
    assert strategy.status == Status.UPDATED
    assert (strategy.resolution_number, strategy.resolution_on) == (
        "XX/130/2009",
        dt.date(2009, 6, 1),
    )
    assert strategy.lock_version == 4
    events = list(
        AuditEvent.objects.filter(action__startswith="strategies.strategy.").order_by("id")
    )
    assert [e.action for e in events] == [
        "strategies.strategy.consultation_started",
        "strategies.strategy.adopted",
        "strategies.strategy.updated",
    ]
    assert events[0].changes == {
        "before": {"status": "in_preparation", "resolution_number": "", "resolution_on": None},
        "after": {"status": "consultation", "resolution_number": "", "resolution_on": None},
    }
    assert events[2].changes["before"]["resolution_number"] == "XV/98/2006"


def test_adoption_names_everything_missing_at_once_and_changes_nothing(personas, gmina):
    strategy = StrategyFactory(gmina=gmina, status=Status.CONSULTATION)
    before = state()

    with pytest.raises(services.StrategyInvalid) as refusal:
        services.adopt_strategy(
            actor=personas.coordinator, strategy=strategy, resolution_number=" ", resolution_on=None
        )

    assert refusal.value.by_field() == {
        "resolution_number": ["the council resolution number is required"],
        "resolution_on": ["the council resolution date is required"],
        "goals": ["at least one strategic goal is required"],
        "diagnosis": ["at least one diagnosis entry is required"],
    }
    assert state() == before


def test_adoption_refuses_a_resolution_dated_in_the_future(personas, gmina):
    strategy = adoptable_strategy(gmina=gmina)
    with pytest.raises(services.StrategyInvalid, match="may not be dated in the future"):
        services.adopt_strategy(
            actor=personas.coordinator,
            strategy=strategy,
            resolution_number="1",
            resolution_on=timezone.localdate() + dt.timedelta(days=1),
        )


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (Status.CONSULTATION, "consultation"),
        (Status.ADOPTED, "consultation"),
        (Status.IN_PREPARATION, "adopt"),
        (Status.ADOPTED, "adopt"),
        (Status.IN_PREPARATION, "update"),
        (Status.CONSULTATION, "update"),
    ],
)
def test_refuses_a_step_the_life_cycle_does_not_allow(personas, gmina, status, step):
    resolved = {"resolution_number": "1", "resolution_on": RESOLUTION_ON}
    strategy = StrategyFactory(
        gmina=gmina, status=status, **(resolved if status == Status.ADOPTED else {})
    )
    calls = {
        "consultation": lambda: services.start_consultation(
            actor=personas.coordinator, strategy=strategy
        ),
        "adopt": lambda: services.adopt_strategy(
            actor=personas.coordinator,
            strategy=strategy,
            resolution_number="2",
            resolution_on=RESOLUTION_ON,
        ),
        "update": lambda: services.record_strategy_update(
            actor=personas.coordinator,
            strategy=strategy,
            resolution_number="2",
            resolution_on=RESOLUTION_ON,
        ),
    }
    before = state()
    with pytest.raises(services.StrategyTransitionRefused) as refusal:
        calls[step]()
    assert refusal.value.status == 409
    assert "A strategy cannot go from" in refusal.value.message
    assert state() == before


def test_an_update_needs_a_new_and_not_older_resolution(personas, gmina):
    strategy = StrategyFactory(
        gmina=gmina,
        status=Status.ADOPTED,
        resolution_number="XV/98/2006",
        resolution_on=RESOLUTION_ON,
    )
    before = state()
    with pytest.raises(services.StrategyInvalid) as refusal:
        services.record_strategy_update(
            actor=personas.coordinator,
            strategy=strategy,
            resolution_number="XV/98/2006",
            resolution_on=dt.date(2006, 1, 1),
        )
    assert refusal.value.by_field() == {
        "resolution_number": ["the update needs a new council resolution number"],
        "resolution_on": ["the new resolution may not be older than the previous one"],
    }
    assert state() == before


@pytest.mark.parametrize("persona", ["viewer", "consultant", "officer"])
def test_readers_may_not_move_the_strategy(personas, gmina, persona):
    strategy = adoptable_strategy(gmina=gmina)
    with pytest.raises(PermissionDenied):
        services.adopt_strategy(
            actor=getattr(personas, persona),
            strategy=strategy,
            resolution_number="1",
            resolution_on=RESOLUTION_ON,
        )
    strategy.refresh_from_db()
    assert strategy.status == Status.CONSULTATION


# Diagnosis ---------------------------------------------------------------------------------------


def test_diagnosis_entries_are_added_changed_and_removed_with_their_events(personas, strategy):
    elderly = TargetGroupFactory(code="OS")
    families = TargetGroupFactory(code="RD")
    spec = services.DiagnosisSpec(
        target_group=elderly,
        problem="Samotność",
        figure=Decimal("412"),
        figure_unit="osób 65+",
        source="GUS BDL 2005",
    )
    entry = services.add_diagnosis_entry(actor=personas.coordinator, strategy=strategy, spec=spec)
    assert last_event().action == "strategies.strategy.diagnosis_added"
    assert last_event().changes["after"]["target_group"] == "OS"
    assert last_event().target_id == str(strategy.pk)

    services.update_diagnosis_entry(
        actor=personas.coordinator,
        entry=entry,
        spec=services.DiagnosisSpec(target_group=families, problem="Ubóstwo rodzin"),
        lock_version=entry.lock_version,
    )
    entry.refresh_from_db()
    assert (entry.target_group, entry.problem, entry.figure) == (families, "Ubóstwo rodzin", None)
    assert last_event().changes["before"]["problem"] == "Samotność"

    services.remove_diagnosis_entry(actor=personas.coordinator, entry=entry)
    assert not DiagnosisEntry.objects.exists()
    assert last_event().action == "strategies.strategy.diagnosis_removed"
    assert last_event().changes["after"] == {}


def test_refuses_a_diagnosis_entry_without_problem_or_with_a_figure_without_unit(
    personas, strategy
):
    before = state()
    spec = services.DiagnosisSpec(
        target_group=TargetGroupFactory(code="OS"), problem="", figure=Decimal("3")
    )
    with pytest.raises(services.StrategyInvalid) as refusal:
        services.add_diagnosis_entry(actor=personas.coordinator, strategy=strategy, spec=spec)
    assert refusal.value.by_field() == {
        "problem": ["describe the problem"],
        "figure_unit": ["give the unit of the figure"],
    }
    assert state() == before


def test_an_adopted_strategy_keeps_its_last_diagnosis_entry(personas, gmina):
    strategy = StrategyFactory(
        gmina=gmina, status=Status.ADOPTED, resolution_number="1", resolution_on=RESOLUTION_ON
    )
    entry = DiagnosisEntryFactory(strategy=strategy)
    with pytest.raises(services.StrategyInvalid, match="at least one diagnosis entry"):
        services.remove_diagnosis_entry(actor=personas.coordinator, entry=entry)
    assert DiagnosisEntry.objects.filter(pk=entry.pk).exists()


def test_a_reader_may_not_add_to_the_diagnosis(personas, strategy):
    spec = services.DiagnosisSpec(target_group=TargetGroupFactory(code="OS"), problem="x")
    with pytest.raises(PermissionDenied):
        services.add_diagnosis_entry(actor=personas.viewer, strategy=strategy, spec=spec)
    assert not DiagnosisEntry.objects.exists()


# Goals -------------------------------------------------------------------------------------------


def strategic(code="1", title="Aktywni seniorzy"):
    return services.GoalSpec(kind=Goal.Kind.STRATEGIC, code=code, title=title)


def operational(parent, code="1.1", title="Opieka sąsiedzka"):
    return services.GoalSpec(kind=Goal.Kind.OPERATIONAL, code=code, title=title, parent=parent)


def test_an_operational_goal_sits_under_a_strategic_goal(personas, strategy):
    coordinator = personas.coordinator
    goal = services.add_goal(actor=coordinator, strategy=strategy, spec=strategic())
    child = services.add_goal(actor=coordinator, strategy=strategy, spec=operational(goal))

    assert child.parent == goal
    assert last_event().action == "strategies.strategy.goal_added"
    assert last_event().changes["after"]["parent"] == "1"


@pytest.mark.parametrize(
    ("make_spec", "message"),
    [
        (lambda own, other: operational(None), "an operational goal needs its strategic goal"),
        (
            lambda own, other: operational(other),
            "the parent must be a strategic goal of the same strategy",
        ),
        (
            lambda own, other: services.GoalSpec(kind="strategic", code="2", title="x", parent=own),
            "a strategic goal has no parent",
        ),
        (lambda own, other: strategic(code="1"), "the number 1 is taken"),
        (lambda own, other: strategic(code=" ", title=""), "the number and the goal are required"),
        (lambda own, other: services.GoalSpec(kind="vision", code="5", title="x"), "unknown kind"),
    ],
)
def test_refuses_a_goal_that_breaks_the_tree(personas, strategy, gmina, make_spec, message):
    own = StrategicGoalFactory(strategy=strategy, code="1")
    other = StrategicGoalFactory(strategy=StrategyFactory(gmina=gmina), code="1")
    before = state()

    with pytest.raises(services.StrategyInvalid) as refusal:
        services.add_goal(actor=personas.coordinator, strategy=strategy, spec=make_spec(own, other))

    assert message in refusal.value.message
    assert state() == before


def test_a_goal_is_renumbered_and_moved_under_another_strategic_goal(personas, strategy):
    first = StrategicGoalFactory(strategy=strategy, code="1")
    second = StrategicGoalFactory(strategy=strategy, code="2")
    child = OperationalGoalFactory(parent=first, code="1.1")

    services.update_goal(
        actor=personas.coordinator,
        goal=child,
        spec=operational(second, code="2.1"),
        lock_version=child.lock_version,
    )

    child.refresh_from_db()
    assert (child.parent, child.code) == (second, "2.1")
    assert last_event().changes["before"]["parent"] == "1"
    assert last_event().changes["after"]["parent"] == "2"


def test_a_strategic_goal_with_operational_goals_stays_strategic(personas, strategy):
    first = StrategicGoalFactory(strategy=strategy, code="1")
    second = StrategicGoalFactory(strategy=strategy, code="2")
    OperationalGoalFactory(parent=first)
    with pytest.raises(services.StrategyInvalid, match="stays strategic"):
        services.update_goal(
            actor=personas.coordinator,
            goal=first,
            spec=operational(second, code="1"),
            lock_version=first.lock_version,
        )


def test_a_goal_is_removed_with_its_event(personas, strategy):
    goal = StrategicGoalFactory(strategy=strategy, code="1")
    services.remove_goal(actor=personas.coordinator, goal=goal)
    assert not Goal.objects.exists()
    assert last_event().action == "strategies.strategy.goal_removed"
    assert last_event().changes["before"]["code"] == "1"


def test_a_strategic_goal_with_operational_goals_is_not_removed(personas, strategy):
    child = OperationalGoalFactory(parent__strategy=strategy)
    before = state()
    with pytest.raises(services.StrategyInvalid, match="operational goals first"):
        services.remove_goal(actor=personas.coordinator, goal=child.parent)
    assert state() == before


def test_an_adopted_strategy_keeps_its_last_strategic_goal(personas, gmina):
    strategy = StrategyFactory(
        gmina=gmina, status=Status.ADOPTED, resolution_number="1", resolution_on=RESOLUTION_ON
    )
    goal = StrategicGoalFactory(strategy=strategy)
    with pytest.raises(services.StrategyInvalid, match="at least one strategic goal"):
        services.remove_goal(actor=personas.coordinator, goal=goal)


# Working team ------------------------------------------------------------------------------------


def test_team_members_are_added_changed_and_removed(personas, strategy):
    spec = services.TeamMemberSpec(name="Jan Nowak", institution="GOPS", team_role="sekretarz")
    member = services.add_team_member(actor=personas.coordinator, strategy=strategy, spec=spec)
    assert last_event().action == "strategies.strategy.team_member_added"

    services.update_team_member(
        actor=personas.coordinator,
        member=member,
        spec=services.TeamMemberSpec(name="Jan Nowak", institution="Szkoła"),
        lock_version=member.lock_version,
    )
    member.refresh_from_db()
    assert (member.institution, member.team_role) == ("Szkoła", "")
    assert last_event().action == "strategies.strategy.team_member_changed"

    services.remove_team_member(actor=personas.coordinator, member=member)
    assert not TeamMember.objects.exists()
    assert last_event().action == "strategies.strategy.team_member_removed"


def test_refuses_a_team_member_without_a_name(personas, strategy):
    before = state()
    with pytest.raises(services.StrategyInvalid, match="the name is required"):
        services.add_team_member(
            actor=personas.coordinator, strategy=strategy, spec=services.TeamMemberSpec(name=" ")
        )
    assert state() == before


def test_the_neighbour_does_not_see_the_team(personas, strategy):
    member = TeamMemberFactory(strategy=strategy)
    with pytest.raises(Strategy.DoesNotExist):
        services.remove_team_member(actor=personas.neighbour, member=member)
    assert TeamMember.objects.filter(pk=member.pk).exists()


# Participation events ----------------------------------------------------------------------------


def meeting(**overrides):
    values = {
        "kind": ParticipationEvent.Kind.VILLAGE_MEETING,
        "held_on": dt.date(2005, 10, 12),
        "place": "Świetlica w Regnowie",
        "participants": 34,
    }
    return services.EventSpec(**(values | overrides))


def test_participation_events_are_added_changed_and_removed(personas, strategy):
    event = services.add_participation_event(
        actor=personas.coordinator, strategy=strategy, spec=meeting()
    )
    assert last_event().action == "strategies.strategy.event_added"
    assert last_event().changes["after"]["held_on"] == "2005-10-12"

    services.update_participation_event(
        actor=personas.coordinator,
        event=event,
        spec=meeting(participants=0, kind="survey"),
        lock_version=event.lock_version,
    )
    event.refresh_from_db()
    assert (event.kind, event.participants) == ("survey", 0)

    services.remove_participation_event(actor=personas.coordinator, event=event)
    assert not ParticipationEvent.objects.exists()
    assert last_event().action == "strategies.strategy.event_removed"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"participants": -1}, "may not be negative"),
        ({"place": ""}, "the place is required"),
        ({"kind": "party"}, "unknown kind of event"),
        ({"held_on": dt.date(2000, 12, 31)}, "the date must lie between 2001-01-01"),
        ({"held_on": dt.date(2014, 1, 1)}, "the end of the strategy's period"),
    ],
)
def test_refuses_an_event_out_of_reason(personas, strategy, overrides, message):
    before = state()
    with pytest.raises(services.StrategyInvalid) as refusal:
        services.add_participation_event(
            actor=personas.coordinator, strategy=strategy, spec=meeting(**overrides)
        )
    assert message in refusal.value.message
    assert state() == before


def test_refuses_an_event_that_has_not_taken_place_yet(personas, gmina):
    today = timezone.localdate()
    strategy = StrategyFactory(
        gmina=gmina, period_from=today, period_until=today + dt.timedelta(days=3000)
    )
    with pytest.raises(services.StrategyInvalid, match="once it has taken place"):
        services.add_participation_event(
            actor=personas.coordinator,
            strategy=strategy,
            spec=meeting(held_on=today + dt.timedelta(days=1)),
        )


def test_a_consultant_may_not_record_an_event(personas, strategy):
    event = ParticipationEventFactory(strategy=strategy)
    with pytest.raises(PermissionDenied):
        services.update_participation_event(
            actor=personas.consultant,
            event=event,
            spec=meeting(participants=99),
            lock_version=event.lock_version,
        )
    event.refresh_from_db()
    assert event.participants == 34


def test_the_history_keeps_the_events_written_before_the_split_of_plans(personas, strategy):
    """The `plans` app filed its events under `plans.strategy`; the history still shows them."""
    before_the_split = SimpleNamespace(_meta=SimpleNamespace(label_lower="plans.strategy"))
    before_the_split.pk = strategy.pk
    with transaction.atomic():
        record_event(
            actor=SystemActor("test"), action="plans.strategy.created", target=before_the_split
        )
    services.start_consultation(actor=personas.coordinator, strategy=strategy)

    actions = [e.action for e in history_of(user=personas.admin, targets=[strategy])]

    assert actions == ["strategies.strategy.consultation_started", "plans.strategy.created"]


def test_an_item_saved_over_a_newer_version_is_refused_and_nothing_changes(personas, strategy):
    member = TeamMemberFactory(strategy=strategy, name="Anna Kowalska")
    spec = services.TeamMemberSpec(name="Anna Nowak")
    services.update_team_member(
        actor=personas.coordinator, member=member, spec=spec, lock_version=1
    )
    before = state()

    with pytest.raises(services.ItemEditConflict) as conflict:
        services.update_team_member(
            actor=personas.coordinator,
            member=TeamMember.objects.get(pk=member.pk),
            spec=services.TeamMemberSpec(name="Jan Kowalski"),
            lock_version=1,
        )

    assert conflict.value.status == 409
    assert "(you edited version 1, it is now at 2)" in conflict.value.message
    assert state() == before


def test_a_replaced_document_leaves_the_storage_once_the_edit_commits(
    personas, strategy, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.update_strategy(
            actor=personas.coordinator,
            strategy=strategy,
            spec=SPEC,
            lock_version=1,
            document=ContentFile(b"%PDF old", name="stara.pdf"),
        )
    strategy.refresh_from_db()
    old = tmp_path / strategy.document.name
    assert old.exists()

    with django_capture_on_commit_callbacks(execute=False) as pending:
        services.update_strategy(
            actor=personas.coordinator,
            strategy=strategy,
            spec=SPEC,
            lock_version=2,
            document=ContentFile(b"%PDF new", name="nowa.pdf"),
        )
    assert old.exists()  # not before the commit: a rollback would keep the old record
    for callback in pending:
        callback()

    strategy.refresh_from_db()
    assert not old.exists()
    assert (tmp_path / strategy.document.name).read_bytes() == b"%PDF new"
    assert sorted(p.name for p in (tmp_path / "strategies" / "1001022").iterdir()) == [
        strategy.document.name.rsplit("/", 1)[-1]
    ]
