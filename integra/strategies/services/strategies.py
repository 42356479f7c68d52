"""Writes of the strategy itself: creating it, editing its own fields under optimistic locking,
and its life cycle (in_preparation → consultation → adopted → updated), declared once in
STRATEGY_WORKFLOW."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.audit.services import RequestContext
from integra.core.actors import Actor, require
from integra.core.errors import DomainError, Problem
from integra.core.workflow import Transition, TransitionRefused, Workflow, state_label
from integra.strategies.models import Goal, Strategy
from integra.strategies.policies import can_manage_strategy_at
from integra.strategies.rules import (
    StrategySpec,
    adoption_problems,
    resolution_problems,
    strategy_problems,
    update_problems,
)
from integra.strategies.services.records import record, refuse, require_manager, snapshot
from integra.territories.models import Territory

Status = Strategy.Status


class StrategyEditConflict(DomainError):
    code = "strategy_edit_conflict"
    status = 409


class StrategyTransitionRefused(TransitionRefused):
    code = "strategy_transition_refused"
    status = 409


def _describe(strategy: Any, transition: Transition) -> str:
    return _("A strategy cannot go from “%(from)s” to “%(to)s”.") % {
        "from": state_label(strategy, "status"),
        "to": state_label(strategy, "status", transition.target),
    }


# The actions are the steps of the pages (strategies:strategy-<step>).
STRATEGY_WORKFLOW = Workflow(
    Transition.of(
        "consultation",
        [Status.IN_PREPARATION],
        Status.CONSULTATION,
        gettext_lazy("Start the consultation"),
    ),
    Transition.of(
        "adopt", [Status.CONSULTATION], Status.ADOPTED, gettext_lazy("Record the adoption")
    ),
    Transition.of(
        "update", [Status.ADOPTED, Status.UPDATED], Status.UPDATED, gettext_lazy("Record an update")
    ),
    refused=StrategyTransitionRefused,
    describe=_describe,
)

STRATEGY_FIELDS = (
    "title",
    "period_from",
    "period_until",
    "team_ordinance_number",
    "team_ordinance_on",
    "document",
)
RESOLUTION_FIELDS = ("status", "resolution_number", "resolution_on")


@transaction.atomic
def create_strategy(
    *,
    actor: Actor,
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
        refuse([Problem(_("A strategy belongs to a gmina."), field="gmina")])
    refuse(strategy_problems(spec, today=timezone.localdate()))
    strategy = Strategy(gmina=gmina, **asdict(spec))
    if document is not None:
        strategy.document.save(document.name, document, save=False)
    strategy.save()
    record(actor, strategy, "created", {}, snapshot(strategy, STRATEGY_FIELDS), context)
    return strategy


def _locked(strategy: Strategy) -> Strategy:
    locked: Strategy = (
        Strategy.objects.select_for_update().select_related("gmina").get(pk=strategy.pk)
    )
    return locked


@transaction.atomic
def update_strategy(
    *,
    actor: Actor,
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
    require_manager(actor, strategy)
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
    refuse(strategy_problems(spec, today=timezone.localdate()))
    before = snapshot(current, STRATEGY_FIELDS)
    for name, value in asdict(spec).items():
        setattr(current, name, value)
    replaced = current.document.name if document is not None else ""
    if document is not None:
        current.document.save(document.name, document, save=False)
    current.lock_version += 1
    current.save()
    record(actor, current, "edited", before, snapshot(current, STRATEGY_FIELDS), context)
    if replaced and replaced != current.document.name:
        _delete_after_commit(current.document.storage, replaced)
    return current


def _delete_after_commit(storage: Any, name: str) -> None:
    """The replaced file goes once the new one is committed: a rollback keeps the old record,
    so its file must stay until then."""
    transaction.on_commit(lambda: storage.delete(name))


# Life cycle --------------------------------------------------------------------------------------


def _move(
    actor: Actor,
    current: Strategy,
    action: str,
    verb: str,
    context: RequestContext | None,
    **changes: Any,
) -> Strategy:
    """Take the workflow's step `action` with the given field changes, and record it."""
    before = snapshot(current, RESOLUTION_FIELDS)
    STRATEGY_WORKFLOW.move(current, action)
    for name, value in changes.items():
        setattr(current, name, value)
    current.lock_version += 1
    current.save()
    record(actor, current, verb, before, snapshot(current, RESOLUTION_FIELDS), context)
    return current


@transaction.atomic
def start_consultation(
    *, actor: Actor, strategy: Strategy, context: RequestContext | None = None
) -> Strategy:
    """in_preparation → consultation. Raises StrategyTransitionRefused from any other status,
    PermissionDenied and Strategy.DoesNotExist as update_strategy."""
    require_manager(actor, strategy)
    current = _locked(strategy)
    STRATEGY_WORKFLOW.require(current, "consultation")
    return _move(actor, current, "consultation", "consultation_started", context)


@transaction.atomic
def adopt_strategy(
    *,
    actor: Actor,
    strategy: Strategy,
    resolution_number: str,
    resolution_on: dt.date | None,
    context: RequestContext | None = None,
) -> Strategy:
    """consultation → adopted by a council resolution.

    Raises StrategyTransitionRefused from any other status, and StrategyInvalid naming every
    missing thing at once: the resolution number and date, a strategic goal, a diagnosis entry.
    """
    require_manager(actor, strategy)
    current = _locked(strategy)
    STRATEGY_WORKFLOW.require(current, "adopt")
    refuse(
        resolution_problems(resolution_number, resolution_on, today=timezone.localdate())
        + adoption_problems(
            has_strategic_goal=current.goals.filter(kind=Goal.Kind.STRATEGIC).exists(),
            has_diagnosis=current.diagnosis.exists(),
        )
    )
    return _move(
        actor,
        current,
        "adopt",
        "adopted",
        context,
        resolution_number=resolution_number.strip(),
        resolution_on=resolution_on,
    )


@transaction.atomic
def record_strategy_update(
    *,
    actor: Actor,
    strategy: Strategy,
    resolution_number: str,
    resolution_on: dt.date | None,
    context: RequestContext | None = None,
) -> Strategy:
    """adopted (or updated) → updated by a new council resolution, which replaces the previous
    one (kept in the audit event). Raises StrategyTransitionRefused from another status, and
    StrategyInvalid for a missing, repeated or earlier resolution."""
    require_manager(actor, strategy)
    current = _locked(strategy)
    STRATEGY_WORKFLOW.require(current, "update")
    refuse(
        resolution_problems(resolution_number, resolution_on, today=timezone.localdate())
        + update_problems(
            resolution_number,
            resolution_on,
            previous_number=current.resolution_number,
            previous_on=current.resolution_on,
        )
    )
    return _move(
        actor,
        current,
        "update",
        "updated",
        context,
        resolution_number=resolution_number.strip(),
        resolution_on=resolution_on,
    )
