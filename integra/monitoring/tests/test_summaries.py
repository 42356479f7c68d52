"""The indicator summary equals the plain computation: built whole on generated worlds, at every
level, period and target group, and kept by each write that changes it (a contract signed,
annexed and terminated, a report accepted, a provider changed) — the figures with and without
it are the same, down to their printed form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from integra.contracts import services as contract_services
from integra.contracts.models import Contract
from integra.contracts.tests.factories import contract_terms, report_input, selected_offer
from integra.monitoring.models import IndicatorSummary, SummaryState
from integra.monitoring.rules import parse_period
from integra.monitoring.selectors import indicators as ind
from integra.monitoring.selectors import summaries as reading
from integra.monitoring.services import summaries
from integra.monitoring.tests.factories import GMINAS, make_monitoring_world

pytestmark = pytest.mark.django_db

PERIODS = ("2007-Q2", "2007-Q3", "2007-H2", "2008", "2009-Q4")
DAYS = (dt.date(2007, 8, 15), dt.date(2026, 12, 4), dt.date(2099, 12, 31))
LEVELS = ("", "06", "10", *GMINAS)
GROUPS = ("", "DM", "OS")


def _shown(figures):
    return [
        (
            f.code,
            str(f.value),
            str(f.numerator),
            str(f.denominator),
            {d: {p: str(a) for p, a in parts.items()} for d, parts in f.breakdown.items()},
        )
        for f in figures
    ]


def everywhere(programme, periods=PERIODS, groups=GROUPS):
    """Every figure of every level, period, day and group, as the pages would print them."""
    seen = {}
    for when in (*(parse_period(p) for p in periods), *DAYS):
        for group in groups:
            for level in LEVELS:
                seen[(str(when), group, level)] = _shown(
                    ind.indicator_values(programme, when, level, group=group)
                )
            for level, units in (("", ["06", "10"]), ("10", ["1001022", "1001033"])):
                values = ind.unit_values(programme, when, level, units, group=group)
                for unit in units:
                    seen[(str(when), group, level, unit)] = _shown(values[unit])
    return seen


def plain(programme, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(reading, "read", lambda scope, detail=True: None)
        return kept(programme)


def kept(programme):
    """What the write tests compare: fewer periods and groups (each write runs it twice)."""
    return everywhere(programme, periods=("2007-Q3", "2009-Q4"), groups=("", "DM"))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_built_summary_gives_every_figure_the_plain_computation_gives(
    personas, small_tree, seed, monkeypatch
):
    world = make_monitoring_world(personas, small_tree, seed=seed)
    before = everywhere(world.programme)
    assert summaries.build(world.programme) > 0
    scope = ind.Scope(world.programme, dt.date(2026, 12, 4))
    assert reading.read(scope, detail=False) is not None  # the summary answers now
    assert everywhere(world.programme) == before


def test_a_day_inside_a_quarter_with_later_events_reads_the_data(personas, small_tree):
    world = make_monitoring_world(personas, small_tree, seed=1)
    summaries.build(world.programme)
    signed = sorted(c.signed_on for c in world.contracts)
    middle = signed[0]  # the first signature's day: later ones of its quarter lie after it
    later_in_quarter = [
        d for d in signed if d > middle and summaries.quarter_of(d) == summaries.quarter_of(middle)
    ]
    scope = ind.Scope(world.programme, middle)
    if later_in_quarter:
        assert reading.read(scope) is None
    quarter_end = parse_period("2009-Q4").ends_on
    assert reading.read(ind.Scope(world.programme, quarter_end)) is not None


def test_a_programme_never_built_is_read_from_the_data_and_left_alone(personas, small_tree):
    world = make_monitoring_world(personas, small_tree, seed=2)
    assert reading.read(ind.Scope(world.programme, dt.date(2026, 12, 4))) is None
    summaries.refresh(world.programme, GMINAS)
    assert not IndicatorSummary.objects.exists()
    assert not SummaryState.objects.exists()


def test_the_voivodeship_rows_are_the_sums_of_their_gminas(personas, small_tree):
    world = make_monitoring_world(personas, small_tree, seed=3)
    summaries.build(world.programme)
    rows = IndicatorSummary.objects.filter(programme=world.programme)
    for level in (IndicatorSummary.Level.GMINA, IndicatorSummary.Level.VOIVODESHIP):
        total = sum(
            (
                r.amount
                for r in rows.filter(level=level, code=ind.CONTRACTS, dimension="", group="")
            ),
            Decimal(0),
        )
        assert total == Contract.objects.counting().filter(programme=world.programme).count()


# The writes keep it ---------------------------------------------------------------------------


@pytest.fixture
def built(personas, small_tree):
    world = make_monitoring_world(personas, small_tree, seed=4)
    summaries.build(world.programme)
    return world


def national(world, code):
    today = timezone.localdate()  # a report accepted now counts from today (Warsaw's day)
    return {f.code: f for f in ind.indicator_values(world.programme, today, "")}[code].value


def test_signing_annexing_terminating_and_accepting_keep_the_summary(built, monkeypatch):
    world = built
    contracts = national(world, ind.CONTRACTS)
    # The generated contracts took the plan's money (directly written, all three gminas
    # charging it): terminated the same way, with the summary built again, they free it.
    Contract.objects.filter(programme=world.programme).update(status=Contract.Status.TERMINATED)
    summaries.build(world.programme)
    contracts = national(world, ind.CONTRACTS)
    assert contracts == 0
    contract = contract_services.sign_contract(
        actor=world.people.coordinator,
        offer=selected_offer(world, total=Decimal("100.00")),
        terms=contract_terms(world, value=Decimal("100.00")),
    )
    assert national(world, ind.CONTRACTS) == contracts + 1
    assert kept(world.programme) == plain(world.programme, monkeypatch)

    value = Decimal("80.00")
    contract_services.amend_contract(
        actor=world.people.coordinator,
        contract=contract,
        terms=contract_terms(world, value=value, number=contract.number),
        reason="Mniej godzin opieki",
        lock_version=contract.lock_version,
    )
    assert kept(world.programme) == plain(world.programme, monkeypatch)

    people = national(world, ind.PEOPLE_REACHED)
    partial = contract.reports.get(kind="partial")
    partial = contract_services.submit_report(
        actor=world.people.provider,
        report=partial,
        values=report_input(world, spent=Decimal("50.00")),
        lock_version=partial.lock_version,
    )
    contract_services.accept_report(actor=world.people.coordinator, report=partial)
    assert national(world, ind.PEOPLE_REACHED) > people
    assert kept(world.programme) == plain(world.programme, monkeypatch)

    contract.refresh_from_db()
    contract_services.terminate_contract(
        actor=world.people.coordinator,
        contract=contract,
        terminated_on=dt.date(2007, 9, 1),
        reason="Rezygnacja",
    )
    assert national(world, ind.CONTRACTS) == contracts
    assert kept(world.programme) == plain(world.programme, monkeypatch)


def test_a_provider_changing_kind_changes_the_summary_with_it(built, monkeypatch):
    world = built
    provider = Contract.objects.filter(programme=world.programme).first().provider
    provider.kind = "foundation" if provider.kind != "foundation" else "association"
    provider.save()
    assert kept(world.programme) == plain(world.programme, monkeypatch)


def test_a_failed_write_leaves_the_summary_as_it_was(built):
    world = built
    rows = list(IndicatorSummary.objects.order_by("pk").values())
    with pytest.raises(contract_services.BudgetExceeded):
        contract_services.sign_contract(
            actor=world.people.coordinator,
            offer=selected_offer(world),
            terms=contract_terms(world, value=Decimal("999999.00")),
        )
    assert list(IndicatorSummary.objects.order_by("pk").values()) == rows


# The command ------------------------------------------------------------------------------------


def test_the_command_builds_the_missing_ones_checks_and_names_a_difference(personas, small_tree):
    from io import StringIO

    from django.core.management import CommandError, call_command

    world = make_monitoring_world(personas, small_tree, seed=5)
    out = StringIO()
    call_command("indicator_summaries", "--check", stdout=out)
    assert "not built" in out.getvalue()
    call_command("indicator_summaries", "--missing", stdout=out)
    assert f"{world.programme.code}: " in out.getvalue()
    assert SummaryState.objects.filter(programme=world.programme).exists()
    again = StringIO()
    call_command("indicator_summaries", "--missing", stdout=again)
    assert again.getvalue() == ""  # built already: nothing to do
    call_command("indicator_summaries", "--check", "--on", "2009-12-31", stdout=out)
    assert f"{world.programme.code}: OK" in out.getvalue()
    row = IndicatorSummary.objects.filter(
        programme=world.programme, level="G", code=ind.CONTRACTS, dimension=""
    ).first()
    row.amount += 1
    row.save()
    err = StringIO()
    with pytest.raises(CommandError, match="difference"):
        call_command("indicator_summaries", "--check", "--on", "2009-12-31", stderr=err)
    assert f"{row.teryt} {ind.CONTRACTS}" in err.getvalue()
    with pytest.raises(CommandError, match="No programme"):
        call_command("indicator_summaries", "--programme", "NOPE")
    with pytest.raises(CommandError, match="is not a day"):
        call_command("indicator_summaries", "--check", "--on", "2009-13-45")
