"""Parsers of exchange-rate files in the layouts NBP and the ECB publish. They read and validate;
the import service writes. Every rate is PLN per 1 unit of the currency, as a Decimal.

Layouts: NBP yearly archive workbook (.xls, 2006–2010 and later), NBP yearly archive CSV
(cp1250, `;`, decimal comma), NBP daily table XML (`LastA.xml`, `aNNNzYYMMDD.xml`), api.nbp.pl
JSON (rates or tables endpoint), and the ECB CSV of the shared data folder (date,pln_per_eur).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from integra.core.errors import ImportRefused, Problem
from integra.core.money import AmountInvalid, parse_amount
from integra.core.periods import date_problem
from integra.core.textfiles import csv_rows, read_text
from integra.programmes.models import ECB, NBP_TABLE_A

HEADER_CODE = re.compile(r"^\s*(\d+)?\s*([A-Z]{3})\s*$")


@dataclass(frozen=True)
class RateRecord:
    currency: str
    effective_on: dt.date
    mid: Decimal
    table_no: str
    source: str


def parse_rate_file(path: str | Path, currencies: set[str]) -> list[RateRecord]:
    """Recognise the layout by the file's name and content; ImportRefused when none fits."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        records = parse_nbp_xls(path, currencies)
    elif suffix == ".xml":
        records = parse_nbp_xml(path, currencies)
    elif suffix == ".json":
        records = parse_nbp_json(path, currencies)
    elif suffix == ".csv":
        head = path.read_bytes()[:200]
        records = (
            parse_ecb_csv(path) if head.startswith(b"date,") else parse_nbp_csv(path, currencies)
        )
    else:
        raise ImportRefused(
            str(path), [Problem(_("unknown exchange-rate file type '%(s)s'") % {"s": suffix})]
        )
    if not records:
        raise ImportRefused(
            str(path),
            [
                Problem(
                    _("no rate of %(codes)s in this file")
                    % {"codes": ", ".join(sorted(currencies))}
                )
            ],
        )
    return records


# What ExchangeRate.mid (DecimalField(14, 8)) holds.
MAX_RATE = Decimal("999999.99999999")


def _decimal(
    raw: object, where: str, problems: list[Problem], line: int | None = None
) -> Decimal | None:
    try:
        value = parse_amount(str(raw), places=8, maximum=MAX_RATE)
    except AmountInvalid:
        shown = str(raw)[:40]
        problems.append(Problem(_("not a number: '%(value)s'") % {"value": shown}, line, where))
        return None
    if value <= 0:
        problems.append(
            Problem(_("a rate must be positive: '%(value)s'") % {"value": raw}, line, where)
        )
        return None
    return value


def _day(
    text: str, layout: str, problems: list[Problem], line: int | None = None
) -> dt.date | None:
    """The day written in `text`, or None with a problem (no such day, or one outside
    core.periods' window)."""
    try:
        day = dt.datetime.strptime(text, layout).date()
    except ValueError:
        problems.append(Problem(_("not a date: '%(value)s'") % {"value": text[:40]}, line, "date"))
        return None
    if (problem := date_problem(day)) is not None:
        problems.append(Problem(problem, line, "date"))
        return None
    return day


# --- NBP yearly archive workbook ----------------------------------------------------------------


