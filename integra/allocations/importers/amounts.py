"""Reading a file of imported amounts (`teryt,amount` with a header row), validated whole: every
problem is reported with its line number before anything is computed or written."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

from integra.core.errors import ImportRefused, Problem
from integra.core.textfiles import read_text


def data_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of the non-empty rows of CSV text after its header row."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    return [(number, cells) for number, cells in enumerate(rows[1:], start=2) if any(cells)]


def _amount(cells: list[str]) -> Decimal | None:
    try:
        amount = Decimal(cells[1].strip()) if len(cells) > 1 else None
    except InvalidOperation:
        return None
    return amount if amount is not None and amount.is_finite() else None


def parse_amounts(text: str, *, name: str) -> dict[str, Decimal]:
    """{TERYT: amount} from `teryt,amount` rows; ImportRefused (named `name`) lists each malformed
    code, bad number and duplicate with its line."""
    problems, amounts = [], {}
    for line, cells in data_rows(text):
        code = cells[0].strip()
        amount = _amount(cells)
        if not (len(code) == 7 and code.isdigit()):
            problems.append(
                Problem(_("%(code)r is not a 7-digit TERYT code") % {"code": code}, line=line)
            )
        elif amount is None:
            problems.append(Problem(_("the amount is not a number"), line=line, field="amount"))
        elif code in amounts:
            problems.append(Problem(_("%(code)s is listed twice") % {"code": code}, line=line))
        else:
            amounts[code] = amount
    if problems:
        raise ImportRefused(path=name, problems=problems)
    return amounts


def read_amounts(path: str | Path) -> dict[str, Decimal]:
    """parse_amounts over a file (UTF-8, BOM allowed, or Windows-1250)."""
    return parse_amounts(read_text(path), name=str(path))
