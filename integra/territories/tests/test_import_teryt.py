"""The TERC import: counts on the real registers, idempotence, and refusals that change nothing."""

from __future__ import annotations

import pytest

from integra.audit.models import AuditEvent
from integra.core.actors import SystemActor
from integra.core.errors import ImportRefused
from integra.territories import demo, services
from integra.territories.models import Territory
from integra.territories.selectors import territory_stats

pytestmark = pytest.mark.django_db

GOOD = "\n".join(demo.terc_lines())


def snapshot():
    return sorted(Territory.objects.values_list("teryt", "name", "parent__teryt", "retired_on"))


def refusal(write_file, text, name="bad.csv"):
    before = snapshot()
    events = AuditEvent.objects.count()
    with pytest.raises(ImportRefused) as info:
        services.import_teryt(actor=SystemActor("test"), path=write_file(name, text))
    assert snapshot() == before
    assert AuditEvent.objects.count() == events
    return info.value


@pytest.mark.realdata
def test_the_2010_register_gives_the_programme_period_counts(data_dir):
    summary = services.import_teryt(
        actor=SystemActor("test"), path=data_dir / "terc_2010-01-01.csv"
    )
    stats = territory_stats()
    assert stats["voivodeships"] == 16
    assert stats["powiats"] == 379
    assert stats["gminas"] == {"urban": 306, "rural": 1576, "urban_rural": 597}
    assert summary.skipped > 0  # RODZ 4/5/8/9 parts are not gminas


@pytest.mark.realdata
def test_the_2024_register_gives_the_current_counts(data_dir):
    services.import_teryt(actor=SystemActor("test"), path=data_dir / "terc_2024-01-01.csv")
    stats = territory_stats()
    assert (stats["voivodeships"], stats["powiats"]) == (16, 380)
    assert stats["gminas"] == {"urban": 302, "rural": 1464, "urban_rural": 711}


@pytest.mark.realdata
def test_reimporting_the_same_register_changes_nothing(data_dir):
    path = data_dir / "terc_2010-01-01.csv"
    services.import_teryt(actor=SystemActor("test"), path=path)
    before, events = snapshot(), AuditEvent.objects.count()
    summary = services.import_teryt(actor=SystemActor("test"), path=path)
    assert not summary.changed
    assert summary.unchanged == 16 + 379 + 2479
    assert snapshot() == before
    assert AuditEvent.objects.count() == events


@pytest.mark.realdata
def test_a_newer_register_retires_vanished_units_and_keeps_them(data_dir):
    services.import_teryt(actor=SystemActor("test"), path=data_dir / "terc_2010-01-01.csv")
    services.import_teryt(actor=SystemActor("test"), path=data_dir / "terc_2024-01-01.csv")
    ostrowice = Territory.objects.get(teryt="3203042")  # dissolved in 2019
    assert str(ostrowice.retired_on) == "2024-01-01"
    assert territory_stats()["gminas"]["rural"] == 1464


def test_builds_the_tree_with_parents_types_and_register_date(write_file):
    services.import_teryt(actor=SystemActor("test"), path=write_file("terc.csv", GOOD))
    gmina = Territory.objects.get(teryt="1001022")
    assert gmina.level == Territory.Level.GMINA
    assert gmina.gmina_type == Territory.GminaType.RURAL
    assert gmina.parent.teryt == "1001"
    assert gmina.parent.parent.teryt == "10"
    assert gmina.parent.parent.name == "łódzkie"
    assert gmina.parent.parent.parent.teryt == "PL"
    assert str(gmina.register_on) == "2010-01-01"


def test_records_one_audit_event_per_import(write_file):
    services.import_teryt(actor=SystemActor("test"), path=write_file("terc.csv", GOOD))
    event = AuditEvent.objects.get()
    assert event.action == "territories.register.imported"
    assert event.changes["created"] == 2 + 4 + 12


def test_sub_units_are_skipped_not_imported(write_file):
    text = GOOD + "\n10;01;03;4;Gmina 100103 - miasto;miasto;2010-01-01"
    summary = services.import_teryt(actor=SystemActor("test"), path=write_file("terc.csv", text))
    assert summary.skipped == 1
    assert not Territory.objects.filter(teryt="1001034").exists()


