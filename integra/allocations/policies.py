"""Rights over allocations: runs are national figures, seen by the ministry and made by its
admins; a published allocation is amended by a ministry admin, its tranches are scheduled by the
regional officer (ROPS) and their transfers recorded by the regional finance officer."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.core.policies import action, holds_any
from integra.core.roles import MINISTRY_ROLES, Role

RUN_READERS = MINISTRY_ROLES
RUN_MANAGERS = frozenset({Role.MINISTRY_ADMIN})
TRANCHE_EDITORS = frozenset({Role.MINISTRY_ADMIN, Role.REGIONAL_OFFICER})
TRANSFER_RECORDERS = frozenset({Role.MINISTRY_ADMIN, Role.REGIONAL_FINANCE})
# A run splits a national budget: it sits at the country, whose scope prefix is empty.
NATIONAL = ""


@action("allocations.allocation_run.view", _("view allocation runs"))
def can_view_allocation_runs_at(user: Any, teryt: str) -> bool:
    return holds_any(user, RUN_READERS, teryt)


@action("allocations.allocation_run.manage", _("create and publish allocation runs"))
def can_manage_allocation_runs_at(user: Any, teryt: str) -> bool:
    return holds_any(user, RUN_MANAGERS, teryt)


@action("allocations.allocation.amend", _("amend a gmina's published allocation"))
def can_amend_allocation_at(user: Any, teryt: str) -> bool:
    # Amounts are fixed nationally: only the ministry changes one, even of a single gmina.
    return holds_any(user, RUN_MANAGERS, NATIONAL)


@action("allocations.tranche.edit", _("edit a gmina's planned tranches"))
def can_edit_tranches_at(user: Any, teryt: str) -> bool:
    return holds_any(user, TRANCHE_EDITORS, teryt)


@action("allocations.tranche.transfer", _("record the transfer of a tranche"))
def can_record_transfer_at(user: Any, teryt: str) -> bool:
    return holds_any(user, TRANSFER_RECORDERS, teryt)


def can_view_allocation_runs(user: Any) -> bool:
    return can_view_allocation_runs_at(user, NATIONAL)


def can_manage_allocation_runs(user: Any) -> bool:
    return can_manage_allocation_runs_at(user, NATIONAL)


def can_amend_allocation(user: Any, gmina: Any) -> bool:
    return can_amend_allocation_at(user, gmina.teryt)


def can_edit_tranches(user: Any, gmina: Any) -> bool:
    return can_edit_tranches_at(user, gmina.teryt)


def can_record_transfer(user: Any, gmina: Any) -> bool:
    return can_record_transfer_at(user, gmina.teryt)
