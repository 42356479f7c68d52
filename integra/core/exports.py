"""Table exports: exactly the rows a list shows, as CSV or XLSX, opening right in Polish Excel.

A row holds typed values: text (`str`, kept as text so TERYT codes keep their leading zeros),
whole numbers (`int`), amounts (`Decimal`), dates. CSV carries a byte-order mark, semicolons and
decimal commas — what Excel in a Polish locale reads without a wizard, never taking 11.08 for
11 August — and no cell that a spreadsheet would run as a formula. XLSX writes numbers as numbers
(amounts with two decimals, whole numbers such as years with no thousands separator), dates as
dates and text as text, never a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import Http404, HttpResponse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Table:
    """What to export: a file name without extension, a sheet title, headers and rows of typed
    values (str, int, Decimal, date; None for an empty cell)."""

    name: str
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
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
    """Write rows as Polish Excel reads them (`csv_text`), every text cell neutralised."""
    for row in rows:
        writer.writerow([csv_text(value) for value in row])


def csv_text(value: Any) -> str:
    """A CSV cell: a decimal comma for amounts, ISO dates (which Polish Excel reads as dates),
    text neutralised; empty for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, int | dt.date):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return neutralised(str(value))


def xlsx_response(table: Table) -> HttpResponse:
    buffer = io.BytesIO()
    rows = list(table.rows)
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as workbook:
        sheet = workbook.add_worksheet(str(table.title)[:31])
        sheet.write_row(0, 0, table.header, workbook.add_format({"bold": True}))
        formats = {
            Decimal: workbook.add_format({"num_format": "#,##0.00"}),
            int: workbook.add_format({"num_format": "0"}),
            dt.date: workbook.add_format({"num_format": "yyyy-mm-dd"}),
        }
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                _write_cell(sheet, number, column, value, formats)
        for column, width in enumerate(table.widths):
            sheet.set_column(column, column, width)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(rows), 1), len(table.header) - 1)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{table.name}.xlsx"'
    return response


def _write_cell(sheet: Any, row: int, column: int, value: Any, formats: dict[type, Any]) -> None:
    if value is None:
        sheet.write_blank(row, column, None)
    elif isinstance(value, Decimal):
        # A spreadsheet cell holds a binary double: the one place an amount leaves Decimal,
        # exact to the cent for anything below 10^13 (the cents format shows it as stored).
        sheet.write_number(row, column, float(value), formats[Decimal])
    elif isinstance(value, int) and not isinstance(value, bool):
        sheet.write_number(row, column, value, formats[int])
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        sheet.write_datetime(row, column, value, formats[dt.date])
    else:
        sheet.write_string(row, column, str(value))
