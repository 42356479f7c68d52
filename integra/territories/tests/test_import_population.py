"""The population import: real figures, idempotence, skipped units, and refusals."""

from __future__ import annotations

import pytest

from integra.audit.models import AuditEvent
from integra.core.actors import SystemActor
from integra.core.errors import ImportRefused
from integra.territories import demo, services
from integra.territories.models import PopulationRecord, Territory
from integra.territories.selectors import population_history, territory_stats

pytestmark = pytest.mark.django_db

HEADER = demo.POPULATION_HEADER


@pytest.fixture
def tree(write_file):
    services.import_teryt(
        actor=SystemActor("test"), path=write_file("terc.csv", "\n".join(demo.terc_lines()))
    )


def records():
    return sorted(
        PopulationRecord.objects.values_list(
            "territory__teryt", "year", "total", "age_0_17", "working_age", "post_working_age"
        )
    )


@pytest.mark.realdata
def test_the_real_table_gives_ten_years_for_every_2010_gmina(data_dir):
    services.import_teryt(actor=SystemActor("test"), path=data_dir / "terc_2010-01-01.csv")
    summary = services.import_population(
        actor=SystemActor("test"), path=data_dir / "population_gmina_economic_age_2010_2019.csv"
    )
    assert territory_stats()["population_years"] == list(range(2010, 2020))
    assert PopulationRecord.objects.filter(year=2010).count() == 2479
    assert summary.notes  # codes that appeared after 2010 are reported, not imported
    regnow = Territory.objects.get(name="Regnów")
    first = population_history(regnow)[0]
    assert first["year"] == 2010
    assert first["total"] == first["age_0_17"] + first["working_age"] + first["post_working_age"]
    again = services.import_population(
        actor=SystemActor("test"), path=data_dir / "population_gmina_economic_age_2010_2019.csv"
    )
    assert not again.changed


def test_stores_each_age_group_and_sums_them_for_a_voivodeship(tree, write_file):
    text = "\n".join(
        [
            HEADER,
            "1001022,X (2),2010,1000,200,600,350,250,200",
            "1001033,Y (3),2010,500,100,300,150,150,100",
        ]
    )
    services.import_population(actor=SystemActor("test"), path=write_file("p.csv", text))
    assert records() == [
        ("1001022", 2010, 1000, 200, 600, 200),
        ("1001033", 2010, 500, 100, 300, 100),
    ]
    voivodeship = Territory.objects.get(teryt="10")
    assert population_history(voivodeship) == [
        {"year": 2010, "total": 1500, "age_0_17": 300, "working_age": 900, "post_working_age": 300}
    ]


def test_updates_a_corrected_figure_and_skips_sub_units_and_unknown_codes(tree, write_file):
    services.import_population(
        actor=SystemActor("test"),
        path=write_file("p.csv", HEADER + "\n1001022,X (2),2010,1000,200,600,350,250,200"),
    )
    summary = services.import_population(
        actor=SystemActor("test"),
        path=write_file(
            "p2.csv",
            "\n".join(
                [
                    HEADER,
                    "1001022,X (2),2010,1001,201,600,350,250,200",
                    "1001034,X - miasto (4),2010,10,2,6,3,3,2",
                    "1099022,Nowa (2),2016,10,2,6,3,3,2",
                ]
            ),
        ),
    )
    assert (summary.updated, summary.skipped) == (1, 2)
    assert "1099022" in summary.notes[0]
    assert records() == [("1001022", 2010, 1001, 201, 600, 200)]


def test_a_code_whose_type_digit_changed_later_still_finds_its_gmina(tree, write_file):
    services.import_population(
        actor=SystemActor("test"),
        path=write_file(
            "p.csv",
            "\n".join(
                [
                    HEADER,
                    "1001022,X (2),2015,1000,200,600,350,250,200",
                    "1001023,X (3),2016,990,190,600,350,250,200",
                ]
            ),
        ),
    )
    assert [r[:3] for r in records()] == [("1001022", 2015, 1000), ("1001022", 2016, 990)]


@pytest.mark.parametrize(
    ("row", "field", "words"),
    [
        ("100102,X,2010,1000,200,600,350,250,200", "teryt", "7-digit"),
        ("1001022,X,20x0,1000,200,600,350,250,200", "year", "whole number"),
        ("1001022,X,1850,1000,200,600,350,250,200", "year", "out of range"),
        ("1001022,X,2010,1000,-5,600,350,250,200", "pre_working_0_17", "whole number"),
        ("1001022,X,2010,999,200,600,350,250,200", "total", "differs from the sum"),
        ("1001033,X,2011,500,100,300,150,150,100", "year", "already has year 2011"),
    ],
)
def test_refuses_a_bad_row_with_its_line_and_field_and_writes_nothing(
    tree, write_file, row, field, words
):
    good = "1001033,Y (3),2011,500,100,300,150,150,100"
    path = write_file("bad.csv", "\n".join([HEADER, good, row]))
    with pytest.raises(ImportRefused) as info:
        services.import_population(actor=SystemActor("test"), path=path)
    problem = info.value.problems[0]
    assert (problem.line, problem.field) == (3, field)
    assert words in problem.message
    assert not PopulationRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="territories.population.imported").exists()


def test_refuses_a_file_without_the_required_columns(tree, write_file):
    with pytest.raises(ImportRefused) as info:
        services.import_population(
            actor=SystemActor("test"), path=write_file("p.csv", "teryt,year,total\n1001022,2010,5")
        )
    assert "pre_working_0_17" in info.value.problems[0].message


def test_refuses_a_semicolon_file(tree, write_file):
    with pytest.raises(ImportRefused) as info:
        services.import_population(
            actor=SystemActor("test"), path=write_file("p.csv", HEADER.replace(",", ";"))
        )
    assert "separator" in info.value.problems[0].message


def test_refuses_population_before_the_register_exists(db, write_file):
    with pytest.raises(ImportRefused) as info:
        services.import_population(
            actor=SystemActor("test"),
            path=write_file("p.csv", HEADER + "\n1001022,X (2),2010,1000,200,600,350,250,200"),
        )
    assert "import the TERC file first" in info.value.problems[0].message


def test_a_field_past_the_csv_reader_limit_is_refused_at_its_line(write_file):
    text = "teryt,year,total\n" + "1001022,2010," + "9" * 200_000 + "\n"
    with pytest.raises(ImportRefused) as refused:
        services.import_population(actor=SystemActor("test"), path=write_file("pop.csv", text))
    assert refused.value.problems[0].line == 2
