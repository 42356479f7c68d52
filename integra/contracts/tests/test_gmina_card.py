"""The contracts' section of the gmina card (allocations' page, through `core.card`): per planned
service of the approved plan version the budget, the contracted amount after annexes and the
free amount — exactly what the money guard lets a contract take — with links to the contracts;
only for readers of the gmina; in a flat number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from integra.contracts import selectors, services
from integra.contracts.services import InstalmentInput
from integra.contracts.tests.factories import (
    CARE_PLN,
    CLUB_PLN,
    contract_terms,
    make_contract,
    selected_offer,
)

pytestmark = pytest.mark.django_db


def card_url(world) -> str:
    return reverse("allocations:gmina-card", args=[world.gmina.teryt])


def section_of(response) -> dict:
    found = [s for s in response.context["sections"] if s.key == "contracts"]
    return found[0].data if found else {}


def amended(world) -> object:
    """A contract of 6,199.20 PLN under the care service, lowered to 5,000.00 by an annex."""
    contract = services.sign_contract(
        actor=world.people.coordinator, offer=selected_offer(world), terms=contract_terms(world)
    )
    value = Decimal("5000.00")
    services.amend_contract(
        actor=world.people.coordinator,
        contract=contract,
        terms=contract_terms(
            world,
            value=value,
            number=contract.number,
            instalments=(InstalmentInput(dt.date(2007, 6, 15), value),),
        ),
        reason="Mniej godzin opieki",
        lock_version=contract.lock_version,
    )
    contract.refresh_from_db()
    return contract


def test_the_card_shows_contracted_and_free_per_planned_service_after_annexes(world, signed_in):
    contract = amended(world)
    club = make_contract(world, service=world.club, value=Decimal("12000.00"))
    make_contract(world, service=world.club, value=Decimal("4000.00"), status="terminated")
    response = signed_in(world.people.coordinator).get(card_url(world))
    assert response.status_code == 200
    (card,) = section_of(response)["plans"]
    figures = [
        (r.budget.service.title, r.budget.planned_pln, r.budget.contracted_pln, r.budget.free_pln)
        for r in card.rows
    ]
    assert figures == [
        (world.care.title, CARE_PLN, Decimal("5000.00"), Decimal("3000.00")),
        (world.club.title, CLUB_PLN, Decimal("12000.00"), Decimal("8000.00")),
    ]
    assert [r.contracts for r in card.rows] == [[contract], [club]]
    page = response.content.decode()
    for text in ("5,000.00", "3,000.00", "12,000.00", "8,000.00", "11,000.00"):
        assert text in page
    for linked in (contract, club):
        assert reverse("contracts:contract-detail", args=[linked.pk]) in page


def test_the_free_amount_is_what_the_money_guard_lets_a_contract_take(world, signed_in):
    amended(world)
    page = signed_in(world.people.coordinator).get(card_url(world))
    (card,) = section_of(page)["plans"]
    care = card.rows[0].budget
    guard = selectors.service_budgets(world.version.plan)
    assert [(b.key, b.contracted_pln, b.free_pln) for b in guard] == [
        (r.budget.key, r.budget.contracted_pln, r.budget.free_pln) for r in card.rows
    ]
    with pytest.raises(services.BudgetExceeded) as refused:
        services.sign_contract(
            actor=world.people.coordinator,
            offer=selected_offer(world),
            terms=contract_terms(world, value=care.free_pln + Decimal("0.01")),
        )
    assert "Only 3,000.00\xa0PLN is still free" in refused.value.by_field()["value_pln"][0]
    signed = services.sign_contract(
        actor=world.people.coordinator,
        offer=selected_offer(world),
        terms=contract_terms(world, value=care.free_pln),
    )
    assert signed.value_pln == care.free_pln


@pytest.mark.parametrize(
    ("name", "status", "shown"),
    [
        ("coordinator", 200, True),
        ("viewer", 200, True),
        ("consultant", 200, True),
        ("admin", 200, True),
        ("neighbour", 404, False),
        ("coordinator_lublin", 404, False),
        ("officer_lublin", 404, False),
    ],
)
def test_a_gmina_sees_only_its_own_card(world, signed_in, name, status, shown):
    make_contract(world, value=Decimal("1000.00"))
    response = signed_in(getattr(world.people, name)).get(card_url(world))
    assert response.status_code == status
    if status == 200:
        assert bool(section_of(response)) is shown
        assert ("Contracted and free amounts" in response.content.decode()) is shown


def test_the_card_reads_in_a_flat_number_of_queries(world, signed_in):
    client = signed_in(world.people.coordinator)
    make_contract(world, value=Decimal("1000.00"))
    client.get(card_url(world))  # warm the session and the caches
    with CaptureQueriesContext(connection) as one:
        client.get(card_url(world))
    for value in ("500.00", "600.00", "700.00"):
        make_contract(world, value=Decimal(value))
        make_contract(world, service=world.club, value=Decimal(value))
    with CaptureQueriesContext(connection) as many:
        response = client.get(card_url(world))
    assert len(section_of(response)["plans"][0].rows[0].contracts) == 4
    assert len(many) == len(one)


def test_a_gmina_without_an_approved_plan_says_so(world, signed_in, small_tree):
    client = signed_in(world.people.neighbour)
    response = client.get(reverse("allocations:gmina-card", args=["1001033"]))
    assert response.status_code == 200
    assert section_of(response) == {"plans": []}
    assert "No Action Plan of the gmina has an approved version yet." in response.content.decode()
