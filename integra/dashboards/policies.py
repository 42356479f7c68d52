"""Rights over the dashboards: a programme's figures are national, read by the ministry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from integra.allocations.policies import can_view_allocation_runs
from integra.core.policies import action, holds_any
from integra.core.roles import GMINA_ROLES, Role

GMINA_CODE_LENGTH = 7

NOT_A_FIGURES_READER = _("Only the ministry sees the figures of programmes.")
NOT_A_BOARD_READER = _("Only the region's consultants and officers have a portfolio board.")

# The portfolio board: the people who follow gminas for the region, over their scope.
BOARD_READERS = frozenset({Role.REGIONAL_CONSULTANT, Role.REGIONAL_OFFICER})


def can_view_programme_figures(user: Any) -> bool:
    """Whoever reads allocation runs (the ministry) reads the figures of programmes."""
    return can_view_allocation_runs(user)


def require_programme_figures_reader(user: Any) -> None:
    """PermissionDenied (a 403, on pages and in the API alike) for anyone but the ministry."""
    if not can_view_programme_figures(user):
        raise PermissionDenied(str(NOT_A_FIGURES_READER))


def home_gmina(user: Any) -> str | None:
    """The TERYT code of the gmina the user works for (a gmina role over it; the lowest code when
    there are several), else None: the menu's "My gmina" opens its allocation card."""
    if not getattr(user, "is_authenticated", False):
        return None
    codes = sorted(p for p in user.scope_prefixes(GMINA_ROLES) if len(p) == GMINA_CODE_LENGTH)
    return codes[0] if codes else None


def has_home_gmina(user: Any) -> bool:
    return home_gmina(user) is not None


@action("dashboards.board.view", _("read the portfolio board of the gminas one follows"))
def can_view_board_at(user: Any, teryt: str) -> bool:
    return holds_any(user, BOARD_READERS, teryt)


def can_view_board(user: Any) -> bool:
    """A consultant or officer of a region (the board lists the gminas of their scope)."""
    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(BOARD_READERS))


def require_board_reader(user: Any) -> None:
    """PermissionDenied (403 on pages and in the API) for anyone without a board."""
    if not can_view_board(user):
        raise PermissionDenied(str(NOT_A_BOARD_READER))
