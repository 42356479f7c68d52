"""Parser of the GUS BDL population table by economic age group (one row per unit and year)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from integra.core.errors import ImportRefused, Problem
from integra.core.textfiles import csv_rows, read_text

REQUIRED = ["teryt", "year", "total", "pre_working_0_17", "working", "post_working"]
SEVEN_DIGITS = re.compile(r"^\d{7}$")
GMINA_TYPES = {"1", "2", "3"}


@dataclass(frozen=True)
class PopulationRow:
    line: int
    teryt: str
    year: int
    total: int
    age_0_17: int
    working_age: int
    post_working_age: int


@dataclass
class PopulationFile:
    rows: list[PopulationRow]
    skipped_sub_units: int


def parse_population(path: str | Path) -> PopulationFile:
    """Validate every row (codes, years, non-negative counts, total = sum of groups, no repeats)."""
    text = read_text(path)
    first = text.splitlines()[0] if text else ""
    if "," not in first:
        raise ImportRefused(
            str(path),
            [
                Problem(
                    _("wrong separator or header: expected a comma-separated header with %(cols)s")
                    % {"cols": ", ".join(REQUIRED)},
                    line=1,
                )
            ],
        )
    lines = csv_rows(text, name=str(path))
    header = lines[0][1] if lines else []
    missing = [col for col in REQUIRED if col not in header]
    if missing:
        raise ImportRefused(
            str(path),
            [Problem(_("missing column(s): %(cols)s") % {"cols": ", ".join(missing)}, line=1)],
        )

    problems: list[Problem] = []
    rows: list[PopulationRow] = []
    seen: dict[tuple[str, int], int] = {}
    skipped = 0
    for line_no, cells in lines[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        record = dict(zip(header, cells, strict=False))
        row, row_problems = _parse_record(line_no, record)
        problems += row_problems
        if row is None:
            continue
        if row.teryt[6] not in GMINA_TYPES:
            skipped += 1
            continue
        key = (row.teryt, row.year)
        if key in seen:
            problems.append(
                Problem(
                    _("unit %(code)s already has year %(year)s on line %(first)s")
                    % {"code": row.teryt, "year": row.year, "first": seen[key]},
                    line_no,
                    "year",
                )
            )
            continue
        seen[key] = line_no
        rows.append(row)
    if not rows and not problems:
        problems.append(Problem(_("the file holds no gmina population row")))
    if problems:
        raise ImportRefused(str(path), problems)
    return PopulationFile(rows=rows, skipped_sub_units=skipped)


def _parse_record(
    line: int, record: dict[str, str | None]
) -> tuple[PopulationRow | None, list[Problem]]:
    problems: list[Problem] = []
    teryt = (record.get("teryt") or "").strip()
    if not SEVEN_DIGITS.match(teryt):
        problems.append(
            Problem(
                _("must be a 7-digit TERYT code, found '%(value)s'") % {"value": teryt},
                line,
                "teryt",
            )
        )
    numbers: dict[str, int] = {}
    for column in REQUIRED[1:]:
        raw = (record.get(column) or "").strip()
        if not raw.isdigit():
            problems.append(
                Problem(
                    _("must be a whole number ≥ 0, found '%(value)s'") % {"value": raw},
                    line,
                    column,
                )
            )
        else:
            numbers[column] = int(raw)
    if "year" in numbers and not 1990 <= numbers["year"] <= 2100:
        problems.append(
            Problem(_("year out of range: %(value)s") % {"value": numbers["year"]}, line, "year")
        )
    if problems:
        return None, problems
    parts = numbers["pre_working_0_17"] + numbers["working"] + numbers["post_working"]
    if parts != numbers["total"]:
        return None, [
            Problem(
                _("total %(total)s differs from the sum of the age groups %(sum)s")
                % {"total": numbers["total"], "sum": parts},
                line,
                "total",
            )
        ]
    return PopulationRow(
        line,
        teryt,
        numbers["year"],
        numbers["total"],
        numbers["pre_working_0_17"],
        numbers["working"],
        numbers["post_working"],
    ), []
