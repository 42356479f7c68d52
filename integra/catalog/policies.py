"""Rights over the catalogue of services: read by everyone who works in the programme, kept by
the ministry's administrators."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.core.policies import action, holds_any
from integra.core.roles import Role

CATALOGUE_READERS = frozenset(Role.values)
CATALOGUE_MANAGERS = frozenset({Role.MINISTRY_ADMIN})
# The catalogue is national reference data: it sits at the country, whose prefix is empty.
NATIONAL = ""


@action("catalog.service_type.view", _("view the catalogue of services"))
def can_view_catalogue_at(user: Any, teryt: str) -> bool:
    return holds_any(user, CATALOGUE_READERS, teryt)


@action("catalog.service_type.manage", _("create, edit, retire and delete service types"))
def can_manage_catalogue_at(user: Any, teryt: str) -> bool:
    return holds_any(user, CATALOGUE_MANAGERS, teryt)


def can_view_catalogue(user: Any) -> bool:
    """Any signed-in user holding some role, wherever it is held."""
    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(CATALOGUE_READERS))


def can_manage_catalogue(user: Any) -> bool:
    return can_manage_catalogue_at(user, NATIONAL)
