"""Writes of a strategy's diagnosis: the problems of its target groups, with figures."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext
from integra.core.actors import Actor
from integra.core.errors import Problem
from integra.strategies.models import DiagnosisEntry, Strategy
from integra.strategies.rules import DiagnosisSpec, diagnosis_problems
from integra.strategies.services.records import (
    changed,
    created,
    is_adopted,
    refuse,
    removed,
    require_manager,
    require_unchanged,
)

DIAGNOSIS_FIELDS = ("target_group", "problem", "figure", "figure_unit", "source")


@transaction.atomic
def add_diagnosis_entry(
    *,
    actor: Actor,
    strategy: Strategy,
    spec: DiagnosisSpec,
    context: RequestContext | None = None,
) -> DiagnosisEntry:
    """One problem of a target group. Raises StrategyInvalid, PermissionDenied and
    Strategy.DoesNotExist."""
    require_manager(actor, strategy)
    refuse(diagnosis_problems(spec))
    entry: DiagnosisEntry = created(
        actor, strategy, DiagnosisEntry, asdict(spec), DIAGNOSIS_FIELDS, "diagnosis_added", context
    )
    return entry


@transaction.atomic
def update_diagnosis_entry(
    *,
    actor: Actor,
    entry: DiagnosisEntry,
    spec: DiagnosisSpec,
    lock_version: int,
    context: RequestContext | None = None,
) -> DiagnosisEntry:
    """Replace an entry's content; the errors of add_diagnosis_entry, and
    ItemEditConflict when `lock_version` is not the one stored (someone saved in between)."""
    require_manager(actor, entry.strategy)
    require_unchanged(entry, lock_version)
    refuse(diagnosis_problems(spec))
    saved: DiagnosisEntry = changed(
        actor, entry, asdict(spec), DIAGNOSIS_FIELDS, "diagnosis_changed", context
    )
    return saved


@transaction.atomic
def remove_diagnosis_entry(
    *, actor: Actor, entry: DiagnosisEntry, context: RequestContext | None = None
) -> None:
    """Delete an entry. An adopted strategy keeps at least one (StrategyInvalid)."""
    strategy = entry.strategy
    require_manager(actor, strategy)
    if is_adopted(strategy) and strategy.diagnosis.count() == 1:
        refuse(
            [Problem(_("An adopted strategy keeps at least one diagnosis entry."), field="entry")]
        )
    removed(actor, entry, DIAGNOSIS_FIELDS, "diagnosis_removed", context)
