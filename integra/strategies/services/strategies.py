"""Writes of a gmina's strategy (GSRPS): the strategy itself under optimistic locking, its
diagnosis, goals, working team and participation events, and its life cycle
(in_preparation → consultation → adopted → updated). Each write records one audit event
`plans.strategy.<past-verb>` filed under the strategy, so that its history shows every change."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.core.actors import require
from integra.core.errors import DomainError
from integra.strategies.models import DiagnosisEntry, Goal, ParticipationEvent, Strategy, TeamMember
from integra.strategies.policies import (
    can_manage_strategy,
    can_manage_strategy_at,
    can_view_strategy,
)
from integra.territories.models import Territory

# A participation event may precede the strategy's period by this many years (preparation).
EVENT_YEARS_BEFORE_PERIOD = 5
EARLIEST_DATE = dt.date(1990, 1, 1)


class StrategyInvalid(DomainError):
    code = "strategy_invalid"


class StrategyEditConflict(DomainError):
    code = "strategy_edit_conflict"
    status = 409


class StrategyTransitionRefused(DomainError):
    code = "strategy_transition_refused"
    status = 409


class GoalInUse(DomainError):
    code = "goal_in_use"
    status = 409


# Specs: what the caller may set; each service validates them whole and reports every problem.


@dataclass(frozen=True)
class StrategySpec:
    title: str
    period_from: dt.date
    period_until: dt.date
    team_ordinance_number: str = ""
    team_ordinance_on: dt.date | None = None


@dataclass(frozen=True)
class DiagnosisSpec:
    target_group: Any
    problem: str
    figure: Decimal | None = None
    figure_unit: str = ""
    source: str = ""


@dataclass(frozen=True)
class GoalSpec:
    kind: str
    code: str
    title: str
    parent: Goal | None = None


@dataclass(frozen=True)
class TeamMemberSpec:
    name: str
    institution: str = ""
    team_role: str = ""


@dataclass(frozen=True)
class EventSpec:
    kind: str
    held_on: dt.date
    place: str
    participants: int
    notes: str = ""


# Permission and shared helpers -------------------------------------------------------------------


def _require_manager(actor: Any, strategy: Strategy) -> None:
    """Strategy.DoesNotExist outside the actor's scope, PermissionDenied for a reader."""
    require(
        actor,
        lambda user: can_manage_strategy(user, strategy),
        _("Only the gmina's coordinator may change its strategy."),
        visible=lambda user: can_view_strategy(user, strategy),
        missing=Strategy.DoesNotExist,
    )


def _refuse(problems: list[str], error: type[DomainError] = StrategyInvalid) -> None:
    if problems:
        raise error("; ".join(problems))


def _snapshot(obj: Model, fields: tuple[str, ...]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, Model):
            # Codes read better in the history than keys (a target group, a parent goal).
            value = getattr(value, "code", None) or str(value.pk)
        elif hasattr(value, "name") and hasattr(value, "storage"):  # a file
            value = value.name or ""
        values[name] = value
    return values


def _record(
    actor: Any,
    strategy: Strategy,
    verb: str,
    before: dict[str, Any],
    after: dict[str, Any],
    context: RequestContext | None,
) -> None:
    record_event(
        actor=actor,
        action=f"strategies.strategy.{verb}",
        target=strategy,
        territory_teryt=strategy.gmina.teryt,
        context=context,
        changes={"before": before, "after": after},
    )


# The strategy ------------------------------------------------------------------------------------

STRATEGY_FIELDS = (
    "title",
    "period_from",
    "period_until",
    "team_ordinance_number",
    "team_ordinance_on",
    "document",
)


def _created(
    actor: Any,
    strategy: Strategy,
    model: type[Model],
    values: dict[str, Any],
    fields: tuple[str, ...],
    event: str,
    context: RequestContext | None,
) -> Any:
    """Create an item of the strategy and record it (the caller has checked right and input)."""
    item = model.objects.create(strategy=strategy, **values)  # type: ignore[attr-defined]
    _touch(strategy)
    _record(actor, strategy, event, {}, {"id": item.pk, **_snapshot(item, fields)}, context)
    return item