def parse_nbp_xls(path: Path, currencies: set[str]) -> list[RateRecord]:
    import xlrd

    try:
        sheet = xlrd.open_workbook(str(path)).sheet_by_index(0)
    except xlrd.XLRDError as error:
        raise ImportRefused(
            str(path), [Problem(_("not an Excel 97–2003 workbook: %(e)s") % {"e": error})]
        ) from error
    columns, units = _xls_currency_columns(sheet, currencies)
    number_col = _xls_find(sheet, ("nr tabeli", "nr tab"))
    if number_col is None or not columns:
        raise ImportRefused(
            str(path), [Problem(_("no currency or table-number column in the header"), 1)]
        )
    problems: list[Problem] = []
    records: dict[tuple[str, dt.date], RateRecord] = {}
    for row in range(sheet.nrows):
        if sheet.cell_type(row, 0) not in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
            continue  # header, footer and blank rows
        day = xlrd.xldate_as_datetime(sheet.cell_value(row, 0), sheet.book.datemode).date()
        table_no = _table_number(
            sheet.cell_value(row, number_col), sheet.cell_value(row, number_col + 1)
        )
        for code, col in columns.items():
            raw = sheet.cell_value(row, col)
            if raw in ("", None):
                continue  # not quoted on that day
            value = _decimal(raw, code, problems, row + 1)
            if value is not None:
                records[(code, day)] = RateRecord(
                    code, day, value / units[code], table_no, NBP_TABLE_A
                )
    if problems:
        raise ImportRefused(str(path), problems)
    return sorted(records.values(), key=lambda r: (r.currency, r.effective_on))


def _xls_currency_columns(sheet, currencies: set[str]) -> tuple[dict[str, int], dict[str, Decimal]]:
    columns: dict[str, int] = {}
    units: dict[str, Decimal] = {}
    for row in range(min(3, sheet.nrows)):
        for col in range(1, sheet.ncols):
            match = HEADER_CODE.match(str(sheet.cell_value(row, col)))
            if match and match.group(2) in currencies and match.group(2) not in columns:
                columns[match.group(2)] = col
                units[match.group(2)] = Decimal(match.group(1) or _xls_units(sheet, row, col))
    return columns, units


def _xls_units(sheet, header_row: int, col: int) -> str:
    """Units stated in a row under a code-only header (the 2008 layout); 1 when none."""
    for row in range(header_row + 1, min(header_row + 3, sheet.nrows)):
        value = sheet.cell_value(row, col)
        if isinstance(value, (int, float)) and value in (1, 10, 100, 1000, 10000):
            return str(int(value))
    return "1"


def _xls_find(sheet, labels: tuple[str, ...]) -> int | None:
    for row in range(min(3, sheet.nrows)):
        for col in range(sheet.ncols):
            if str(sheet.cell_value(row, col)).strip().lower() in labels:
                return col
    return None


def _table_number(number: object, suffix: object) -> str:
    if isinstance(number, (int, float)):
        number = f"{int(number):03d}"
    return f"{number}{suffix}".strip()


# --- NBP yearly archive CSV ---------------------------------------------------------------------


def parse_nbp_csv(path: Path, currencies: set[str]) -> list[RateRecord]:
    rows = [cells for _line, cells in csv_rows(read_text(path), name=str(path), delimiter=";")]
    if not rows or not rows[0] or rows[0][0].strip().lower() != "data":
        raise ImportRefused(
            str(path), [Problem(_("not an NBP archive CSV: the header must start with 'data'"), 1)]
        )
    header = rows[0]
    columns, units = {}, {}
    for col, cell in enumerate(header):
        match = HEADER_CODE.match(cell)
        if match and match.group(2) in currencies:
            columns[match.group(2)], units[match.group(2)] = col, Decimal(match.group(1) or 1)
    full_no = next((i for i, cell in enumerate(header) if "pełny numer" in cell.lower()), None)
    problems: list[Problem] = []
    records = []
    for line, row in enumerate(rows[1:], start=2):
        if not row or not re.fullmatch(r"\d{8}", row[0].strip()):
            continue
        day = _day(row[0].strip(), "%Y%m%d", problems, line)
        if day is None:
            continue
        table_no = row[full_no].strip() if full_no is not None and full_no < len(row) else ""
        for code, col in columns.items():
            value = (
                _decimal(row[col], code, problems, line)
                if col < len(row) and row[col].strip()
                else None
            )
            if value is not None:
                records.append(RateRecord(code, day, value / units[code], table_no, NBP_TABLE_A))
    if problems:
        raise ImportRefused(str(path), problems)
    return records


# --- NBP daily XML and api.nbp.pl JSON ----------------------------------------------------------


