"""The maps' summary rows: every write path (signing, annex, termination, an accepted report, a
payment) leaves each gmina's row equal to the plain aggregate in the same transaction; a full
build equals it on a fuller world; a programme without a built summary, or a day before the last
payment, reads plain and is still right; the command builds and names its errors."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from integra.contracts import services as contract_services
from integra.contracts.models import ReportReach
from integra.contracts.services import InstalmentInput
from integra.contracts.tests.factories import (
    contract_terms,
    make_contract,
    report_input,
    selected_offer,
)
from integra.dashboards.models import GminaMeasures, MeasuresState
from integra.dashboards.selectors.measures import (
    LEDGER,
    GminaMoney,
    gmina_measures,
    ledger_paid,
    plain_figures,
)
from integra.dashboards.services import summaries
from integra.finance.services import payments
from integra.finance.tests.payments_factories import (
    ADVANCE,
    PAID_ON,
    VALUE,
    advance_input,
    payment_world,
    receive,
)

pytestmark = pytest.mark.django_db
LATER = dt.date(2010, 12, 31)


@pytest.fixture
def world(personas, small_tree):
    """The payment world (a contract of 6,199.20 PLN signed through the service in 1001022),
    its summary built."""
    world = payment_world(personas, small_tree)
    summaries.build(world.programme)
    return world


def rows(programme) -> dict[int, tuple]:
    return {
        row.gmina_id: (
            row.committed_pln,
            row.committed_eur,
            row.paid_pln,
            row.last_paid_on,
            row.people_reached,
            row.contracts_by_group,
        )
        for row in GminaMeasures.objects.filter(programme=programme)
    }


def plain_rows(programme) -> dict[int, tuple]:
    """The plain aggregates to date, in the rows' shape (a gmina with a figure other than 0)."""
    found: dict[int, GminaMoney] = defaultdict(GminaMoney)
    plain_figures(programme, None, found)
    paid = ledger_paid(programme, as_of=None, teryts=None)
    return {
        gmina_id: (
            found[gmina_id].committed_pln,
            found[gmina_id].committed_eur,
            paid.get(gmina_id, (Decimal("0.00"), None))[0],
            paid.get(gmina_id, (None, None))[1],
            found[gmina_id].people_reached,
            found[gmina_id].contracts_by_group,
        )
        for gmina_id in set(found) | set(paid)
    }


def read_both(programme, as_of=LATER, **narrowed):
    """The measures as read with the summary, then with it switched off (plain)."""
    summed = gmina_measures(programme, as_of=as_of, reach=True, groups=True, **narrowed)
    state = MeasuresState.objects.get(programme=programme)
    MeasuresState.objects.filter(pk=state.pk).update(built_at=None)
    plain = gmina_measures(programme, as_of=as_of, reach=True, groups=True, **narrowed)
    MeasuresState.objects.filter(pk=state.pk).update(built_at=state.built_at)
    return summed, plain


def assert_summary_is_plain(world):
    assert rows(world.programme) == plain_rows(world.programme)
    summed, plain = read_both(world.programme)
    assert summed == plain


def accepted_partial(world, contract):
    partial = contract_services.submit_report(
        actor=world.people.provider,
        report=contract.reports.get(kind="partial"),
        values=report_input(world),
        lock_version=1,
    )
    return contract_services.accept_report(actor=world.people.coordinator, report=partial)


def paid_advance(world, contract=None, paid_on=PAID_ON):
    payment = payments.record_payment(
        actor=world.people.coordinator, contract=contract or world.contract, data=advance_input()
    )
    return payments.approve_payment(actor=world.people.finance, payment=payment, paid_on=paid_on)


def test_the_build_writes_a_row_per_gmina_with_a_figure(world):
    assert rows(world.programme) == {
        world.gmina.pk: (
            VALUE,
            Decimal("1549.80"),
            Decimal("0.00"),
            None,
            0,
            {"OS": 1},
        )
    }
    assert MeasuresState.objects.get(programme=world.programme).built_at is not None
    assert_summary_is_plain(world)


def test_signing_a_contract_refreshes_its_gmina(world):
    club = contract_services.sign_contract(
        actor=world.people.coordinator,
        offer=selected_offer(world, lot_index=1, total=Decimal("5000.00")),
        terms=contract_terms(world, value=Decimal("5000.00"), service=world.club),
    )
    assert rows(world.programme)[world.gmina.pk][0] == VALUE + club.value_pln
    assert_summary_is_plain(world)


def test_an_annex_refreshes_the_committed_money(world):
    value = Decimal("7000.00")
    contract_services.amend_contract(
        actor=world.people.coordinator,
        contract=world.contract,
        terms=contract_terms(
            world,
            value=value,
            number=world.contract.number,
            instalments=(InstalmentInput(dt.date(2007, 6, 15), value),),
        ),
        reason="Więcej godzin opieki",
        lock_version=1,
    )
    assert rows(world.programme)[world.gmina.pk][0] == value
    assert_summary_is_plain(world)


