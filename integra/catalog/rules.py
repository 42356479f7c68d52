"""Pure rules of the catalogue (no I/O): the shape of codes and names, and what makes a service
type valid — every problem at once, each at its field."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.utils.translation import gettext as _

from integra.catalog.models import ServiceType
from integra.core.errors import Problem

GROUP_CODE = re.compile(r"^[A-Z]{2,4}$")
# Stable codes: the group's (or capacity's) letters and a number, e.g. OS-01, ST-01.
TYPE_CODE = re.compile(r"^[A-Z]{2,4}-[0-9]{2,3}$")
# One limit per field: the model, the page's form, the API's schema and these rules read them.
CODE_LENGTH: int = ServiceType._meta.get_field("code").max_length  # type: ignore[assignment]
NAME_LENGTH = 200
DESCRIPTION_LENGTH = 5000
MAX_POSITION = 32767


def code_problems(code: str) -> list[Problem]:
    """The problem of a new type's code, if it is malformed."""
    if TYPE_CODE.match(code):
        return []
    return [
        Problem(
            _("A code is 2 to 4 capital letters, a hyphen and a number, such as OS-01."),
            field="code",
        )
    ]


def _too_long(field: str, value: str, limit: int) -> list[Problem]:
    if len(value) <= limit:
        return []
    message = _("At most %(limit)s characters (it has %(length)s).")
    return [Problem(message % {"limit": limit, "length": len(value)}, field=field)]


def service_type_problems(
    *, name_pl: str, name_en: str, line: str, groups: Sequence[object], description: str = ""
) -> list[Problem]:
    """Every problem of a type's values: a missing name, a name or description past its limit, an
    unknown line, a type of the services line that serves no target group."""
    problems = _too_long("name_pl", name_pl, NAME_LENGTH)
    problems += _too_long("name_en", name_en, NAME_LENGTH)
    problems += _too_long("description", description, DESCRIPTION_LENGTH)
    if not name_pl.strip():
        problems.append(Problem(_("The Polish name is required."), field="name_pl"))
    if not name_en.strip():
        problems.append(Problem(_("The English name is required."), field="name_en"))
    if line not in ServiceType.Line.values:
        problems.append(Problem(_("Unknown line: %s.") % line, field="line"))
    if line == ServiceType.Line.SERVICES and not groups:
        problems.append(
            Problem(
                _("A type of the services line serves at least one target group."), field="groups"
            )
        )
    return problems
