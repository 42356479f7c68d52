"""Contracts through the services: signed from the selected offer or by direct selection after a
failed round, never over what is free under the planned service or the allocation line (refused
with the free amount, nothing written), annexes kept field by field, and the contract's states."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from integra.audit.models import AuditEvent
from integra.contracts import services
from integra.contracts.models import Contract, ContractSettings, ProviderReport
from integra.contracts.services import InstalmentInput, ShareInput
from integra.contracts.tests.factories import (
    CARE_PLN,
    contract_terms,
    make_contract,
    make_round,
    selected_offer,
)
from integra.core.errors import RulesBroken

pytestmark = pytest.mark.django_db


def state():
    return (
        list(Contract.objects.values()),
        ProviderReport.objects.count(),
        AuditEvent.objects.count(),
    )


def signed(world, offer=None, **overrides):
    offer = offer or selected_offer(world)
    return services.sign_contract(
        actor=world.people.coordinator, offer=offer, terms=contract_terms(world, **overrides)
    )


def test_a_contract_is_signed_from_the_selected_offer(world):
    contract = signed(world)
    assert (contract.status, contract.provider, contract.value_pln) == (
        "signed",
        world.own,
        Decimal("6199.20"),
    )
    share = contract.services.get()
    assert (share.service_key, share.amount_pln, share.amount_eur) == (
        world.care.key,
        Decimal("6199.20"),
        Decimal("1549.80"),
    )
    assert [(r.kind, r.status) for r in contract.reports.all()] == [
        ("partial", "due"),
        ("final", "due"),
    ]
    assert contract.instalments.filter(is_advance=True).get().amount_pln == Decimal("1859.76")
    assert AuditEvent.objects.filter(action="contracts.contract.signed").count() == 1


def test_a_contract_over_the_free_amount_is_refused_naming_it_and_nothing_is_written(world):
    make_contract(world, value=Decimal("3000.00"))
    before = state()
    with pytest.raises(services.BudgetExceeded) as refused:
        signed(world, value=Decimal("5000.01"))
    assert refused.value.by_field() == {
        "value_pln": [f"Only 5,000.00\xa0PLN is still free under “{world.care.title}”."]
    }
    assert state() == before
    assert signed(world, value=Decimal("5000.00")).value_pln == Decimal("5000.00")


def test_the_gminas_allocation_line_caps_the_contracts_too(world):
    from integra.allocations.models import AllocationResult

    # 500 EUR of allocation left: 2,000 PLN at 4.0000.
    AllocationResult.objects.filter(gmina=world.gmina).update(amount_eur=Decimal("500"))
    with pytest.raises(services.BudgetExceeded) as refused:
        signed(world, value=Decimal("2000.04"))
    assert refused.value.by_field() == {
        "value_pln": ["Only 500.00\xa0EUR of the gmina's services line is still free."]
    }


def test_a_terminated_contract_frees_its_money(world):
    first = make_contract(world, value=CARE_PLN)
    with pytest.raises(services.BudgetExceeded):
        signed(world, value=Decimal("1.00"))
    services.terminate_contract(
        actor=world.people.coordinator,
        contract=first,
        terminated_on=dt.date(2007, 7, 1),
        reason="Rezygnacja",
    )
    assert signed(world, value=Decimal("1.00")).status == "signed"


def test_direct_selection_after_a_failed_round_needs_a_justification(world):
    failed = make_round(world, status="cancelled", cancel_reason="Brak ważnych ofert")
    terms = contract_terms(world)
    with pytest.raises(RulesBroken) as refused:
        services.sign_contract(
            actor=world.people.coordinator, failed_round=failed, provider=world.other, terms=terms
        )
    assert list(refused.value.by_field()) == ["justification"]
    contract = services.sign_contract(
        actor=world.people.coordinator,
        failed_round=failed,
        provider=world.other,
        terms=terms,
        justification="Jedyny usługodawca w gminie.",
    )
    assert (contract.is_direct, contract.failed_round) == (True, failed)


def test_a_round_still_running_allows_no_direct_selection(world):
    running = make_round(world, status="published")
    with pytest.raises(services.ContractNotAllowed):
        services.sign_contract(
            actor=world.people.coordinator,
            failed_round=running,
            provider=world.other,
            terms=contract_terms(world),
            justification="x",
        )


def test_a_contract_carries_only_its_offers_service(world):
    with pytest.raises(RulesBroken) as refused:
        signed(world, service=world.club)
    assert "shares.0" in refused.value.by_field()


def test_an_arrangement_only_with_the_gminas_own_unit(world):
    with pytest.raises(RulesBroken) as refused:
        signed(world, kind="arrangement")
    assert list(refused.value.by_field()) == ["kind"]
    offer = selected_offer(world, provider=world.school)
    assert signed(world, offer=offer, kind="arrangement").kind == "arrangement"


def test_the_advance_follows_the_programmes_setting(world):
    ContractSettings.objects.create(programme=world.programme, advance_max_percent=Decimal("20"))
    with pytest.raises(RulesBroken) as refused:
        signed(world)
    assert refused.value.by_field()["instalments"] == [
        "The advance may be at most 20% of the value."
    ]


def test_contract_numbers_are_unique_in_the_gmina(world):
    contract = signed(world, value=Decimal("100.00"))
    with pytest.raises(RulesBroken) as refused:
        signed(world, value=Decimal("100.00"), number=contract.number)
    assert list(refused.value.by_field()) == ["number"]


def test_only_the_gminas_coordinator_signs(world):
    offer = selected_offer(world)
    for person in (world.people.neighbour, world.people.officer, world.people.provider):
        with pytest.raises(PermissionDenied):
            services.sign_contract(actor=person, offer=offer, terms=contract_terms(world))
    assert not Contract.objects.exists()


def test_an_annex_keeps_every_changed_field_before_and_after(world):
    contract = signed(world)
    value = Decimal("7000.00")
    terms = contract_terms(
        world,
        value=value,
        number=contract.number,
        ends_on=dt.date(2008, 2, 28),
        instalments=(InstalmentInput(dt.date(2007, 6, 15), value),),
    )
    annex = services.amend_contract(
        actor=world.people.coordinator,
        contract=contract,
        terms=terms,
        reason="Więcej godzin opieki",
        lock_version=1,
    )
    assert annex.number == 1 and (annex.value_before_pln, annex.value_after_pln) == (
        Decimal("6199.20"),
        value,
    )
    assert set(annex.changes) == {"ends_on", "value_pln", "shares", "instalments"}
    assert annex.changes["value_pln"] == ["6199.20", "7000.00"]
    contract.refresh_from_db()
    assert (contract.value_pln, contract.lock_version) == (value, 2)


def test_an_annex_over_the_free_amount_is_refused_and_changes_nothing(world):
    contract = signed(world)
    make_contract(world, value=Decimal("1000.00"))
    before = state()
    too_much = Decimal("7000.81")  # 8,000 − 1,000 = 7,000.00 is free for this contract
    with pytest.raises(services.BudgetExceeded) as refused:
        services.amend_contract(
            actor=world.people.coordinator,
            contract=contract,
            lock_version=1,
            reason="Więcej",
            terms=contract_terms(
                world,
                value=too_much,
                number=contract.number,
                instalments=(InstalmentInput(dt.date(2007, 6, 15), too_much),),
            ),
        )
    assert "Only 7,000.00\xa0PLN is still free" in refused.value.by_field()["value_pln"][0]
    assert state() == before


def test_an_annex_from_a_stale_copy_or_changing_nothing_is_refused(world):
    contract = signed(world)
    same = contract_terms(world, number=contract.number)
    with pytest.raises(services.EditConflict):
        services.amend_contract(
            actor=world.people.coordinator,
            contract=contract,
            terms=same,
            reason="x",
            lock_version=0,
        )
    with pytest.raises(RulesBroken) as refused:
        services.amend_contract(
            actor=world.people.coordinator,
            contract=contract,
            terms=same,
            reason="Bez zmian",
            lock_version=1,
        )
    assert list(refused.value.by_field()) == ["reason"]


def test_the_contracts_states(world):
    contract = signed(world)
    actor = world.people.coordinator
    with pytest.raises(services.ContractStateInvalid):
        services.settle_contract(actor=actor, contract=contract)
    contract = services.start_delivery(actor=actor, contract=contract)
    assert contract.status == "in_delivery"
    with pytest.raises(RulesBroken):
        services.terminate_contract(
            actor=actor, contract=contract, terminated_on=dt.date(2007, 8, 1), reason=""
        )
    contract = services.terminate_contract(
        actor=actor, contract=contract, terminated_on=dt.date(2007, 8, 1), reason="Upadłość"
    )
    assert contract.status == "terminated"


def test_a_split_between_two_services_sums_to_the_value(world):
    failed = make_round(world, status="cancelled", cancel_reason="Brak ofert")
    shares = (
        ShareInput(world.care.key, Decimal("100.00")),
        ShareInput(world.club.key, Decimal("50.00")),
    )
    with pytest.raises(RulesBroken) as refused:
        services.sign_contract(
            actor=world.people.coordinator,
            failed_round=failed,
            provider=world.other,
            justification="Brak ofert",
            terms=contract_terms(world, value=Decimal("200.00"), shares=shares),
        )
    assert "shares" in refused.value.by_field()