def parse_nbp_xml(path: Path, currencies: set[str]) -> list[RateRecord]:
    try:
        root = ET.fromstring(path.read_bytes())
    except ET.ParseError as error:
        raise ImportRefused(
            str(path), [Problem(_("not valid XML: %(e)s") % {"e": error})]
        ) from error
    table_no = (root.findtext("numer_tabeli") or "").strip()
    published = (root.findtext("data_publikacji") or "").strip()
    if root.tag != "tabela_kursow" or not table_no or not published:
        raise ImportRefused(
            str(path), [Problem(_("not an NBP table: numer_tabeli or data_publikacji missing"))]
        )
    problems: list[Problem] = []
    day = _day(published, "%Y-%m-%d", problems)
    if day is None:
        raise ImportRefused(str(path), problems)
    records = []
    for item in root.iter("pozycja"):
        code = (item.findtext("kod_waluty") or "").strip()
        if code not in currencies:
            continue
        value = _decimal(item.findtext("kurs_sredni") or "", code, problems)
        units = _decimal(item.findtext("przelicznik") or "1", "przelicznik", problems)
        if value is not None and units is not None:
            records.append(RateRecord(code, day, value / units, table_no, NBP_TABLE_A))
    if problems:
        raise ImportRefused(str(path), problems)
    return records


def parse_nbp_json(path: Path, currencies: set[str]) -> list[RateRecord]:
    try:
        document = json.loads(read_text(path))
    except json.JSONDecodeError as error:
        problem = Problem(_("not valid JSON: %(e)s") % {"e": error.msg}, error.lineno)
        raise ImportRefused(str(path), [problem]) from error
    problems: list[Problem] = []
    if isinstance(document, dict) and "rates" in document and "code" in document:
        # The rates endpoint: one currency, several days.
        tables = [
            {
                "no": item.get("no", ""),
                "effectiveDate": item.get("effectiveDate"),
                "rates": [{"code": document["code"], "mid": item.get("mid", "")}],
            }
            for item in document["rates"]
        ]
    elif isinstance(document, list):
        tables = document  # the tables endpoint: several currencies, one or more days
    else:
        raise ImportRefused(str(path), [Problem(_("not an api.nbp.pl rates or tables response"))])
    records = [record for table in tables for record in _json_table(table, currencies, problems)]
    if problems:
        raise ImportRefused(str(path), problems)
    return records


def _json_table(table: dict, currencies: set[str], problems: list[Problem]) -> list[RateRecord]:
    try:
        day = dt.date.fromisoformat(str(table.get("effectiveDate")))
    except ValueError:
        problems.append(
            Problem(
                _("not a date YYYY-MM-DD: '%(value)s'") % {"value": table.get("effectiveDate")},
                field="effectiveDate",
            )
        )
        return []
    records = []
    for item in table.get("rates", []):
        if item.get("code") in currencies:
            value = _decimal(item.get("mid", ""), item["code"], problems)
            if value is not None:
                records.append(
                    RateRecord(item["code"], day, value, table.get("no", ""), NBP_TABLE_A)
                )
    return records


# --- ECB reference rates (PLN per EUR) ----------------------------------------------------------


def parse_ecb_csv(path: Path) -> list[RateRecord]:
    rows = csv_rows(read_text(path), name=str(path))
    header = rows[0][1] if rows else []
    if not {"date", "pln_per_eur"} <= set(header):
        raise ImportRefused(str(path), [Problem(_("expected the columns date and pln_per_eur"), 1)])
    problems: list[Problem] = []
    records = []
    for line, cells in rows[1:]:
        row = dict(zip(header, cells, strict=False))
        row.setdefault("date", "")
        row.setdefault("pln_per_eur", "")
        try:
            day = dt.date.fromisoformat(row["date"])
        except ValueError:
            problems.append(
                Problem(
                    _("not a date YYYY-MM-DD: '%(value)s'") % {"value": row["date"]}, line, "date"
                )
            )
            continue
        value = _decimal(row["pln_per_eur"], "pln_per_eur", problems, line)
        if value is not None:
            records.append(RateRecord("EUR", day, value, "", ECB))
    if problems:
        raise ImportRefused(str(path), problems)
    return records
