"""Writes of a strategy's working team."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction

from integra.audit.services import RequestContext
from integra.core.actors import Actor
from integra.strategies.models import Strategy, TeamMember
from integra.strategies.rules import TeamMemberSpec, member_problems
from integra.strategies.services.records import (
    changed,
    created,
    refuse,
    removed,
    require_manager,
    require_unchanged,
)

TEAM_FIELDS = ("name", "institution", "team_role")


@transaction.atomic
def add_team_member(
    *,
    actor: Actor,
    strategy: Strategy,
    spec: TeamMemberSpec,
    context: RequestContext | None = None,
) -> TeamMember:
    """A member of the working team. Raises StrategyInvalid, PermissionDenied,
    Strategy.DoesNotExist."""
    require_manager(actor, strategy)
    refuse(member_problems(spec))
    member: TeamMember = created(
        actor, strategy, TeamMember, asdict(spec), TEAM_FIELDS, "team_member_added", context
    )
    return member


@transaction.atomic
def update_team_member(
    *,
    actor: Actor,
    member: TeamMember,
    spec: TeamMemberSpec,
    lock_version: int,
    context: RequestContext | None = None,
) -> TeamMember:
    """Replace a member's details; the errors of add_team_member, and
    ItemEditConflict when `lock_version` is not the one stored (someone saved in between)."""
    require_manager(actor, member.strategy)
    require_unchanged(member, lock_version)
    refuse(member_problems(spec))
    saved: TeamMember = changed(
        actor, member, asdict(spec), TEAM_FIELDS, "team_member_changed", context
    )
    return saved


@transaction.atomic
def remove_team_member(
    *, actor: Actor, member: TeamMember, context: RequestContext | None = None
) -> None:
    """Delete a member of the working team."""
    require_manager(actor, member.strategy)
    removed(actor, member, TEAM_FIELDS, "team_member_removed", context)
