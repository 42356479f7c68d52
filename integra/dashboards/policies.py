"""Rights over the dashboards: a programme's figures are national, read by the ministry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from integra.allocations.policies import can_view_allocation_runs

NOT_A_FIGURES_READER = _("Only the ministry sees the figures of programmes.")


def can_view_programme_figures(user: Any) -> bool:
    """Whoever reads allocation runs (the ministry) reads the figures of programmes."""
    return can_view_allocation_runs(user)


def require_programme_figures_reader(user: Any) -> None:
    """PermissionDenied (a 403, on pages and in the API alike) for anyone but the ministry."""
    if not can_view_programme_figures(user):
        raise PermissionDenied(str(NOT_A_FIGURES_READER))
