"""Periods: calendar quarters written like 2007-Q3, and whether one overlaps a span of days."""

from __future__ import annotations

import datetime as dt
import re

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
# The years a quarter may name: the databases and Python agree on these.
FIRST_YEAR, LAST_YEAR = 1900, 2199


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
