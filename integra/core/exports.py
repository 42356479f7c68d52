"""Table exports: exactly the rows a list shows, as CSV or XLSX, opening right in Polish Excel.

A row holds typed values, and each format writes each type the way its reader expects
(docs/exports.md):

- text (`str`) stays text — TERYT codes keep their leading zeros, NIPs and phone numbers their
  digits — and a text cell that a spreadsheet would run as a formula is neutralised;
- amounts (`Decimal`) are numbers with two decimals; whole numbers (`int`: years, ids, numbers)
  are numbers without a thousands separator; `count()` and `rate()` wrap a value that shows
  grouped thousands (population) or four decimals (an exchange rate);
- dates (`date`) and moments (`datetime`, written in local time) are dates;
- `bool` is "tak"/"nie" (in the language of the request), None an empty cell.

Three formats (`FORMATS`), named by the last part of the URL (`eksport.<fmt>`):

- `csv`: for Polish Excel — semicolons, decimal commas, dates 13.03.2008, UTF-8 with a
  byte-order mark, CRLF — so Excel never takes 11.08 for 11 August;
- `dane.csv`: for scripts — commas, decimal points, ISO 8601 dates, UTF-8 without a byte-order
  mark (RFC 4180, CRLF);
- `xlsx`: numbers as numbers with a number format, dates as dates, text as text, never a formula.
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
from django.utils import timezone
from django.utils.translation import gettext as _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV, DATA_CSV, XLSX = "csv", "dane.csv", "xlsx"
FORMATS = (CSV, DATA_CSV, XLSX)
CSV_FORMATS = (CSV, DATA_CSV)
CENT = Decimal("0.01")

# Number formats of XLSX cells (Excel shows them with the reader's own separators).
MONEY_FORMAT = "#,##0.00"
INT_FORMAT = "0"
DATE_FORMAT = "dd.mm.yyyy"
DATETIME_FORMAT = "dd.mm.yyyy hh:mm:ss"


@dataclass(frozen=True)
class Table:
    """What to export: a file name without extension, a sheet title, headers and rows of typed
    values (str, int, Decimal, date, datetime, bool, `Number`; None for an empty cell)."""

    name: str
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()


@dataclass(frozen=True)
class Number:
    """A number with its own look in XLSX: `places` decimals, thousands grouped or not. The CSV
    writes its value as any other number."""

    value: int | Decimal
    places: int = 0
    grouped: bool = True

    @property
    def number_format(self) -> str:
        whole = "#,##0" if self.grouped else "0"
        return f"{whole}.{'0' * self.places}" if self.places else whole


def count(value: int | None) -> Number | None:
    """A count that can run into thousands (population, beneficiaries): 1 234 567 in Excel. A
    plain `int` (a year, an id) shows no separator."""
    return None if value is None else Number(value)


def rate(value: Decimal | None) -> Number | None:
    """An exchange rate: four decimals, as NBP and ECB publish them."""
    return None if value is None else Number(value, places=4, grouped=False)


@dataclass(frozen=True)
class CsvVariant:
    """How a CSV file writes its separators, numbers and dates."""

    suffix: str
    delimiter: str
    decimal: str
    date: str | None  # strftime pattern; None: ISO 8601
    moment: str | None
    bom: bool


EXCEL_CSV = CsvVariant(
    suffix="", delimiter=";", decimal=",", date="%d.%m.%Y", moment="%d.%m.%Y %H:%M:%S", bom=True
)
MACHINE_CSV = CsvVariant(
    suffix="-dane", delimiter=",", decimal=".", date=None, moment=None, bom=False
)
CSV_VARIANTS = {CSV: EXCEL_CSV, DATA_CSV: MACHINE_CSV}


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
    """A value as text, empty for a missing value (never "None")."""
    return "" if value is None else str(value)


def yes_no(value: bool) -> str:
    """A boolean cell: "tak" or "nie" in the language of the request."""
    return _("yes") if value else _("no")


def local(moment: dt.datetime) -> dt.datetime:
    """A moment in the local time zone, without its zone (what a spreadsheet cell holds)."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None, microsecond=0)