def _changed(
    actor: Any,
    item: Any,
    values: dict[str, Any],
    fields: tuple[str, ...],
    event: str,
    context: RequestContext | None,
) -> Any:
    """Replace an item's values and record before and after."""
    before = {"id": item.pk, **_snapshot(item, fields)}
    for name, value in values.items():
        setattr(item, name, value)
    item.save()
    _touch(item.strategy)
    after = {"id": item.pk, **_snapshot(item, fields)}
    _record(actor, item.strategy, event, before, after, context)
    return item


def _removed(
    actor: Any, item: Any, fields: tuple[str, ...], event: str, context: RequestContext | None
) -> None:
    """Delete an item and record what it was."""
    strategy = item.strategy
    before = {"id": item.pk, **_snapshot(item, fields)}
    item.delete()
    _touch(strategy)
    _record(actor, strategy, event, before, {}, context)


def _check_strategy(spec: StrategySpec) -> None:
    problems = []
    if not spec.title.strip():
        problems.append(_("the title is required"))
    if spec.period_until <= spec.period_from:
        problems.append(_("the period must end after it starts"))
    if spec.period_from < EARLIEST_DATE:
        problems.append(_("the period may not start before 1990"))
    if bool(spec.team_ordinance_number.strip()) != (spec.team_ordinance_on is not None):
        problems.append(_("give both the number and the date of the team ordinance, or neither"))
    if spec.team_ordinance_on and spec.team_ordinance_on > timezone.localdate():
        problems.append(_("the team ordinance may not be dated in the future"))
    _refuse(problems)


@transaction.atomic
def create_strategy(
    *,
    actor: Any,
    gmina: Territory,
    spec: StrategySpec,
    document: Any = None,
    context: RequestContext | None = None,
) -> Strategy:
    """A new strategy of the gmina, in preparation; `document` (an uploaded file) is stored
    privately. Raises PermissionDenied unless the actor manages the gmina's strategy, and
    StrategyInvalid (every problem at once) for a unit that is no gmina or a bad spec."""
    require(
        actor,
        lambda user: can_manage_strategy_at(user, gmina.teryt),
        _("Only the gmina's coordinator may prepare its strategy."),
    )
    if gmina.level != Territory.Level.GMINA:
        raise StrategyInvalid(_("A strategy belongs to a gmina."))
    _check_strategy(spec)
    strategy = Strategy(gmina=gmina, **asdict(spec))
    if document is not None:
        strategy.document.save(document.name, document, save=False)
    strategy.save()
    _record(actor, strategy, "created", {}, _snapshot(strategy, STRATEGY_FIELDS), context)
    return strategy


def _locked(strategy: Strategy) -> Strategy:
    return Strategy.objects.select_for_update().select_related("gmina").get(pk=strategy.pk)


@transaction.atomic
def update_strategy(
    *,
    actor: Any,
    strategy: Strategy,
    spec: StrategySpec,
    lock_version: int,
    document: Any = None,
    context: RequestContext | None = None,
) -> Strategy:
    """Save the editor's version of the strategy's own fields (a new `document` replaces the
    old one), increasing its lock_version.

    `lock_version` is the version the editor saw: when someone saved in between, raises
    StrategyEditConflict and changes nothing. Also raises the errors of create_strategy and
    Strategy.DoesNotExist outside the actor's scope.
    """
    _require_manager(actor, strategy)
    current = _locked(strategy)
    if current.lock_version != lock_version:
        raise StrategyEditConflict(
            _(
                "Someone else saved this strategy while you were editing it (version %(seen)s, "
                "now %(now)s). Nothing was saved: compare your input with the saved values and "
                "save again to replace them."
            )
            % {"seen": lock_version, "now": current.lock_version}
        )
    _check_strategy(spec)
    before = _snapshot(current, STRATEGY_FIELDS)
    for name, value in asdict(spec).items():
        setattr(current, name, value)
    if document is not None:
        current.document.save(document.name, document, save=False)
    current.lock_version += 1
    current.save()
    _record(actor, current, "edited", before, _snapshot(current, STRATEGY_FIELDS), context)
    return current


