"""Parser of the GUS TERYT TERC register (`WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from integra.core.errors import ImportRefused, Problem
from integra.core.textfiles import csv_rows, read_text

HEADER = ["WOJ", "POW", "GMI", "RODZ", "NAZWA", "NAZWA_DOD", "STAN_NA"]
GMINA_TYPES = {"1", "2", "3"}
# 4/5: town and rural parts of an urban-rural gmina, 8: Warsaw district, 9: city delegation.
# They are not separate gminas; the tree keeps gminas only (ADR 0003).
SUB_UNIT_TYPES = {"4", "5", "8", "9"}
TWO_DIGITS = re.compile(r"^\d{2}$")


@dataclass(frozen=True)
class TercUnit:
    line: int
    teryt: str
    level: str
    name: str
    kind_label: str
    gmina_type: str
    parent_teryt: str | None
    register_on: dt.date


@dataclass
class TercFile:
    units: list[TercUnit]
    skipped_sub_units: int
    register_on: dt.date


def parse_terc(path: str | Path) -> TercFile:
    """Validate the whole file; raise ImportRefused listing every problem with its line."""
    text = read_text(path)
    _check_header(path, text)
    units: list[TercUnit] = []
    problems: list[Problem] = []
    skipped = 0
    seen: dict[str, int] = {}
    for line_no, row in csv_rows(text, name=str(path), delimiter=";")[1:]:
        if not any(cell.strip() for cell in row):
            continue
        unit, row_problems, is_sub_unit = _parse_row(line_no, row)
        problems += row_problems
        skipped += is_sub_unit
        if unit is None:
            continue
        if unit.teryt in seen:
            problems.append(_duplicate(unit, seen[unit.teryt]))
            continue
        seen[unit.teryt] = line_no
        units.append(unit)

    problems += _missing_parents(units, seen)
    if not units and not problems:
        problems.append(Problem(_("the file lists no territorial unit")))
    if problems:
        raise ImportRefused(str(path), problems)
    register_on = max(unit.register_on for unit in units)
    return TercFile(units=units, skipped_sub_units=skipped, register_on=register_on)


def _check_header(path: str | Path, text: str) -> None:
    first = text.splitlines()[0] if text else ""
    if not first:
        raise ImportRefused(str(path), [Problem(_("the file is empty"))])
    expected = ";".join(HEADER)
    if ";" not in first:
        message = _("wrong separator: the TERC file uses ';' and its header is %(header)s")
        raise ImportRefused(str(path), [Problem(message % {"header": expected}, line=1)])
    header = [cell.strip().upper() for cell in first.split(";")]
    if header != HEADER:
        message = _("unexpected header %(found)s, expected %(header)s")
        found = ";".join(header)
        raise ImportRefused(str(path), [Problem(message % {"found": found, "header": expected}, 1)])


def _duplicate(unit: TercUnit, first: int) -> Problem:
    message = _("duplicate code %(code)s (first seen on line %(first)s)")
    return Problem(message % {"code": unit.teryt, "first": first}, unit.line, "WOJ/POW/GMI/RODZ")


def _parse_row(line: int, row: list[str]) -> tuple[TercUnit | None, list[Problem], bool]:
    """One line → (unit or None, problems, is a skipped sub-unit)."""
    if len(row) != len(HEADER):
        message = _("expected %(expected)s fields separated by ';', found %(found)s")
        return None, [Problem(message % {"expected": len(HEADER), "found": len(row)}, line)], False
    woj, pow_, gmi, rodz, name, kind, stan = (cell.strip() for cell in row)
    problems = _code_problems(line, woj, pow_, gmi, rodz)
    if not name:
        problems.append(Problem(_("the name is empty"), line, "NAZWA"))
    try:
        register_on = dt.date.fromisoformat(stan)
    except ValueError:
        message = _("not a date YYYY-MM-DD: '%(value)s'")
        problems.append(Problem(message % {"value": stan}, line, "STAN_NA"))
    if problems:
        return None, problems, False
    if rodz in SUB_UNIT_TYPES:
        return None, [], True
    if gmi:
        level, teryt, parent = "gmina", woj + pow_ + gmi + rodz, woj + pow_
    elif pow_:
        level, teryt, parent = "powiat", woj + pow_, woj
    else:
        level, teryt, parent = "voivodeship", woj, None
        name = name.lower()
    return TercUnit(line, teryt, level, name, kind, rodz, parent, register_on), [], False


def _code_problems(line: int, woj: str, pow_: str, gmi: str, rodz: str) -> list[Problem]:
    problems = []
    if not TWO_DIGITS.match(woj):
        message = _("must be two digits, found '%(value)s'")
        problems.append(Problem(message % {"value": woj}, line, "WOJ"))
    for field, value in (("POW", pow_), ("GMI", gmi)):
        if value and not TWO_DIGITS.match(value):
            message = _("must be two digits or empty, found '%(value)s'")
            problems.append(Problem(message % {"value": value}, line, field))
    if rodz and rodz not in GMINA_TYPES | SUB_UNIT_TYPES:
        message = _("unknown unit type '%(value)s'")
        problems.append(Problem(message % {"value": rodz}, line, "RODZ"))
    if gmi and not pow_:
        problems.append(Problem(_("a gmina needs its powiat code"), line, "POW"))
    elif gmi and not rodz:
        problems.append(Problem(_("a gmina needs its type code (RODZ)"), line, "RODZ"))
    if not gmi and rodz:
        problems.append(Problem(_("RODZ is only for gminas (GMI is empty)"), line, "RODZ"))
    return problems


def _missing_parents(units: list[TercUnit], seen: dict[str, int]) -> list[Problem]:
    return [
        Problem(
            _("its parent unit %(parent)s is not in the file") % {"parent": unit.parent_teryt},
            unit.line,
            "POW" if unit.level == "gmina" else "WOJ",
        )
        for unit in units
        if unit.parent_teryt is not None and unit.parent_teryt not in seen
    ]