def export_response(table: Table, fmt: str, offered: Sequence[str] = FORMATS) -> HttpResponse:
    """The table in the asked format; 404 for a format this export does not offer."""
    if fmt not in offered:
        raise Http404
    if fmt == XLSX:
        return xlsx_response(table)
    return csv_response(table, CSV_VARIANTS[fmt])


# CSV ----------------------------------------------------------------------------------------------


def csv_response(table: Table, variant: CsvVariant = EXCEL_CSV) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.name}{variant.suffix}.csv"'
    if variant.bom:
        response.write("\ufeff")
    writer = csv.writer(response, delimiter=variant.delimiter, lineterminator="\r\n")
    write_csv_rows(writer, [table.header], variant)
    write_csv_rows(writer, table.rows, variant)
    return response


def write_csv_rows(
    writer: Any, rows: Iterable[Sequence[Any]], variant: CsvVariant = EXCEL_CSV
) -> None:
    """Write rows in the variant (`csv_text`), every text cell neutralised."""
    for row in rows:
        writer.writerow([csv_text(value, variant) for value in row])


def csv_text(value: Any, variant: CsvVariant = EXCEL_CSV) -> str:
    """A CSV cell: numbers with the variant's decimal mark and no grouping, dates and moments in
    its pattern, booleans as yes/no, text neutralised; empty for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, Number):
        value = value.value
    elif isinstance(value, Decimal):
        value = _with_cents(value)
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", variant.decimal)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        if variant.moment:
            return local(value).strftime(variant.moment)
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return moment.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.strftime(variant.date) if variant.date else value.isoformat()
    return neutralised(str(value))


def _with_cents(amount: Decimal) -> Decimal:
    """An amount with at least its cents: 24000 → 24000.00; more places stay as they are."""
    exponent = amount.as_tuple().exponent
    return amount.quantize(CENT) if isinstance(exponent, int) and exponent > -2 else amount


# XLSX ---------------------------------------------------------------------------------------------


def xlsx_response(table: Table) -> HttpResponse:
    """The table as a workbook. Rows are consumed one at a time and written in xlsxwriter's
    constant-memory mode (each row flushed to a temporary file), so a 100,000-row register
    never holds its rows, nor the sheet, in memory — only the finished file (bench/contracts.py)."""
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"constant_memory": True}) as workbook:
        sheet = workbook.add_worksheet(str(table.title)[:31])
        bold = workbook.add_format({"bold": True})
        for column, width in enumerate(table.widths):
            sheet.set_column(column, column, width)
        for column, title in enumerate(table.header):
            sheet.write_string(0, column, str(title), bold)
        formats = _Formats(workbook)
        written = 0
        for written, row in enumerate(table.rows, start=1):
            for column, value in enumerate(row):
                _write_cell(sheet, written, column, value, formats)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(written, 1), len(table.header) - 1)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{table.name}.xlsx"'
    return response


class _Formats:
    """The workbook's cell formats, one per number format, made when first needed."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.made: dict[str, Any] = {}

    def __getitem__(self, number_format: str) -> Any:
        if number_format not in self.made:
            self.made[number_format] = self.workbook.add_format({"num_format": number_format})
        return self.made[number_format]


def _write_cell(sheet: Any, row: int, column: int, value: Any, formats: _Formats) -> None:
    if value is None or value == "":
        sheet.write_blank(row, column, None)
    elif isinstance(value, bool):
        sheet.write_string(row, column, yes_no(value))
    elif isinstance(value, Number):
        sheet.write_number(row, column, _float(value.value), formats[value.number_format])
    elif isinstance(value, Decimal):
        sheet.write_number(row, column, _float(value), formats[MONEY_FORMAT])
    elif isinstance(value, int):
        sheet.write_number(row, column, value, formats[INT_FORMAT])
    elif isinstance(value, dt.datetime):
        sheet.write_datetime(row, column, local(value), formats[DATETIME_FORMAT])
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, column, value, formats[DATE_FORMAT])
    else:
        sheet.write_string(row, column, str(value))


def _float(value: int | Decimal) -> float:
    # A spreadsheet cell holds a binary double: the one place an amount leaves Decimal, exact to
    # the cent for anything below 10^13 (the cell's format shows it as stored).
    return float(value)