def _touch(strategy: Strategy) -> None:
    """The strategy's last change includes changes of its diagnosis, goals, team and events.

    They leave lock_version alone: the lock protects the strategy's own fields only."""
    Strategy.objects.filter(pk=strategy.pk).update(updated_at=timezone.now())


# Life cycle --------------------------------------------------------------------------------------

RESOLUTION_FIELDS = ("status", "resolution_number", "resolution_on")


def _check_resolution(number: str, on: dt.date | None) -> list[str]:
    problems = []
    if not number.strip():
        problems.append(_("the council resolution number is required"))
    if on is None:
        problems.append(_("the council resolution date is required"))
    elif on > timezone.localdate():
        problems.append(_("the council resolution may not be dated in the future"))
    elif on < EARLIEST_DATE:
        problems.append(_("the council resolution may not be dated before 1990"))
    return problems


def _refuse_step(current: Strategy, to: str) -> None:
    raise StrategyTransitionRefused(
        _("A strategy cannot go from “%(from)s” to “%(to)s”.")
        % {"from": current.get_status_display(), "to": Strategy.Status(to).label}
    )


def _move(
    actor: Any,
    current: Strategy,
    verb: str,
    changes: dict[str, Any],
    context: RequestContext | None,
) -> Strategy:
    before = _snapshot(current, RESOLUTION_FIELDS)
    for name, value in changes.items():
        setattr(current, name, value)
    current.lock_version += 1
    current.save()
    _record(actor, current, verb, before, _snapshot(current, RESOLUTION_FIELDS), context)
    return current


@transaction.atomic
def start_consultation(
    *, actor: Any, strategy: Strategy, context: RequestContext | None = None
) -> Strategy:
    """in_preparation → consultation. Raises StrategyTransitionRefused from any other status,
    PermissionDenied and Strategy.DoesNotExist as update_strategy."""
    _require_manager(actor, strategy)
    current = _locked(strategy)
    if current.status != Strategy.Status.IN_PREPARATION:
        _refuse_step(current, Strategy.Status.CONSULTATION)
    return _move(
        actor, current, "consultation_started", {"status": Strategy.Status.CONSULTATION}, context
    )


@transaction.atomic
def adopt_strategy(
    *,
    actor: Any,
    strategy: Strategy,
    resolution_number: str,
    resolution_on: dt.date | None,
    context: RequestContext | None = None,
) -> Strategy:
    """consultation → adopted by a council resolution.

    Raises StrategyTransitionRefused from any other status, and StrategyInvalid naming every
    missing thing at once: the resolution number and date, a strategic goal, a diagnosis entry.
    """
    _require_manager(actor, strategy)
    current = _locked(strategy)
    if current.status != Strategy.Status.CONSULTATION:
        _refuse_step(current, Strategy.Status.ADOPTED)
    problems = _check_resolution(resolution_number, resolution_on)
    if not current.goals.filter(kind=Goal.Kind.STRATEGIC).exists():
        problems.append(_("at least one strategic goal is required"))
    if not current.diagnosis.exists():
        problems.append(_("at least one diagnosis entry is required"))
    _refuse(problems)
    changes = {
        "status": Strategy.Status.ADOPTED,
        "resolution_number": resolution_number.strip(),
        "resolution_on": resolution_on,
    }
    return _move(actor, current, "adopted", changes, context)


