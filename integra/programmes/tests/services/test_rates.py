"""Importing rates: all files or none, re-imports change nothing, only the ministry imports."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from integra.audit.models import AuditEvent
from integra.core.actors import SystemActor
from integra.core.errors import ImportRefused
from integra.programmes.models import ExchangeRate
from integra.programmes.services import import_exchange_rates

pytestmark = pytest.mark.django_db
EUR = {"EUR"}


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


def test_a_bad_file_among_several_imports_nothing(tmp_path, write_ecb):
    good = write_ecb(["2008-02-15,3.6,ECB"])
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


def test_only_a_ministry_administrator_imports_rates(personas, write_ecb):
    path = write_ecb(["2008-02-15,3.6,ECB"])
    with pytest.raises(PermissionDenied):
        import_exchange_rates(actor=personas.officer, paths=[path], currencies=EUR)
    assert not ExchangeRate.objects.exists()
    summary = import_exchange_rates(actor=personas.admin, paths=[path], currencies=EUR)
    assert summary.created == 1
