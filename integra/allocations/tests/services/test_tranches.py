"""Tranches: the default schedule on publishing (sums exact), editing planned tranches, recording
a transfer at the NBP rate (the published PIS conversion), every refusal with the database
unchanged, and what a gmina's allocation reads back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given
from hypothesis import strategies as st

from integra.allocations import selectors, services
from integra.allocations.models import AllocationRun, Tranche
from integra.allocations.rules import split_evenly
from integra.allocations.tests.factories import AMOUNTS, TRANSFER_ON, draft_run
from integra.audit.models import AuditEvent
from integra.core.actors import SystemActor
from integra.programmes.selectors import RateMissing

pytestmark = pytest.mark.django_db


def tranches_of(run, teryt: str) -> list[Tranche]:
    return list(Tranche.objects.filter(result__run=run, gmina__teryt=teryt).order_by("number"))


def amounts(tranches) -> list[Decimal]:
    return [t.amount_eur for t in tranches]


def result_of(run, teryt: str):
    return run.results.select_related("run", "gmina").get(gmina__teryt=teryt)


def as_seen(run, teryt: str) -> dict:
    """The gmina's result and the lock_version an editor loading it now would state."""
    result = result_of(run, teryt)
    return {"result": result, "lock_version": result.lock_version}


def snapshot(run) -> list[tuple]:
    return list(
        Tranche.objects.filter(result__run=run)
        .order_by("pk")
        .values_list("amount_eur", "status", "amount_pln", "rate", "eur_equivalent")
    )


# The default schedule ---------------------------------------------------------------------------


def test_publishing_schedules_three_annual_tranches_of_both_lines(published):
    # 135,200 EUR + 10% training line = 148,720 EUR in three tranches, the last one absorbing.
    tranches = tranches_of(published, "1001022")

    assert [(t.number, t.year) for t in tranches] == [(1, 2008), (2, 2009), (3, 2010)]
    assert amounts(tranches) == [Decimal("49573.33"), Decimal("49573.33"), Decimal("49573.34")]
    assert {t.status for t in tranches} == {Tranche.Status.PLANNED}
    for teryt, amount in AMOUNTS.items():
        assert sum(amounts(tranches_of(published, teryt))) == amount * Decimal("1.1")
    event = AuditEvent.objects.get(action="allocations.allocation_run.published")
    assert event.changes["tranches"] == 9


def test_a_draft_has_no_tranches(pis):
    run = draft_run(pis)
    assert not Tranche.objects.filter(result__run=run).exists()


@given(
    total=st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False),
    count=st.integers(min_value=1, max_value=12),
)
def test_an_even_split_sums_exactly_and_only_the_last_part_differs(total, count):
    parts = split_evenly(total, count)

    assert sum(parts) == total
    assert len(parts) == count and len(set(parts[:-1])) <= 1
    assert all(part == part.quantize(Decimal("0.01")) and part >= 0 for part in parts)
    assert Decimal(0) <= parts[-1] - parts[0] < Decimal("0.01") * count


def test_publishing_another_run_is_refused_once_money_has_been_transferred(
    personas, published, nbp_rate, pis
):
    services.record_transfer(
        actor=personas.finance,
        tranche=tranches_of(published, "1001022")[0],
        amount_pln=Decimal("100000.00"),
        transferred_on=TRANSFER_ON,
    )
    other = draft_run(pis)

    with pytest.raises(services.TrancheTransferred, match="amendment"):
        services.publish_run(actor=personas.admin, run=other)

    other.refresh_from_db()
    assert other.status == AllocationRun.Status.DRAFT


# Editing planned tranches -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["officer", "admin"])
def test_the_regional_officer_or_the_ministry_edits_planned_tranches(personas, published, name):
    result = result_of(published, "1001022")

    tranches = services.update_tranches(
        actor=getattr(personas, name),
        result=result,
        lock_version=result.lock_version,
        amounts={1: Decimal("135200.00"), 2: Decimal("13520.00"), 3: Decimal("0")},
    )

    assert amounts(tranches) == [Decimal("135200.00"), Decimal("13520.00"), Decimal("0")]
    assert amounts(tranches_of(published, "1001022")) == amounts(tranches)
    event = AuditEvent.objects.get(action="allocations.tranche.rescheduled")
    assert (event.target_type, event.territory_teryt) == ("territories.territory", "1001022")
    assert event.changes["before"]["1"] == "49573.33"
    assert event.changes["after"]["1"] == "135200.00"


