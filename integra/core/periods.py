"""Periods: calendar quarters written like 2007-Q3, whether one overlaps a span of days, and the
window of days a date of the domain may name."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
# The years a quarter may name: the databases and Python agree on these.
FIRST_YEAR, LAST_YEAR = 1900, 2199
# The days a date of the domain (a transfer, a programme's span, a table of rates) may name: far
# enough either side of any programme, and far from the ends of what Python's dates can hold, so
# that a day before or after one stays a date (0001-01-01 minus a week is no date at all).
EARLIEST_DATE, LATEST_DATE = dt.date(1990, 1, 1), dt.date(2100, 12, 31)


def date_problem(day: dt.date) -> str | None:
    """Why `day` lies outside EARLIEST_DATE … LATEST_DATE (inclusive), or None when it fits."""
    if EARLIEST_DATE <= day <= LATEST_DATE:
        return None
    return _("The date must lie between %(earliest)s and %(latest)s.") % {
        "earliest": EARLIEST_DATE.isoformat(),
        "latest": LATEST_DATE.isoformat(),
    }


def quarter_start(quarter: str) -> dt.date | None:
    """The first day of a quarter like 2007-Q3; None for anything else (or a year out of range)."""
    match = QUARTER.match(quarter)
    if not match or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
        return None
    return dt.date(int(match[1]), 3 * int(match[2]) - 2, 1)


def quarter_end(quarter: str) -> dt.date | None:
    """The first day after the quarter (exclusive end); None as quarter_start."""
    start = quarter_start(quarter)
    if start is None:
        return None
    return dt.date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)


def quarter_overlaps(quarter: str, starts_on: dt.date, ends_on: dt.date) -> bool:
    """A well-formed quarter that shares at least one day with starts_on … ends_on (inclusive)."""
    start, end = quarter_start(quarter), quarter_end(quarter)
    if start is None or end is None:
        return False
    return start <= ends_on and end > starts_on


def validate_date(day: dt.date) -> None:
    """A form field's validator: ValidationError (code `date_out_of_range`) outside the window."""
    if (problem := date_problem(day)) is not None:
        raise ValidationError(problem, code="date_out_of_range")
