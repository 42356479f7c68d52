"""Importing rates and converting with them: the published PIS conversions, the default rule,
and refusals instead of silent fallbacks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from integra.audit.models import AuditEvent
from integra.core.actors import SystemActor
from integra.core.errors import ImportRefused
from integra.core.money import Money
from integra.programmes.exchange_rates import (
    ExchangeRate,
    RateMissing,
    convert,
    import_exchange_rates,
)

pytestmark = pytest.mark.django_db
EUR = {"EUR"}


@pytest.fixture
def nbp_2008_2010(data_dir):
    folder = data_dir / "nbp/archive-xls"
    paths = [folder / f"archiwum_tab_a_{year}.xls" for year in (2008, 2009, 2010)]
    import_exchange_rates(actor=SystemActor("test"), paths=paths, currencies=EUR)
    return paths


@pytest.mark.realdata
@pytest.mark.parametrize(
    ("eur", "table_on", "pln", "rate"),
    [
        ("135200", "2008-02-15", "485395.04", "3.5902"),
        ("38509.18", "2010-04-22", "148849.53", "3.8653"),
    ],
)
def test_reproduces_the_published_conversions(nbp_2008_2010, eur, table_on, pln, rate):
    result = convert(Money(Decimal(eur), "EUR"), to="PLN", table_on=dt.date.fromisoformat(table_on))
    assert result.converted == Money(Decimal(pln), "PLN")
    assert result.rate == Decimal(rate)
    assert (str(result.table_on), result.source) == (table_on, "NBP-A")
    assert result.table_no.endswith(f"/A/NBP/{table_on[:4]}")


@pytest.mark.realdata
def test_the_default_rule_takes_the_last_table_before_the_operation(nbp_2008_2010):
    # 2008-02-18 is a Monday: the rate is Friday's table of 2008-02-15.
    result = convert(Money(Decimal("135200"), "EUR"), to="PLN", operation_on=dt.date(2008, 2, 18))
    assert (result.table_on, result.rate) == (dt.date(2008, 2, 15), Decimal("3.5902"))
    back = convert(Money(Decimal("485395.04"), "PLN"), to="EUR", table_on=dt.date(2008, 2, 15))
    assert back.converted == Money(Decimal("135200.00"), "EUR")


@pytest.mark.realdata
def test_reimporting_changes_nothing(nbp_2008_2010):
    count, events = ExchangeRate.objects.count(), AuditEvent.objects.count()
    summary = import_exchange_rates(actor=SystemActor("test"), paths=nbp_2008_2010, currencies=EUR)
    assert (summary.created, summary.updated) == (0, 0)
    assert (ExchangeRate.objects.count(), AuditEvent.objects.count()) == (count, events)
    assert count == 255 + 256 + 255 - 1  # 2008-12-31 is in the 2008 file and, carried over, in 2009


@pytest.mark.realdata
def test_the_command_prints_amount_rate_table_and_source(nbp_2008_2010, capsys):
    call_command(
        "convert_currency",
        "--amount",
        "135200",
        "--from",
        "EUR",
        "--to",
        "PLN",
        "--table-date",
        "2008-02-15",
    )
    out = capsys.readouterr().out
    assert "485395.04 PLN" in out
    assert "3.5902" in out and "033/A/NBP/2008" in out and "2008-02-15" in out and "NBP-A" in out


def write_ecb(tmp_path, rows):
    path = tmp_path / "ecb.csv"
    path.write_text("date,pln_per_eur,source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_missing_rate_is_an_error_not_a_fallback(tmp_path):
    import_exchange_rates(
        actor=SystemActor("test"),
        paths=[write_ecb(tmp_path, ["2008-02-15,3.6,ECB"])],
        currencies=EUR,
    )
    with pytest.raises(RateMissing, match="NBP-A"):
        convert(Money(Decimal("1"), "EUR"), to="PLN", table_on=dt.date(2008, 2, 15))
    with pytest.raises(RateMissing, match="2008-02-14"):
        convert(Money(Decimal("1"), "EUR"), to="PLN", table_on=dt.date(2008, 2, 14), source="ECB")
    with pytest.raises(RateMissing, match="7 days"):
        convert(
            Money(Decimal("1"), "EUR"), to="PLN", operation_on=dt.date(2008, 3, 1), source="ECB"
        )
    ok = convert(
        Money(Decimal("10"), "EUR"), to="PLN", operation_on=dt.date(2008, 2, 16), source="ECB"
    )
    assert ok.converted == Money(Decimal("36.00"), "PLN")


def test_a_bad_file_among_several_imports_nothing(tmp_path):
    good = write_ecb(tmp_path, ["2008-02-15,3.6,ECB"])
    bad = tmp_path / "bad.csv"
    bad.write_text("date,pln_per_eur\n2008-02-18,zero\n", encoding="utf-8")
    with pytest.raises(ImportRefused):
        import_exchange_rates(actor=SystemActor("test"), paths=[good, bad], currencies=EUR)
    assert not ExchangeRate.objects.exists()


def test_the_import_command_exits_1_on_a_bad_file(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,pln_per_eur\n2008-02-18,zero\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_exchange_rates", str(bad))
    assert exit_info.value.code == 1
    assert "line 2" in capsys.readouterr().err
