"""What the procurement API shares: target groups by code, refused at their field when unknown."""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from integra.catalog.models import TargetGroup
from integra.core.errors import Problem, RulesBroken


def groups_by_code(rows: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The target groups named by `(field, code)` pairs; RulesBroken naming each unknown code."""
    known = {g.code: g for g in TargetGroup.objects.all()}
    problems = [
        Problem(_("No target group has the code %(code)s.") % {"code": code}, field=where)
        for where, code in rows
        if code not in known
    ]
    if problems:
        raise RulesBroken(_("Unknown target groups; nothing was saved."), problems)
    return known
