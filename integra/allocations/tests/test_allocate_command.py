"""`manage.py allocate`: dry runs write nothing but the CSV asked for, stored runs go through the
services, bad input is refused with its line and exit 1, and the real 2010 split adds up."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from integra.allocations.models import AllocationRun
from integra.allocations.rules import AllocationRequest, allocate
from integra.core.actors import SystemActor
from integra.programmes.models import Participation, Programme
from integra.territories import services as territory_services
from integra.territories.models import PopulationRecord, Territory

pytestmark = pytest.mark.django_db

ELIGIBLE = ["0601022", "0601033", "0602022", "0602033", "1001022", "1001033", "1002022", "1002033"]


def run_command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("allocate", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> str:
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("allocate", *args, stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 1
    return err.getvalue()


def read_csv(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_dry_run_splits_over_every_eligible_gmina_and_writes_only_the_csv(small_tree, tmp_path):
    out_file = tmp_path / "amounts.csv"

    stdout, _err = run_command(
        "--method", "population", "--budget", "400000", "--out", str(out_file)
    )

    totals = {r.territory.teryt: r.total for r in PopulationRecord.objects.filter(year=2010)}
    expected = allocate(
        AllocationRequest(budget=Decimal(400000), weights={t: totals[t] for t in ELIGIBLE})
    )
    rows = read_csv(out_file)
    assert list(rows[0]) == ["teryt", "name", "voivodeship", "indicator_value", "amount_eur"]
    assert [row["teryt"] for row in rows] == ELIGIBLE  # urban gminas are never eligible
    first = rows[0]
    assert first["name"] == small_tree["0601022"].name
    assert first["voivodeship"] == small_tree["06"].name
    assert first["indicator_value"] == str(totals["0601022"])
    for row in rows:
        assert row["amount_eur"] == f"{expected[row['teryt']]:.2f}"
        assert "," not in row["amount_eur"]
    assert "gminas: 8" in stdout and "sum: 400000.00 EUR" in stdout
    assert "EUR per inhabitant: mean" in stdout
    assert not AllocationRun.objects.exists()


def test_a_dry_run_over_the_gminas_of_a_file(small_tree, write_file):
    gminas = write_file("gminas.csv", "teryt,name\n1001022,a\n1001033,b\n")

    stdout, _err = run_command(
        "--method", "equal", "--budget", "1000", "--gminas", str(gminas), "--unit", "10"
    )

    assert "gminas: 2" in stdout and "min: 500.00 EUR" in stdout and "max: 500.00 EUR" in stdout


def test_refuses_a_gminas_file_with_unknown_urban_or_repeated_codes(
    small_tree, write_file, tmp_path
):
    gminas = write_file("gminas.csv", "teryt\n1001022\n9999999\n1001011\n1001022\n12345\n")
    out_file = tmp_path / "amounts.csv"

    err = refused(
        "--method", "equal", "--budget", "1000", "--gminas", str(gminas), "--out", str(out_file)
    )

    assert "line 3: 9999999 is not a gmina of the current register" in err
    assert "line 4: 1001011 is an urban gmina" in err
    assert "line 5: 1001022 is listed twice" in err
    assert "line 6: '12345' is not a 7-digit TERYT code" in err
    assert not out_file.exists()


def test_engine_refusals_exit_with_the_reason(small_tree, tmp_path):
    out_file = tmp_path / "amounts.csv"

    err = refused("--method", "equal", "--budget", "150", "--out", str(out_file))

    assert "not a multiple of the rounding unit" in err
    assert not out_file.exists()


def test_a_dry_run_of_imported_amounts(small_tree, write_file):
    amounts = write_file("amounts.csv", "teryt,amount\n1001022,600\n1001033,400\n")
    gminas = write_file("gminas.csv", "teryt\n1001022\n1001033\n")

    stdout, _err = run_command(
        "--method", "import", "--budget", "1000", "--gminas", str(gminas),
        "--from-file", str(amounts),
    )  # fmt: skip

    assert "max: 600.00 EUR" in stdout


def test_refuses_contradictory_options(small_tree, write_file):
    gminas = write_file("gminas.csv", "teryt\n1001022\n")

    assert "contradicts" in refused(
        "--programme", "PIS", "--method", "equal", "--budget", "100", "--gminas", str(gminas)
    )
    assert "--publish needs --programme" in refused(
        "--method", "equal", "--budget", "100", "--publish"
    )
    assert "--from-file" in refused("--method", "import", "--budget", "100")


WEIGHTS = "total=1,age_0_17=0.5,post_working=0.5"


def test_a_weighted_dry_run_writes_the_weighted_values(small_tree, write_file, tmp_path):
    gminas = write_file("gminas.csv", "teryt\n1001022\n1001033\n")
    out_file = tmp_path / "amounts.csv"

    stdout, _err = run_command(
        "--method", "population", "--indicator", "weighted", "--weights", WEIGHTS,
        "--budget", "1000", "--gminas", str(gminas), "--out", str(out_file),
    )  # fmt: skip

    # 1001022: 21145 + 3806/2 + 3383/2 = 24739.5; 1001033: 33947 + 6449/2 + 7128/2 = 40735.5;
    # of 10 units the quotas are 3.78 and 6.22.
    rows = read_csv(out_file)
    assert [(r["teryt"], r["indicator_value"], r["amount_eur"]) for r in rows] == [
        ("1001022", "24739.5", "400.00"),
        ("1001033", "40735.5", "600.00"),
    ]
    assert "sum: 1000.00 EUR" in stdout
    assert not AllocationRun.objects.exists()


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ("total", "'total' is not indicator=weight"),
        ("total=1,,age_0_17=1", "'' is not indicator=weight"),
        ("=1", "'=1' is not indicator=weight"),
        ("total=", "'total=' is not indicator=weight"),
        ("total=1,total=2", "total is given twice"),
        ("total=one", "the weight of total is not a number: 'one'"),
    ],
)
def test_refuses_malformed_weights(small_tree, tmp_path, weights, expected):
    out_file = tmp_path / "amounts.csv"

    err = refused(
        "--method", "population", "--indicator", "weighted", "--weights", weights,
        "--budget", "1000", "--out", str(out_file),
    )  # fmt: skip

    assert f"--weights: {expected}" in err
    assert not out_file.exists()


def test_refuses_weights_that_do_not_fit_the_indicator(small_tree):
    err = refused(
        "--method", "population", "--indicator", "weighted", "--weights", "total=-1,adults=2",
        "--budget", "1000",
    )  # fmt: skip
    assert "The weights of the indicators are refused" in err
    assert "field weights: unknown indicator(s): adults" in err
    assert "field weights.total: the weight must be a number from 0 to 1000" in err

    assert "the weighted sum needs weights" in refused(
        "--method", "population", "--indicator", "weighted", "--budget", "1000"
    )
    assert "weights are given for another indicator" in refused(
        "--method", "population", "--weights", WEIGHTS, "--budget", "1000"
    )


@pytest.fixture
def programme(small_tree):
    pis = Programme.objects.create(
        code="PIS",
        name="PIS",
        starts_on=dt.date(2006, 1, 1),
        ends_on=dt.date(2010, 12, 31),
        budget_eur=Decimal(1000),
    )
    for teryt in ("1001022", "1001033"):
        Participation.objects.create(programme=pis, gmina=small_tree[teryt])
    return pis


def test_a_programme_run_is_stored_and_published(programme, tmp_path):
    out_file = tmp_path / "amounts.csv"

    stdout, _err = run_command(
        "--programme", "PIS", "--method", "equal", "--budget", "1000", "--publish",
        "--out", str(out_file),
    )  # fmt: skip

    run = AllocationRun.objects.get()
    assert run.status == AllocationRun.Status.PUBLISHED
    assert run.created_by_label == "manage.py allocate"
    assert f"run {run.pk} of PIS: published" in stdout
    assert [(r["teryt"], r["amount_eur"]) for r in read_csv(out_file)] == [
        ("1001022", "500.00"),
        ("1001033", "500.00"),
    ]


def test_a_weighted_programme_run_stores_its_weights(programme, tmp_path):
    out_file = tmp_path / "amounts.csv"

    run_command(
        "--programme", "PIS", "--method", "population", "--indicator", "weighted",
        "--weights", WEIGHTS, "--budget", "1000", "--out", str(out_file),
    )  # fmt: skip

    run = AllocationRun.objects.get()
    assert run.indicator == AllocationRun.Indicator.WEIGHTED
    assert run.indicator_weights == {"total": "1", "age_0_17": "0.5", "post_working": "0.5"}
    assert [(r["indicator_value"], r["amount_eur"]) for r in read_csv(out_file)] == [
        ("24739.50", "400.00"),
        ("40735.50", "600.00"),
    ]


def test_refused_weights_store_no_run(programme):
    refused(
        "--programme", "PIS", "--method", "population", "--indicator", "weighted",
        "--weights", "total=0", "--budget", "1000",
    )  # fmt: skip

    assert not AllocationRun.objects.exists()


def test_refuses_an_unknown_programme(small_tree):
    assert "no programme with the code NOPE" in refused(
        "--programme", "NOPE", "--method", "equal", "--budget", "100"
    )


@pytest.mark.realdata
def test_the_real_2010_split_over_every_eligible_gmina_adds_up(data_dir, tmp_path):
    territory_services.import_teryt(
        actor=SystemActor("test"), path=data_dir / "terc_2010-01-01.csv"
    )
    territory_services.import_population(
        actor=SystemActor("test"), path=data_dir / "population_gmina_economic_age_2010_2019.csv"
    )
    out_file = tmp_path / "amounts.csv"
    eligible = Territory.objects.current().gminas().exclude(gmina_type="1").count()

    stdout, _err = run_command(
        "--method", "population", "--year", "2010", "--budget", "40000000", "--out", str(out_file)
    )

    amounts = [Decimal(row["amount_eur"]) for row in read_csv(out_file)]
    assert len(amounts) == eligible
    assert sum(amounts) == Decimal("40000000")
    assert all(amount % 100 == 0 for amount in amounts)
    assert "sum: 40000000.00 EUR" in stdout
