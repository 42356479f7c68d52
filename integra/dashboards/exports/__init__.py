"""Files out of the dashboards: a programme's table of voivodeships and the allocation map's table
(CSV or XLSX through core.exports, amounts as numbers)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from integra.core.exports import Table, count
from integra.dashboards.selectors import GMINA, ProgrammeFigures, VoivodeshipFigures
from integra.dashboards.selectors.board import COLUMN_LABELS, COLUMNS, Board


def overview_table(figures: ProgrammeFigures) -> Table:
    """The overview's table of voivodeships, its totals row included."""
    rows = [[row.teryt, row.name, *_voivodeship_cells(row)] for row in figures.voivodeships]
    rows.append(["", _("Total"), *_voivodeship_cells(figures.totals)])
    return Table(
        name=f"{figures.programme.code}-wojewodztwa",
        title=_("Gminas by voivodeship"),
        header=_voivodeship_header(figures),
        rows=rows,
        widths=(12, 24, 10, 14, 18, 18, 18, 18),
    )


def map_table(figures: ProgrammeFigures, level: str, group: str = "") -> Table:
    """The allocation map's table at the level, its totals row included: every measure of the
    map (the contracts of the chosen target group among them)."""
    totals = figures.totals
    rows: list[list[Any]]
    if level == GMINA:
        header = [_("TERYT code"), _("Gmina"), _("Voivodeship")]
        rows = [[row.teryt, row.name, row.voivodeship] for row in figures.gminas]
        total_row: list[Any] = ["", _("Total"), None]
        units: list[Any] = figures.gminas
    else:
        header = [_("TERYT code"), _("Voivodeship"), _("Gminas")]
        rows = [[row.teryt, row.name, count(row.gminas)] for row in figures.voivodeships]
        total_row = ["", _("Total"), count(totals.gminas)]
        units = figures.voivodeships
    for cells, unit in zip(rows, units, strict=True):
        cells += [
            unit.services,
            count(unit.population),
            unit.per_inhabitant,
            *_measure_cells(unit, group),
            unit.has_boundary,
        ]
    total_row += [
        totals.services,
        count(totals.population),
        totals.per_inhabitant,
        *_measure_cells(totals, group),
        None,
    ]
    return Table(
        name=f"{figures.programme.code}-mapa-{level}{'-' + group if group else ''}",
        title=_("Allocations"),
        header=[
            *header,
            _("Allocation (EUR)"),
            _population_header(figures),
            _("EUR per inhabitant"),
            _("Committed (% of the allocation)"),
            _("Paid (% of the allocation)"),
            _("People reached"),
            _("People reached per 1,000 inhabitants"),
            _("Contracts for the chosen target group"),
            _("On the map"),
        ],
        rows=[*rows, total_row],
        widths=(12, 28, 20, 18, 14, 18, 14, 14, 14, 14, 14, 10),
    )


def _measure_cells(unit: Any, group: str) -> list[Any]:
    return [
        unit.committed_percent,
        unit.paid_percent,
        count(unit.people_reached),
        unit.reached_per_thousand,
        count(unit.contracts_for(group)),
    ]


def _population_header(figures: ProgrammeFigures) -> str:
    if figures.data_year is None:
        return _("Population")
    return _("Population %(year)s") % {"year": figures.data_year}


def _voivodeship_header(figures: ProgrammeFigures) -> list[str]:
    return [
        _("TERYT code"),
        _("Voivodeship"),
        _("Gminas"),
        _population_header(figures),
        _("Services line (EUR)"),
        _("Training line (EUR)"),
        _("Total (EUR)"),
        _("EUR per inhabitant (services line)"),
    ]


def _voivodeship_cells(row: VoivodeshipFigures) -> list[Any]:
    return [
        count(row.gminas),
        count(row.population),
        row.services,
        row.training,
        row.total,
        row.per_inhabitant,
    ]


def board_table(board: Board) -> Table:
    """The portfolio board as shown: a row per gmina in the page's order, each light as its word
    and its sentence, then the allocation and the shares paid and committed."""
    header: list[str] = [_("TERYT code"), _("Gmina")]
    for column in COLUMNS:
        label = str(COLUMN_LABELS[column])
        header += [label, _("%(column)s: details") % {"column": label}]
    header += [
        _("Allocation (EUR)"),
        _("Paid (% of the allocation)"),
        _("Committed (% of the allocation)"),
    ]
    rows = [
        [
            row.gmina.teryt,
            row.gmina.name,
            *(value for light in row.cells for value in (light.label, light.text)),
            row.allocation_eur,
            row.paid_percent,
            row.committed_percent,
        ]
        for row in board.rows
    ]
    code = board.programme.code if board.programme else ""
    return Table(
        name=f"{code}-tablica-{board.as_of.isoformat()}",
        title=_("Portfolio board"),
        header=header,
        rows=rows,
        widths=(12, 24, *([12, 40] * len(COLUMNS)), 16, 12, 12),
    )
