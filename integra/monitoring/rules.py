"""Pure checks of monitoring input: the reporting periods (a quarter, a half-year, a year), the
narrative of a progress report and the consultant's comment. The limits live here once; the
models, the forms and the API schemas read them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from integra.core.errors import Problem

CODE_MAX = 32
NAME_MAX = 200
UNIT_MAX = 32
NARRATIVE_MAX = 4000
COMMENT_MAX = 2000
FIRST_YEAR, LAST_YEAR = 2000, 2100

QUARTERLY, HALF_YEARLY, YEARLY = "quarter", "half", "year"
_PERIOD = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]))?$")


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period, named as `2007`, `2007-H2` or `2007-Q3`; both ends included."""

    starts_on: dt.date
    ends_on: dt.date
    code: str

    @property
    def kind(self) -> str:
        if "-Q" in self.code:
            return QUARTERLY
        return HALF_YEARLY if "-H" in self.code else YEARLY

    def __str__(self) -> str:
        return self.code


def parse_period(text: str) -> Period | None:
    """The period named by `text`, or None when it names none (or a year out of range)."""
    match = _PERIOD.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        return None
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    part = match.group(2) or ""
    if part.startswith("Q"):
        quarter = int(part[1])
        first_month = 3 * quarter - 2
        last_month = first_month + 2
    elif part.startswith("H"):
        first_month = 1 if part == "H1" else 7
        last_month = first_month + 5
    else:
        first_month, last_month = 1, 12
    ends = (
        dt.date(year, 12, 31)
        if last_month == 12
        else dt.date(year, last_month + 1, 1) - dt.timedelta(days=1)
    )
    return Period(dt.date(year, first_month, 1), ends, f"{year}-{part}" if part else str(year))


def quarter_of(day: dt.date) -> Period:
    period = parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
    assert period is not None
    return period


def period_problems(text: str, *, field: str = "period", kind: str | None = None) -> list[Problem]:
    period = parse_period(text)
    if period is None or (kind is not None and period.kind != kind):
        examples = {QUARTERLY: "2007-Q3", HALF_YEARLY: "2007-H2", YEARLY: "2007"}
        example = examples.get(kind or "", "2007-Q3, 2007-H2, 2007")
        return [
            Problem(
                _("Give the period as %(example)s (years %(first)s–%(last)s).")
                % {"example": example, "first": FIRST_YEAR, "last": LAST_YEAR},
                field=field,
            )
        ]
    return []


def narrative_problems(problems_text: str, remedies_text: str) -> list[Problem]:
    """The gmina's narrative: both parts bounded; neither may hold control characters."""
    found: list[Problem] = []
    for field, value in (("problems", problems_text), ("remedies", remedies_text)):
        if len(value) > NARRATIVE_MAX:
            found.append(
                Problem(_("At most %(max)s characters.") % {"max": NARRATIVE_MAX}, field=field)
            )
        elif any(ord(ch) < 32 and ch not in "\n\r\t" for ch in value):
            found.append(Problem(_("Remove the control characters."), field=field))
    return found


def return_comment_problems(comment: str) -> list[Problem]:
    text = comment.strip()
    if not text:
        return [Problem(_("Say what the gmina must correct."), field="comment")]
    if len(text) > COMMENT_MAX:
        return [Problem(_("At most %(max)s characters.") % {"max": COMMENT_MAX}, field="comment")]
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in text):
        return [Problem(_("Remove the control characters."), field="comment")]
    return []


def target_row_problems(
    code: str, target: Decimal | None, baseline: Decimal | None, *, has_target: bool
) -> list[Problem]:
    """An indicator's row of an area's targets: a blank target is allowed only where none is
    set, and never beside a baseline other than 0."""
    if target is not None:
        return []
    if has_target:
        message = _("Give the target: a target once set is changed, not removed.")
        return [Problem(message, field=f"{code}-target")]
    if baseline:
        return [Problem(_("Give the target of this baseline."), field=f"{code}-target")]
    return []


def value_row_problems(code: str, value: Decimal | None, *, has_value: bool) -> list[Problem]:
    """An entered indicator's value of a period: a blank allowed only where none is entered."""
    if value is None and has_value:
        message = _("Give the value: a value once entered is changed, not removed.")
        return [Problem(message, field=f"{code}-value")]
    return []