def test_the_later_of_two_tabs_is_refused_instead_of_overwriting(personas, published):
    first_tab, second_tab = as_seen(published, "1001022"), as_seen(published, "1001022")
    services.update_tranches(
        actor=personas.officer,
        amounts={1: Decimal("135200.00"), 2: Decimal("13520.00"), 3: Decimal("0")},
        **first_tab,
    )
    before = snapshot(published)

    with pytest.raises(services.AllocationEditConflict, match="version 1, now 2") as refusal:
        services.update_tranches(
            actor=personas.admin,
            amounts={1: Decimal("0"), 2: Decimal("0"), 3: Decimal("148720.00")},
            **second_tab,
        )

    assert refusal.value.status == 409 and refusal.value.current == 2
    assert snapshot(published) == before
    assert AuditEvent.objects.filter(action="allocations.tranche.rescheduled").count() == 1


def test_a_transfer_or_an_amendment_since_loading_refuses_the_schedule(
    personas, published, nbp_rate
):
    loaded = as_seen(published, "1001022")
    services.record_transfer(
        actor=personas.finance,
        tranche=tranches_of(published, "1001022")[0],
        amount_pln=Decimal("177979.27"),
        transferred_on=TRANSFER_ON,
    )

    with pytest.raises(services.AllocationEditConflict):
        services.update_tranches(
            actor=personas.officer,
            amounts={2: Decimal("99146.67"), 3: Decimal("0")},
            **loaded,
        )

    assert amounts(tranches_of(published, "1001022"))[1:] == [
        Decimal("49573.33"),
        Decimal("49573.34"),
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({1: "50000"}, "tranches", "sum to 149146.67 EUR, not to"),
        ({4: "1"}, "tranches", "No tranche numbered 4"),
        ({1: "-1", 3: "99147.67"}, "tranches.1", "non-negative"),
        ({1: "49573.333"}, "tranches.1", "in cents"),
    ],
)
def test_refuses_a_schedule_that_does_not_fit(personas, published, changes, field, message):
    before = snapshot(published)

    with pytest.raises(services.TrancheScheduleInvalid) as refusal:
        services.update_tranches(
            actor=personas.officer,
            **as_seen(published, "1001022"),
            amounts={number: Decimal(value) for number, value in changes.items()},
        )

    (problem,) = refusal.value.by_field()[field]
    assert message in problem
    assert snapshot(published) == before
    assert not AuditEvent.objects.filter(action="allocations.tranche.rescheduled").exists()


@pytest.mark.parametrize("name", ["officer_lublin", "consultant", "finance", "coordinator"])
def test_only_the_officer_of_the_voivodeship_edits_tranches(personas, published, name):
    before = snapshot(published)

    with pytest.raises(PermissionDenied):
        services.update_tranches(
            actor=getattr(personas, name),
            **as_seen(published, "1001022"),
            amounts={1: Decimal("49573.34"), 3: Decimal("49573.33")},
        )

    assert snapshot(published) == before


def test_a_transferred_tranche_cannot_change(personas, published, nbp_rate):
    first = tranches_of(published, "1001022")[0]
    services.record_transfer(
        actor=personas.finance,
        tranche=first,
        amount_pln=Decimal("177979.27"),
        transferred_on=TRANSFER_ON,
    )
    before = snapshot(published)

    with pytest.raises(services.TrancheTransferred, match="Tranche 1 has been transferred"):
        services.update_tranches(
            actor=personas.officer,
            **as_seen(published, "1001022"),
            amounts={1: Decimal("49573.34"), 3: Decimal("49573.33")},
        )

    assert snapshot(published) == before
    # Sending the transferred tranche unchanged with the others is fine.
    services.update_tranches(
        actor=personas.officer,
        **as_seen(published, "1001022"),
        amounts={1: first.amount_eur, 2: Decimal("99146.67"), 3: Decimal("0")},
    )


def test_the_tranches_of_a_superseded_run_are_frozen(personas, published, pis):
    services.publish_run(actor=SystemActor("test"), run=draft_run(pis))

    with pytest.raises(services.AllocationRunNotPublished):
        services.update_tranches(
            actor=personas.officer,
            **as_seen(published, "1001022"),
            amounts={1: Decimal("49573.34"), 3: Decimal("49573.33")},
        )


# Transfers --------------------------------------------------------------------------------------


