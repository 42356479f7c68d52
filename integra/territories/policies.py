"""Rights over the territorial register: public reference data."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from integra.core.policies import action


@action("territories.unit.view", _("view the territorial register"))
def can_view_unit_at(user: Any, teryt: str) -> bool:
    return True
