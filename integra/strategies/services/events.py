"""Writes of a strategy's participation events: meetings, surveys and workshops held while
preparing it."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction
from django.utils import timezone

from integra.audit.services import RequestContext
from integra.core.actors import Actor
from integra.strategies.models import ParticipationEvent, Strategy
from integra.strategies.rules import EventSpec, event_problems
from integra.strategies.services.records import (
    changed,
    created,
    refuse,
    removed,
    require_manager,
    require_unchanged,
)

EVENT_FIELDS = ("kind", "held_on", "place", "participants", "notes")


def _check_event(strategy: Strategy, spec: EventSpec) -> None:
    refuse(
        event_problems(
            spec,
            kinds=list(ParticipationEvent.Kind.values),
            period_from=strategy.period_from,
            period_until=strategy.period_until,
            today=timezone.localdate(),
        )
    )


@transaction.atomic
def add_participation_event(
    *,
    actor: Actor,
    strategy: Strategy,
    spec: EventSpec,
    context: RequestContext | None = None,
) -> ParticipationEvent:
    """A meeting, survey or workshop held while preparing the strategy.

    Raises StrategyInvalid (every problem at once) for an unknown kind, no place, a negative
    number of participants, or a date in the future, more than five years before the period or
    after it; PermissionDenied and Strategy.DoesNotExist."""
    require_manager(actor, strategy)
    _check_event(strategy, spec)
    event: ParticipationEvent = created(
        actor, strategy, ParticipationEvent, asdict(spec), EVENT_FIELDS, "event_added", context
    )
    return event


@transaction.atomic
def update_participation_event(
    *,
    actor: Actor,
    event: ParticipationEvent,
    spec: EventSpec,
    lock_version: int,
    context: RequestContext | None = None,
) -> ParticipationEvent:
    """Replace an event's details; the errors of add_participation_event, and
    ItemEditConflict when `lock_version` is not the one stored (someone saved in between)."""
    strategy = event.strategy
    require_manager(actor, strategy)
    require_unchanged(event, lock_version)
    _check_event(strategy, spec)
    saved: ParticipationEvent = changed(
        actor, event, asdict(spec), EVENT_FIELDS, "event_changed", context
    )
    return saved


@transaction.atomic
def remove_participation_event(
    *, actor: Actor, event: ParticipationEvent, context: RequestContext | None = None
) -> None:
    """Delete a participation event."""
    require_manager(actor, event.strategy)
    removed(actor, event, EVENT_FIELDS, "event_removed", context)