@transaction.atomic
def record_strategy_update(
    *,
    actor: Any,
    strategy: Strategy,
    resolution_number: str,
    resolution_on: dt.date | None,
    context: RequestContext | None = None,
) -> Strategy:
    """adopted (or updated) → updated by a new council resolution, which replaces the previous
    one (kept in the audit event). Raises StrategyTransitionRefused from another status, and
    StrategyInvalid for a missing, repeated or earlier resolution."""
    _require_manager(actor, strategy)
    current = _locked(strategy)
    if current.status not in (Strategy.Status.ADOPTED, Strategy.Status.UPDATED):
        _refuse_step(current, Strategy.Status.UPDATED)
    problems = _check_resolution(resolution_number, resolution_on)
    if resolution_number.strip() == current.resolution_number:
        problems.append(_("the update needs a new council resolution number"))
    if resolution_on and current.resolution_on and resolution_on < current.resolution_on:
        problems.append(_("the new resolution may not be older than the previous one"))
    _refuse(problems)
    changes = {
        "status": Strategy.Status.UPDATED,
        "resolution_number": resolution_number.strip(),
        "resolution_on": resolution_on,
    }
    return _move(actor, current, "updated", changes, context)


def _is_adopted(strategy: Strategy) -> bool:
    return strategy.status in (Strategy.Status.ADOPTED, Strategy.Status.UPDATED)


# Diagnosis ---------------------------------------------------------------------------------------

DIAGNOSIS_FIELDS = ("target_group", "problem", "figure", "figure_unit", "source")


def _check_diagnosis(spec: DiagnosisSpec) -> None:
    problems = []
    if spec.target_group is None:
        problems.append(_("the target group is required"))
    if not spec.problem.strip():
        problems.append(_("describe the problem"))
    if spec.figure is not None and not spec.figure_unit.strip():
        problems.append(_("give the unit of the figure"))
    _refuse(problems)


@transaction.atomic
def add_diagnosis_entry(
    *,
    actor: Any,
    strategy: Strategy,
    spec: DiagnosisSpec,
    context: RequestContext | None = None,
) -> DiagnosisEntry:
    """One problem of a target group. Raises StrategyInvalid, PermissionDenied and
    Strategy.DoesNotExist."""
    _require_manager(actor, strategy)
    _check_diagnosis(spec)
    return _created(
        actor, strategy, DiagnosisEntry, asdict(spec), DIAGNOSIS_FIELDS, "diagnosis_added", context
    )


@transaction.atomic
def update_diagnosis_entry(
    *,
    actor: Any,
    entry: DiagnosisEntry,
    spec: DiagnosisSpec,
    context: RequestContext | None = None,
) -> DiagnosisEntry:
    """Replace an entry's content; the errors of add_diagnosis_entry."""
    strategy = entry.strategy
    _require_manager(actor, strategy)
    _check_diagnosis(spec)
    return _changed(actor, entry, asdict(spec), DIAGNOSIS_FIELDS, "diagnosis_changed", context)


@transaction.atomic
def remove_diagnosis_entry(
    *, actor: Any, entry: DiagnosisEntry, context: RequestContext | None = None
) -> None:
    """Delete an entry. An adopted strategy keeps at least one (StrategyInvalid)."""
    strategy = entry.strategy
    _require_manager(actor, strategy)
    if _is_adopted(strategy) and strategy.diagnosis.count() == 1:
        raise StrategyInvalid(_("An adopted strategy keeps at least one diagnosis entry."))
    _removed(actor, entry, DIAGNOSIS_FIELDS, "diagnosis_removed", context)


# Goals -------------------------------------------------------------------------------------------

GOAL_FIELDS = ("kind", "code", "title", "parent")


