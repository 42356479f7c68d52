"""Exchange-rate files in NBP's and the ECB's own layouts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from integra.core.errors import ImportRefused
from integra.programmes.importers.rates import parse_rate_file

EUR = {"EUR"}


def rate_on(records, day):
    return next(
        r for r in records if r.currency == "EUR" and r.effective_on == dt.date.fromisoformat(day)
    )


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("year", "day", "mid", "table"),
    [
        (2008, "2008-02-15", "3.5902", "033/A/NBP/2008"),
        (2010, "2010-04-22", "3.8653", "078/A/NBP/2010"),
        (2008, "2008-12-31", "4.1724", "254/A/NBP/2008"),
        (2006, "2006-01-02", "3.8610", "001/A/NBP/2006"),
    ],
)
def test_reads_the_yearly_nbp_workbooks_of_every_layout(data_dir, year, day, mid, table):
    records = parse_rate_file(data_dir / f"nbp/archive-xls/archiwum_tab_a_{year}.xls", EUR)
    record = rate_on(records, day)
    assert (record.mid, record.table_no, record.source) == (Decimal(mid), table, "NBP-A")


@pytest.mark.realdata
def test_divides_by_the_units_of_the_header(data_dir):
    records = parse_rate_file(data_dir / "nbp/archive-xls/archiwum_tab_a_2008.xls", {"HUF"})
    assert records[0].mid == Decimal("1.4188") / 100


@pytest.mark.realdata
def test_reads_the_archive_csv_the_daily_xml_and_the_api_json(data_dir):
    csv_records = parse_rate_file(data_dir / "nbp/archive-csv/archiwum_tab_a_2025.csv", EUR)
    assert rate_on(csv_records, "2025-01-02").table_no == "001/A/NBP/2025"
    assert len(csv_records) == 251
    xml = parse_rate_file(data_dir / "nbp/daily-xml/LastA.xml", EUR)
    assert [(r.mid, r.table_no) for r in xml] == [(Decimal("4.3178"), "208/A/NBP/2016")]
    api = parse_rate_file(data_dir / "nbp/api-json/rates_a_EUR_2019-07-11_2019-07-13.json", EUR)
    assert [(str(r.effective_on), r.mid) for r in api] == [
        ("2019-07-11", Decimal("4.2682")),
        ("2019-07-12", Decimal("4.2669")),
    ]
    tables = parse_rate_file(data_dir / "nbp/api-json/tables_a_2019-07-03.json", {"XDR"})
    assert tables[0].table_no == "127/A/NBP/2019"


@pytest.mark.realdata
def test_reads_the_ecb_file_as_a_separate_source(data_dir):
    records = parse_rate_file(data_dir / "eur_pln_ecb_daily_2006_2010.csv", EUR)
    assert len(records) == 1280
    assert {r.source for r in records} == {"ECB"}


def test_refuses_a_file_without_the_currency(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('{"table":"A","code":"USD","currency":"dolar","rates":[]}')
    with pytest.raises(ImportRefused, match="problem"):
        parse_rate_file(path, EUR)


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("r.csv", "date,pln_per_eur\n2008-02-15,abc\n", "not a number"),
        ("r.csv", "date,pln_per_eur\n15.02.2008,3.59\n", "not a date"),
        ("r.csv", "date,pln_per_eur\n2008-02-15,-3.59\n", "positive"),
        ("r.xml", "<tabela_kursow><x/></tabela_kursow>", "numer_tabeli"),
        ("r.json", "{oops", "not valid JSON"),
        ("r.txt", "x", "unknown exchange-rate file type"),
        ("r.csv", "kurs;EUR\n", "header must start"),
    ],
)
def test_refuses_a_malformed_file_with_a_clear_reason(tmp_path, name, text, words):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportRefused) as info:
        parse_rate_file(path, EUR)
    assert words in info.value.report()


def test_an_nbp_csv_with_an_impossible_or_distant_day_is_refused_by_line(tmp_path):
    path = tmp_path / "archiwum_tab_a_2007.csv"
    path.write_text(
        "data;1EUR;pełny numer tabeli\n20071340;3,9;1/A/NBP/2007\n18000101;3,9;2/A/NBP/2007\n",
        encoding="cp1250",
    )

    with pytest.raises(ImportRefused) as refusal:
        parse_rate_file(path, {"EUR"})

    assert [problem.line for problem in refusal.value.problems] == [2, 3]
