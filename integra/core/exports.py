"""Table exports: exactly the rows a list shows, as CSV or XLSX.

CSV carries a byte-order mark and semicolons — what Excel in a Polish locale opens without a
wizard — and no cell that a spreadsheet would run as a formula. XLSX cells are written as text
(never formulas) so that TERYT codes keep their leading zeros.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.http import Http404, HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Table:
    """What to export: a file name without extension, a sheet title, headers and rows of text."""

    name: str
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[str]]
    widths: Sequence[int] = ()


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[-+]?\d[\d \u00a0]*([.,]\d+)?$")


def neutralised(value: str) -> str:
    """A text cell that a spreadsheet would run as a formula, prefixed with an apostrophe so it
    shows as typed; a plain number (a negative amount) stays a number."""
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def cell(value: Any) -> str:
    """An exported cell: the value as text, empty for a missing value (never "None")."""
    return "" if value is None else str(value)


def export_response(table: Table, fmt: str) -> HttpResponse:
    """The table in the asked format; 404 for a format we do not offer."""
    if fmt == "csv":
        return csv_response(table)
    if fmt == "xlsx":
        return xlsx_response(table)
    raise Http404


def csv_response(table: Table) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.name}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    write_csv_rows(writer, [table.header])
    write_csv_rows(writer, table.rows)
    return response


def write_csv_rows(writer: Any, rows: Iterable[Sequence[Any]]) -> None:
    """Write rows with every text cell neutralised (see `neutralised`)."""
    for row in rows:
        writer.writerow([neutralised(v) if isinstance(v, str) else v for v in row])


def xlsx_response(table: Table) -> HttpResponse:
    buffer = io.BytesIO()
    rows = list(table.rows)
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as workbook:
        sheet = workbook.add_worksheet(str(table.title)[:31])
        sheet.write_row(0, 0, table.header, workbook.add_format({"bold": True}))
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                sheet.write_string(number, column, str(value))
        for column, width in enumerate(table.widths):
            sheet.set_column(column, column, width)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(table.header) - 1)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{table.name}.xlsx"'
    return response
