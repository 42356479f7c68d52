"""Rights over allocation runs: national figures, seen by the ministry and made by its admins."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.core.policies import action, holds_any
from integra.core.roles import MINISTRY_ROLES, Role

RUN_READERS = MINISTRY_ROLES
RUN_MANAGERS = frozenset({Role.MINISTRY_ADMIN})
# A run splits a national budget: it sits at the country, whose scope prefix is empty.
NATIONAL = ""


@action("allocations.allocation_run.view", _("view allocation runs"))
def can_view_allocation_runs_at(user: Any, teryt: str) -> bool:
    return holds_any(user, RUN_READERS, teryt)


@action("allocations.allocation_run.manage", _("create and publish allocation runs"))
def can_manage_allocation_runs_at(user: Any, teryt: str) -> bool:
    return holds_any(user, RUN_MANAGERS, teryt)


def can_view_allocation_runs(user: Any) -> bool:
    return can_view_allocation_runs_at(user, NATIONAL)


def can_manage_allocation_runs(user: Any) -> bool:
    return can_manage_allocation_runs_at(user, NATIONAL)