def test_reads_a_windows_1250_file(write_file):
    services.import_teryt(
        actor=SystemActor("test"), path=write_file("terc.csv", GOOD, encoding="cp1250")
    )
    assert Territory.objects.get(teryt="10").name == "łódzkie"


@pytest.mark.parametrize(
    ("bad_line", "line", "field", "words"),
    [
        ("1X;01;01;2;Zła;gmina wiejska;2010-01-01", 20, "WOJ", "two digits"),
        ("10;01;01;7;Zła;gmina wiejska;2010-01-01", 20, "RODZ", "unknown unit type"),
        ("10;01;05;2;;gmina wiejska;2010-01-01", 20, "NAZWA", "name is empty"),
        ("10;01;05;2;Zła;gmina wiejska;01.01.2010", 20, "STAN_NA", "not a date"),
        ("10;01;05;2;Zła;gmina wiejska", 20, None, "expected 7 fields"),
        (
            "10;01;02;2;Powtórzona;gmina wiejska;2010-01-01",
            20,
            "WOJ/POW/GMI/RODZ",
            "duplicate code",
        ),
        ("10;09;01;2;Sierota;gmina wiejska;2010-01-01", 20, "POW", "parent unit 1009"),
        ("44;01;;;powiat bez województwa;powiat;2010-01-01", 20, "WOJ", "parent unit 44"),
    ],
)
def test_refuses_a_malformed_line_naming_line_and_field(write_file, bad_line, line, field, words):
    services.import_teryt(actor=SystemActor("test"), path=write_file("good.csv", GOOD))
    error = refusal(write_file, GOOD + "\n" + bad_line)
    problem = error.problems[0]
    assert (problem.line, problem.field) == (line, field)
    assert words in problem.message
    assert "bad.csv" in error.report()


def test_refuses_a_comma_separated_file(write_file):
    error = refusal(write_file, GOOD.replace(";", ","))
    assert error.problems[0].line == 1
    assert "wrong separator" in error.problems[0].message


def test_refuses_an_unknown_header(write_file):
    error = refusal(write_file, GOOD.replace("NAZWA_DOD", "RODZAJ"))
    assert "unexpected header" in error.problems[0].message


def test_refuses_an_empty_file_and_lists_every_problem_at_once(write_file):
    assert "empty" in refusal(write_file, "").problems[0].message
    text = GOOD + "\n1X;01;01;2;A;gmina wiejska;2010-01-01\n10;01;01;9;B;x;bad"
    assert len(refusal(write_file, text).problems) == 2


def test_a_refused_file_leaves_a_previously_imported_tree_untouched(write_file):
    services.import_teryt(actor=SystemActor("test"), path=write_file("good.csv", GOOD))
    refusal(
        write_file,
        GOOD.replace("Gmina 100102;", "Nowa nazwa;") + "\nZZ;;;;X;województwo;2010-01-01",
    )
    assert Territory.objects.get(teryt="1001022").name == "Gmina 100102"


def test_the_command_prints_every_problem_and_exits_1(write_file, capsys):
    from django.core.management import call_command

    path = write_file("bad.csv", GOOD + "\n10;01;01;7;Zła;gmina wiejska;2010-01-01")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_teryt", str(path))
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "bad.csv" in err and "line 20" in err and "RODZ" in err
    assert not Territory.objects.exists()


def test_the_refusal_speaks_polish_by_default(write_file):
    from django.utils import translation

    with translation.override("pl"):
        error = refusal(write_file, GOOD + "\n10;01;01;7;Zła;gmina wiejska;2010-01-01")
        report = error.report()
    assert "wiersz 20" in report and "pole RODZ" in report
    assert "niczego nie zaimportowano" in report


def test_a_field_past_the_csv_reader_limit_is_refused_at_its_line(write_file):
    lines = GOOD.split("\n")
    oversized = "\n".join([*lines, "10;99;01;2;" + "X" * 200_000 + ";gmina wiejska;2010-01-01"])
    error = refusal(write_file, oversized)
    assert error.problems[0].line == len(lines) + 1
