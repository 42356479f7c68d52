"""The annual settlement: figures from the ledger (per line, planned service and target group),
the gmina submits, regional finance returns with comments or accepts, the accepted settlement
is locked and keeps its figures; corrections come as postings in a later year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied

from integra.audit.models import AuditEvent
from integra.finance import rules
from integra.finance.models import Settlement, SettlementRefused
from integra.finance.selectors.settlement import (
    SettlementFigures,
    ledger_moved_since,
    settled_until,
    settlement_figures,
    shown_figures,
    shown_totals,
)
from integra.finance.services import settlement as services
from integra.finance.services.components import EditConflict
from integra.finance.tests.factories import post_payment

pytestmark = pytest.mark.django_db
D = Decimal


def test_the_figures_of_a_year_come_from_the_ledger(settlement_world):
    world = settlement_world
    figures = settlement_figures(programme=world.programme, gmina=world.gmina, year=2007)
    assert (figures.opening_pln, figures.received_pln, figures.spent_pln) == (
        D("0"),
        D("40000.00"),
        D("13000.00"),
    )
    assert figures.received_eur == D("9950.00")  # 10,000 EUR less the exchange difference
    assert figures.exchange_eur == D("-50.00")
    assert figures.closing_pln == D("27000.00")
    assert figures.other_pln == 0
    assert figures.average_rate == D("4.0201")  # 40,000 PLN / 9,950 EUR
    services, training = figures.lines
    assert (services.received_eur, training.received_eur) == (D("9090.91"), D("909.09"))
    assert services.received_pln + training.received_pln == D("40000.00")
    assert services.received_pln == D("36363.64")
    assert (services.spent_pln, training.spent_pln) == (D("13000.00"), D("0"))
    by_title = {s.title: s for s in figures.services}
    care = by_title[world.care.title]
    club = by_title[world.club.title]
    assert (care.planned_pln, care.contracted_pln, care.spent_pln) == (
        D("8000.00"),
        D("6000.00"),
        D("3000.00"),
    )
    assert (club.spent_pln, club.groups) == (D("10000.00"), ["DM"])
    assert {g.group: g.spent_pln for g in figures.groups} == {
        "DM": D("10000.00"),
        "OS": D("3000.00"),
    }
    assert care.spent_eur == (D("3000") / D("4.0201")).quantize(D("0.01"))


def test_the_next_year_opens_with_the_rest(settlement_world):
    world = settlement_world
    figures = settlement_figures(programme=world.programme, gmina=world.gmina, year=2008)
    assert (figures.opening_pln, figures.received_pln, figures.spent_pln) == (
        D("27000.00"),
        D("0"),
        D("5000.00"),
    )
    assert figures.closing_pln == D("22000.00")


def test_the_figures_survive_their_json(settlement_world):
    world = settlement_world
    figures = settlement_figures(programme=world.programme, gmina=world.gmina, year=2007)
    assert SettlementFigures.from_json(figures.to_json()) == figures


def test_a_list_reads_the_totals_of_every_settlement_at_once(
    settlement_world, django_assert_num_queries
):
    world = settlement_world
    listed = [
        Settlement.objects.create(
            programme=world.programme, gmina=world.gmina, year=year, created_by_label="test"
        )
        for year in (2007, 2008)
    ]
    kept = Settlement.objects.create(
        programme=world.programme, gmina=world.neighbour_gmina, year=2007, created_by_label="t"
    )
    kept.figures = settlement_figures(
        programme=world.programme, gmina=world.gmina, year=2008
    ).to_json()
    listed.append(kept)

    with django_assert_num_queries(1):
        totals = shown_totals(listed)

    for settlement in listed:
        figures = shown_figures(settlement)
        expected = (figures.received_pln, figures.spent_pln, figures.closing_pln)
        found = totals[settlement.pk]
        assert (found.received_pln, found.spent_pln, found.closing_pln) == expected
    assert (totals[listed[0].pk].received_pln, totals[listed[1].pk].spent_pln) == (
        D("40000.00"),
        D("5000.00"),
    )


def test_submitted_returned_fixed_and_accepted(settlement_world, personas):
    world = settlement_world
    people = personas
    settlement = services.prepare_settlement(
        actor=people.coordinator, programme=world.programme, gmina=world.gmina, year=2007
    )
    assert (settlement.status, settlement.disposition) == ("draft", "carry_over")
    settlement = services.submit_settlement(
        actor=people.coordinator, settlement=settlement, lock_version=settlement.lock_version
    )
    with pytest.raises(services.SettlementInvalid) as refusal:
        services.return_settlement(actor=people.finance, settlement=settlement, comment="  ")
    assert refusal.value.by_field()["comment"]
    settlement = services.return_settlement(
        actor=people.finance, settlement=settlement, comment="Proszę wyjaśnić niewydaną resztę."
    )
    assert settlement.status == "returned"
    settlement = services.update_settlement(
        actor=people.coordinator,
        settlement=settlement,
        data=rules.SettlementInput(disposition="return", explanation="Usługa skończyła się."),
        lock_version=settlement.lock_version,
    )
    settlement = services.submit_settlement(actor=people.coordinator, settlement=settlement)
    settlement = services.accept_settlement(actor=people.finance, settlement=settlement)
    assert settlement.status == "accepted" and settlement.is_locked
    assert settlement.figures["spent_pln"] == "13000.00"
    actions = list(
        AuditEvent.objects.filter(target_type="finance.settlement", target_id=str(settlement.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "finance.settlement.prepared",
        "finance.settlement.submitted",
        "finance.settlement.returned",
        "finance.settlement.updated",
        "finance.settlement.submitted",
        "finance.settlement.accepted",
    ]
    assert settled_until(programme=world.programme, teryt=world.gmina.teryt) == dt.date(
        2007, 12, 31
    )
    # Locked: no edit, no second decision.
    with pytest.raises(SettlementRefused):
        services.update_settlement(
            actor=people.coordinator,
            settlement=settlement,
            data=rules.SettlementInput(),
            lock_version=settlement.lock_version,
        )
    with pytest.raises(SettlementRefused):
        services.return_settlement(actor=people.finance, settlement=settlement, comment="Jeszcze")
    # A posting dated in the settled year leaves the kept figures as they were, and shows.
    post_payment(
        settlement_world.care_contract, pln="100.00", day=dt.date(2007, 12, 20), key="late"
    )
    assert shown_figures(settlement).spent_pln == D("13000.00")
    assert ledger_moved_since(settlement)


def test_a_stale_edit_is_refused(settlement_world, personas):
    world = settlement_world
    settlement = services.prepare_settlement(
        actor=personas.coordinator, programme=world.programme, gmina=world.gmina, year=2007
    )
    services.update_settlement(
        actor=personas.coordinator,
        settlement=settlement,
        data=rules.SettlementInput(explanation="Pierwsza"),
        lock_version=1,
    )
    with pytest.raises(EditConflict):
        services.update_settlement(
            actor=personas.coordinator,
            settlement=settlement,
            data=rules.SettlementInput(explanation="Druga"),
            lock_version=1,
        )
    assert Settlement.objects.get().explanation == "Pierwsza"


def test_bad_input_writes_nothing(settlement_world, personas):
    world = settlement_world
    with pytest.raises(services.SettlementInvalid) as refusal:
        services.prepare_settlement(
            actor=personas.coordinator,
            programme=world.programme,
            gmina=world.gmina,
            year=2007,
            data=rules.SettlementInput(disposition="spend", explanation="x" * 3000),
        )
    assert set(refusal.value.by_field()) == {"disposition", "explanation"}
    with pytest.raises(services.SettlementInvalid):
        services.prepare_settlement(
            actor=personas.coordinator, programme=world.programme, gmina=world.gmina, year=2999
        )
    assert not Settlement.objects.exists()


def test_one_settlement_a_year(settlement_world, personas):
    world = settlement_world
    services.prepare_settlement(
        actor=personas.coordinator, programme=world.programme, gmina=world.gmina, year=2007
    )
    with pytest.raises(services.SettlementNotAllowed):
        services.prepare_settlement(
            actor=personas.coordinator, programme=world.programme, gmina=world.gmina, year=2007
        )


def test_rights(settlement_world, personas):
    world = settlement_world
    with pytest.raises(PermissionDenied):
        services.prepare_settlement(
            actor=personas.viewer, programme=world.programme, gmina=world.gmina, year=2007
        )
    with pytest.raises(PermissionDenied):
        services.prepare_settlement(
            actor=personas.finance, programme=world.programme, gmina=world.gmina, year=2007
        )
    with pytest.raises(ObjectDoesNotExist):
        services.prepare_settlement(
            actor=personas.coordinator_lublin,
            programme=world.programme,
            gmina=world.gmina,
            year=2007,
        )
    settlement = services.prepare_settlement(
        actor=personas.coordinator, programme=world.programme, gmina=world.gmina, year=2007
    )
    with pytest.raises(ObjectDoesNotExist):  # another gmina's coordinator does not see it
        services.submit_settlement(actor=personas.neighbour, settlement=settlement)
    with pytest.raises(PermissionDenied):
        services.submit_settlement(actor=personas.viewer, settlement=settlement)
    settlement = services.submit_settlement(actor=personas.coordinator, settlement=settlement)
    with pytest.raises(PermissionDenied):
        services.accept_settlement(actor=personas.coordinator, settlement=settlement)
    with pytest.raises(PermissionDenied):
        services.accept_settlement(actor=personas.officer, settlement=settlement)
    with pytest.raises(ObjectDoesNotExist):
        services.accept_settlement(actor=personas.coordinator_lublin, settlement=settlement)


def test_apportion_keeps_every_cent():
    assert rules.apportion(D("100.00"), [D("1"), D("1"), D("1")]) == [
        D("33.34"),
        D("33.33"),
        D("33.33"),
    ]
    assert rules.apportion(D("-10.00"), [D("3"), D("1")]) == [D("-7.50"), D("-2.50")]
    assert rules.apportion(D("5.00"), [D("0"), D("0")]) == [D("5.00"), D("0.00")]
    assert sum(rules.apportion(D("40000.00"), [D("9090.91"), D("909.09")])) == D("40000.00")
