"""Rights over the audit trail: ministry roles everywhere, regional roles in their voivodeship."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.core.policies import action, holds_any
from integra.core.roles import MINISTRY_ROLES, REGIONAL_ROLES

AUDIT_READERS = MINISTRY_ROLES | REGIONAL_ROLES


@action("audit.event.view", _("search and export audit events"))
def can_view_events_at(user: Any, teryt: str) -> bool:
    return holds_any(user, AUDIT_READERS, teryt)


def can_search_audit(user: Any) -> bool:
    """May open the audit search at all (it then shows only events within the user's scope)."""
    return bool(getattr(user, "is_authenticated", False) and user.scope_prefixes(AUDIT_READERS))
