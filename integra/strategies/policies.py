"""Rights over gmina strategies: the gmina's coordinator prepares and adopts its strategy; the
ministry, the region and the gmina read it."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.core.policies import action, holds_any
from integra.core.roles import GMINA_ROLES, MINISTRY_ROLES, REGIONAL_ROLES, Role

STRATEGY_READERS = MINISTRY_ROLES | REGIONAL_ROLES | GMINA_ROLES
STRATEGY_WRITERS = frozenset({Role.GMINA_COORDINATOR})


@action("strategies.strategy.view", _("view a gmina's strategy"))
def can_view_strategy_at(user: Any, teryt: str) -> bool:
    return holds_any(user, STRATEGY_READERS, teryt)


@action("strategies.strategy.manage", _("prepare and adopt a gmina's strategy"))
def can_manage_strategy_at(user: Any, teryt: str) -> bool:
    return holds_any(user, STRATEGY_WRITERS, teryt)


def can_view_strategy(user: Any, strategy: Any) -> bool:
    return can_view_strategy_at(user, strategy.gmina.teryt)


def can_manage_strategy(user: Any, strategy: Any) -> bool:
    return can_manage_strategy_at(user, strategy.gmina.teryt)


def can_view_any_strategy(user: Any) -> bool:
    """May open the list of strategies at all (it then shows only those within the user's scope)."""
    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(STRATEGY_READERS))


def can_create_any_strategy(user: Any) -> bool:
    """Manages the strategy of at least one gmina, so may start a new one there."""
    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(STRATEGY_WRITERS))
