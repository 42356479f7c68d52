"""Rights over programmes, participating gminas and the exchange rates."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.core.policies import action, holds_any
from integra.core.roles import GMINA_ROLES, MINISTRY_ROLES, REGIONAL_ROLES, Role

PARTICIPATION_READERS = MINISTRY_ROLES | REGIONAL_ROLES | GMINA_ROLES
PROGRAMME_MANAGERS = frozenset({Role.MINISTRY_ADMIN})
# A programme spans the country, whose scope prefix is empty.
NATIONAL = ""


@action(
    "programmes.programme.manage",
    _("create programmes, qualify their gminas, import exchange rates"),
)
def can_manage_programmes_at(user: Any, teryt: str) -> bool:
    return holds_any(user, PROGRAMME_MANAGERS, teryt)


def can_manage_programmes(user: Any) -> bool:
    return can_manage_programmes_at(user, NATIONAL)


@action("programmes.participation.view", _("view a gmina's participation"))
def can_view_participation_at(user: Any, teryt: str) -> bool:
    return holds_any(user, PARTICIPATION_READERS, teryt)


def can_view_participation(user: Any, participation: Any) -> bool:
    return can_view_participation_at(user, participation.gmina.teryt)


@action("programmes.participation.manage", _("change a participation's status, sign its agreement"))
def can_manage_participation_at(user: Any, teryt: str) -> bool:
    # The voivodeship board (ROPS) signs its gminas' agreements; the Ministry may act anywhere.
    return holds_any(user, {Role.MINISTRY_ADMIN, Role.REGIONAL_OFFICER}, teryt)


def can_manage_participation(user: Any, participation: Any) -> bool:
    return can_manage_participation_at(user, participation.gmina.teryt)