def _check_goal(strategy: Strategy, spec: GoalSpec, goal: Goal | None = None) -> None:
    problems = []
    if spec.kind not in Goal.Kind.values:
        problems.append(_("unknown kind of goal"))
    if not spec.code.strip() or not spec.title.strip():
        problems.append(_("the number and the goal are required"))
    taken = strategy.goals.filter(code=spec.code.strip())
    if goal is not None:
        taken = taken.exclude(pk=goal.pk)
    if spec.code.strip() and taken.exists():
        problems.append(_("the number %(code)s is taken") % {"code": spec.code.strip()})
    problems += _parent_problems(strategy, spec, goal)
    _refuse(problems)


def _parent_problems(strategy: Strategy, spec: GoalSpec, goal: Goal | None) -> list[str]:
    parent = spec.parent
    if spec.kind == Goal.Kind.STRATEGIC:
        return [_("a strategic goal has no parent")] if parent is not None else []
    if spec.kind != Goal.Kind.OPERATIONAL:
        return []
    if parent is None:
        return [_("an operational goal needs its strategic goal")]
    if parent.strategy_id != strategy.pk or parent.kind != Goal.Kind.STRATEGIC:
        return [_("the parent must be a strategic goal of the same strategy")]
    if goal is not None and parent.pk == goal.pk:
        return [_("a goal cannot be its own parent")]
    if goal is not None and goal.children.exists():
        return [_("a strategic goal with operational goals stays strategic")]
    return []


def _goal_values(spec: GoalSpec) -> dict[str, Any]:
    return {
        "kind": spec.kind,
        "code": spec.code.strip(),
        "title": spec.title.strip(),
        "parent": spec.parent if spec.kind == Goal.Kind.OPERATIONAL else None,
    }


@transaction.atomic
def add_goal(
    *, actor: Any, strategy: Strategy, spec: GoalSpec, context: RequestContext | None = None
) -> Goal:
    """A strategic goal, or an operational goal under a strategic goal of the same strategy.
    Raises StrategyInvalid (every problem at once), PermissionDenied, Strategy.DoesNotExist."""
    _require_manager(actor, strategy)
    _check_goal(strategy, spec)
    return _created(actor, strategy, Goal, _goal_values(spec), GOAL_FIELDS, "goal_added", context)


@transaction.atomic
def update_goal(
    *, actor: Any, goal: Goal, spec: GoalSpec, context: RequestContext | None = None
) -> Goal:
    """Change a goal's number, wording, kind or parent; the errors of add_goal."""
    strategy = goal.strategy
    _require_manager(actor, strategy)
    _check_goal(strategy, spec, goal)
    return _changed(actor, goal, _goal_values(spec), GOAL_FIELDS, "goal_changed", context)


@transaction.atomic
def remove_goal(*, actor: Any, goal: Goal, context: RequestContext | None = None) -> None:
    """Delete a goal. Raises GoalInUse when a planned service of an Action Plan points to it,
    StrategyInvalid for a strategic goal that still has operational goals or for the last
    strategic goal of an adopted strategy."""
    strategy = goal.strategy
    _require_manager(actor, strategy)
    problems = []
    if goal.children.exists():
        problems.append(_("remove or move its operational goals first"))
    if (
        _is_adopted(strategy)
        and goal.kind == Goal.Kind.STRATEGIC
        and strategy.goals.filter(kind=Goal.Kind.STRATEGIC).count() == 1
    ):
        problems.append(_("an adopted strategy keeps at least one strategic goal"))
    _refuse(problems)
    before = {"id": goal.pk, **_snapshot(goal, GOAL_FIELDS)}
    try:
        with transaction.atomic():
            goal.delete()
    except ProtectedError as exc:
        raise GoalInUse(
            _(
                "Goal %(code)s is linked to planned services of an Action Plan, so it cannot be "
                "removed."
            )
            % {"code": goal.code}
        ) from exc
    _touch(strategy)
    _record(actor, strategy, "goal_removed", before, {}, context)


# Working team ------------------------------------------------------------------------------------

TEAM_FIELDS = ("name", "institution", "team_role")