def test_terminating_a_contract_frees_its_money_and_groups(world):
    contract_services.terminate_contract(
        actor=world.people.coordinator,
        contract=world.contract,
        terminated_on=dt.date(2007, 7, 1),
        reason="Rezygnacja",
    )
    assert rows(world.programme) == {}  # nothing left to show
    assert_summary_is_plain(world)


def test_accepting_a_report_counts_its_people(world):
    accepted_partial(world, world.contract)
    assert rows(world.programme)[world.gmina.pk][4] == 16
    assert_summary_is_plain(world)


def test_a_payment_counts_as_paid_with_its_day(world):
    receive(world, VALUE)
    paid_advance(world)
    assert rows(world.programme)[world.gmina.pk][2:4] == (ADVANCE, PAID_ON)
    assert_summary_is_plain(world)


def test_a_day_before_the_last_payment_reads_the_plain_sum_and_is_right(world):
    receive(world, VALUE)
    paid_advance(world)
    before, on_the_day = PAID_ON - dt.timedelta(days=1), PAID_ON
    for day, paid in ((before, Decimal("0.00")), (on_the_day, ADVANCE)):
        summed, plain = read_both(world.programme, as_of=day)
        assert summed == plain
        assert summed.paid_source == LEDGER
        assert summed.by_gmina[world.gmina.pk].paid_pln == paid


def test_the_summary_reads_neither_reach_nor_the_ledgers_entries(world):
    receive(world, VALUE)
    paid_advance(world)
    with CaptureQueriesContext(connection) as summed:
        gmina_measures(world.programme, as_of=LATER, reach=True, groups=True)
    MeasuresState.objects.update(built_at=None)
    with CaptureQueriesContext(connection) as plain:
        gmina_measures(world.programme, as_of=LATER, reach=True, groups=True)
    tables = " ".join(q["sql"] for q in summed.captured_queries)
    assert ReportReach._meta.db_table not in tables and "finance_entry" not in tables
    # The allocation, the two sources (summary built? ledger?) in one, the rows: whatever the
    # number of gminas.
    assert len(summed.captured_queries) == 3
    assert len(plain.captured_queries) == 7


def test_the_boards_narrowed_read_equals_plain(world, small_tree):
    receive(world, VALUE)
    paid_advance(world)
    for gminas in ([world.gmina], [world.gmina, small_tree["1001033"]], [small_tree["0601022"]]):
        summed, plain = read_both(
            world.programme,
            as_of=PAID_ON,
            gmina_ids=[g.pk for g in gminas],
            teryts=[g.teryt for g in gminas],
        )
        assert summed == plain


def test_a_programme_without_a_built_summary_reads_plain_and_refreshes_nothing(
    personas, small_tree
):
    world = payment_world(personas, small_tree)
    assert not GminaMeasures.objects.exists()  # no state: the signing wrote no row
    # Rows of a build that never finished are never read.
    MeasuresState.objects.create(programme=world.programme)
    GminaMeasures.objects.create(
        programme=world.programme, gmina=world.gmina, committed_pln=1, committed_eur=1
    )
    measures = gmina_measures(world.programme, as_of=LATER)
    assert measures.by_gmina[world.gmina.pk].committed_pln == VALUE


def test_the_build_equals_plain_on_a_fuller_world(personas, small_tree):
    world = payment_world(personas, small_tree)
    # Rows written before the summary existed (as bulk paths and older data do).
    terminated = make_contract(world, value=Decimal("1000.00"), service=world.club)
    terminated.status = "terminated"
    terminated.save()
    make_contract(world, value=Decimal("3000.00"), service=world.club)
    club = contract_services.sign_contract(
        actor=world.people.coordinator,
        offer=selected_offer(world, lot_index=1),
        terms=contract_terms(world, service=world.club),
    )
    accepted_partial(world, world.contract)
    accepted_partial(world, club)
    receive(world, VALUE * 2)
    paid_advance(world)
    paid_advance(world, club, paid_on=dt.date(2007, 10, 2))
    assert not GminaMeasures.objects.exists()

    assert summaries.build(world.programme) == 1
    assert rows(world.programme)[world.gmina.pk][2:5] == (
        ADVANCE * 2,
        dt.date(2007, 10, 2),
        32,
    )
    assert_summary_is_plain(world)
    assert summaries.build(world.programme) == 1  # again: the same rows
    assert_summary_is_plain(world)


def test_the_command_builds_every_programme_or_the_missing_or_one(personas, small_tree):
    world = payment_world(personas, small_tree)
    out = StringIO()
    call_command("refresh_map_measures", "--missing", stdout=out)
    assert out.getvalue().startswith("PIS: 1 gminas summed in ")
    out = StringIO()
    call_command("refresh_map_measures", "--missing", stdout=out)
    assert out.getvalue() == "Nothing to build: every summary is built.\n"
    out = StringIO()
    call_command("refresh_map_measures", "--programme", "PIS", stdout=out)
    assert out.getvalue().startswith("PIS: 1 gminas")
    assert rows(world.programme) == plain_rows(world.programme)


def test_the_command_refuses_an_unknown_programme(db):
    with pytest.raises(CommandError, match=r"No programme has the code XYZ\."):
        call_command("refresh_map_measures", "--programme", "XYZ")
    assert not MeasuresState.objects.exists()
