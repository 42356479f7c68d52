"""Rights over the territorial register: public reference data, loaded from the official files by
the ministry's administrators (in practice by the server's operator through `manage.py import_*`,
as the system)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.core.policies import action, holds_any
from integra.core.roles import Role

REGISTER_KEEPERS = frozenset({Role.MINISTRY_ADMIN})
# The register is national: it sits at the country, whose prefix is empty.
NATIONAL = ""


@action("territories.unit.view", _("view the territorial register"))
def can_view_unit_at(user: Any, teryt: str) -> bool:
    return True


def can_import_register(user: Any) -> bool:
    """Whether the user may load the register, population or outlines from a file."""
    return holds_any(user, REGISTER_KEEPERS, NATIONAL)