def _check_member(spec: TeamMemberSpec) -> None:
    _refuse([_("the name is required")] if not spec.name.strip() else [])


@transaction.atomic
def add_team_member(
    *,
    actor: Any,
    strategy: Strategy,
    spec: TeamMemberSpec,
    context: RequestContext | None = None,
) -> TeamMember:
    """A member of the working team. Raises StrategyInvalid, PermissionDenied,
    Strategy.DoesNotExist."""
    _require_manager(actor, strategy)
    _check_member(spec)
    return _created(
        actor, strategy, TeamMember, asdict(spec), TEAM_FIELDS, "team_member_added", context
    )


@transaction.atomic
def update_team_member(
    *,
    actor: Any,
    member: TeamMember,
    spec: TeamMemberSpec,
    context: RequestContext | None = None,
) -> TeamMember:
    """Replace a member's details; the errors of add_team_member."""
    strategy = member.strategy
    _require_manager(actor, strategy)
    _check_member(spec)
    return _changed(actor, member, asdict(spec), TEAM_FIELDS, "team_member_changed", context)


@transaction.atomic
def remove_team_member(
    *, actor: Any, member: TeamMember, context: RequestContext | None = None
) -> None:
    """Delete a member of the working team."""
    strategy = member.strategy
    _require_manager(actor, strategy)
    _removed(actor, member, TEAM_FIELDS, "team_member_removed", context)


# Participation events ----------------------------------------------------------------------------

EVENT_FIELDS = ("kind", "held_on", "place", "participants", "notes")


def _check_event(strategy: Strategy, spec: EventSpec) -> None:
    problems = []
    if spec.kind not in ParticipationEvent.Kind.values:
        problems.append(_("unknown kind of event"))
    if not spec.place.strip():
        problems.append(_("the place is required"))
    if spec.participants < 0:
        problems.append(_("the number of participants may not be negative"))
    # The first of the month: the same day five years earlier may not exist (29 February).
    earliest = strategy.period_from.replace(
        year=strategy.period_from.year - EVENT_YEARS_BEFORE_PERIOD, day=1
    )
    if spec.held_on > timezone.localdate():
        problems.append(_("an event is recorded once it has taken place, not in advance"))
    elif spec.held_on < earliest or spec.held_on >= strategy.period_until:
        problems.append(
            _("the date must lie between %(earliest)s and the end of the strategy's period")
            % {"earliest": earliest.isoformat()}
        )
    _refuse(problems)


@transaction.atomic
def add_participation_event(
    *,
    actor: Any,
    strategy: Strategy,
    spec: EventSpec,
    context: RequestContext | None = None,
) -> ParticipationEvent:
    """A meeting, survey or workshop held while preparing the strategy.

    Raises StrategyInvalid (every problem at once) for an unknown kind, no place, a negative
    number of participants, or a date in the future, more than five years before the period or
    after it; PermissionDenied and Strategy.DoesNotExist."""
    _require_manager(actor, strategy)
    _check_event(strategy, spec)
    return _created(
        actor, strategy, ParticipationEvent, asdict(spec), EVENT_FIELDS, "event_added", context
    )


@transaction.atomic
def update_participation_event(
    *,
    actor: Any,
    event: ParticipationEvent,
    spec: EventSpec,
    context: RequestContext | None = None,
) -> ParticipationEvent:
    """Replace an event's details; the errors of add_participation_event."""
    strategy = event.strategy
    _require_manager(actor, strategy)
    _check_event(strategy, spec)
    return _changed(actor, event, asdict(spec), EVENT_FIELDS, "event_changed", context)


@transaction.atomic
def remove_participation_event(
    *, actor: Any, event: ParticipationEvent, context: RequestContext | None = None
) -> None:
    """Delete a participation event."""
    strategy = event.strategy
    _require_manager(actor, strategy)
    _removed(actor, event, EVENT_FIELDS, "event_removed", context)
