"""Reading a file of imported amounts (`teryt,amount` with a header row), validated whole: every
problem is reported with its line number before anything is computed or written."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from integra.core.errors import ImportRefused, Problem
from integra.core.money import AmountInvalid, parse_amount
from integra.core.textfiles import csv_rows, read_text


def data_rows(text: str, *, name: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of the non-empty rows of CSV text after its header row; a line the
    CSV reader cannot take refuses the file (ImportRefused)."""
    return [(number, cells) for number, cells in csv_rows(text, name=name)[1:] if any(cells)]


def _amount(cells: list[str]) -> Decimal | str:
    """The amount of the row, or why it is none (no exponent, cents at most, within a column)."""
    if len(cells) < 2:
        return _("the amount is not a number")
    try:
        return parse_amount(cells[1])
    except AmountInvalid as refusal:
        return str(refusal)


def parse_amounts(text: str, *, name: str) -> dict[str, Decimal]:
    """{TERYT: amount} from `teryt,amount` rows; ImportRefused (named `name`) lists each malformed
    code, bad number and duplicate with its line."""
    problems, amounts = [], {}
    for line, cells in data_rows(text, name=name):
        code = cells[0].strip()
        amount = _amount(cells)
        if not (len(code) == 7 and code.isdigit()):
            problems.append(
                Problem(_("%(code)r is not a 7-digit TERYT code") % {"code": code[:20]}, line=line)
            )
        elif isinstance(amount, str):
            problems.append(Problem(amount, line=line, field="amount"))
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