def test_a_transfer_is_converted_at_the_nbp_rate_of_the_business_day_before(
    personas, published, nbp_rate
):
    services.update_tranches(
        actor=personas.officer,
        **as_seen(published, "1001022"),
        amounts={1: Decimal("135200.00"), 2: Decimal("13520.00"), 3: Decimal("0")},
    )
    first = tranches_of(published, "1001022")[0]

    tranche = services.record_transfer(
        actor=personas.finance,
        tranche=first,
        amount_pln=Decimal("485395.04"),
        transferred_on=TRANSFER_ON,
    )

    tranche.refresh_from_db()
    assert tranche.status == Tranche.Status.TRANSFERRED
    assert (tranche.transferred_on, tranche.amount_pln) == (TRANSFER_ON, Decimal("485395.04"))
    assert tranche.rate == Decimal("3.5902")
    assert (tranche.rate_table_no, tranche.rate_table_on) == (
        "033/A/NBP/2008",
        dt.date(2008, 2, 15),
    )
    assert tranche.rate_source == "NBP-A"
    assert tranche.eur_equivalent == Decimal("135200.00")
    event = AuditEvent.objects.get(action="allocations.tranche.transferred")
    assert event.territory_teryt == "1001022"
    assert event.changes["rate_table_no"] == "033/A/NBP/2008"
    assert event.changes["eur_equivalent"] == "135200.00"


def test_a_missing_rate_refuses_the_transfer_without_a_fallback(personas, published, nbp_rate):
    before = snapshot(published)

    with pytest.raises(RateMissing, match="2009-06-01"):
        services.record_transfer(
            actor=personas.finance,
            tranche=tranches_of(published, "1001022")[1],
            amount_pln=Decimal("100000"),
            transferred_on=dt.date(2009, 6, 1),
        )

    assert snapshot(published) == before
    assert not AuditEvent.objects.filter(action="allocations.tranche.transferred").exists()


@pytest.mark.parametrize("amount", ["0", "-5", "10.001"])
def test_refuses_an_amount_that_is_no_sum_in_grosze(personas, published, nbp_rate, amount):
    before = snapshot(published)

    with pytest.raises(services.TransferInvalid):
        services.record_transfer(
            actor=personas.finance,
            tranche=tranches_of(published, "1001022")[0],
            amount_pln=Decimal(amount),
            transferred_on=TRANSFER_ON,
        )

    assert snapshot(published) == before


def test_refuses_to_record_a_transfer_twice(personas, published, nbp_rate):
    first = tranches_of(published, "1001022")[0]
    services.record_transfer(
        actor=personas.admin, tranche=first, amount_pln=Decimal("1.00"), transferred_on=TRANSFER_ON
    )

    with pytest.raises(services.TrancheTransferred, match="already transferred on 2008-02-18"):
        services.record_transfer(
            actor=personas.finance,
            tranche=first,
            amount_pln=Decimal("2.00"),
            transferred_on=TRANSFER_ON,
        )

    first.refresh_from_db()
    assert first.amount_pln == Decimal("1.00")


@pytest.mark.parametrize(
    ("name", "teryt"),
    [("finance", "0601022"), ("officer", "1001022"), ("analyst", "1001022"), ("viewer", "1001022")],
)
def test_only_the_finance_officer_of_the_voivodeship_records_transfers(
    personas, published, nbp_rate, name, teryt
):
    before = snapshot(published)

    with pytest.raises(PermissionDenied):
        services.record_transfer(
            actor=getattr(personas, name),
            tranche=tranches_of(published, teryt)[0],
            amount_pln=Decimal("1.00"),
            transferred_on=TRANSFER_ON,
        )

    assert snapshot(published) == before


# Reading a gmina's allocation -------------------------------------------------------------------


def test_the_gmina_allocation_shows_lines_tranches_and_what_was_received(
    personas, published, pis, small_tree, nbp_rate
):
    services.record_transfer(
        actor=personas.finance,
        tranche=tranches_of(published, "1001022")[0],
        amount_pln=Decimal("177979.27"),  # 49,573.33 EUR × 3.5902 would be 177,978.17
        transferred_on=TRANSFER_ON,
    )

    allocation = selectors.gmina_allocation(pis, small_tree["1001022"])

    assert allocation.amount_eur == Decimal("135200")
    assert (allocation.lines.services, allocation.lines.training) == (
        Decimal("135200"),
        Decimal("13520.00"),
    )
    assert allocation.lines.total == Decimal("148720.00")
    assert [t.status for t in allocation.tranches] == ["transferred", "planned", "planned"]
    assert allocation.received.pln == Decimal("177979.27")
    assert allocation.received.eur_equivalent == Decimal("49573.64")
    assert allocation.received.exchange_difference_eur == Decimal("0.31")
    assert allocation.to_transfer_eur == Decimal("99146.67")
    assert selectors.published_lines(pis, small_tree["1001022"]) == allocation.lines


def test_without_a_published_run_there_is_no_gmina_allocation(pis, small_tree):
    draft_run(pis)
    assert selectors.gmina_allocation(pis, small_tree["1001022"]) is None
    assert selectors.published_lines(pis, small_tree["1001022"]) is None


def test_the_card_selector_reads_every_programme_in_a_few_queries(
    published, small_tree, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        allocations = selectors.gmina_allocations(small_tree["1001022"])
        assert [len(a.tranches) for a in allocations] == [3]
