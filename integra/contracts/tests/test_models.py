"""The database keeps what the services promise even against a direct write: one selected offer
per service, contract numbers unique in a gmina, a direct selection justified; and each document
is visible only within its scope (a provider user sees only their own offers and contracts)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from integra.contracts import models
from integra.contracts.tests.factories import make_contract, make_offer, make_round

pytestmark = pytest.mark.django_db


def refused(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def test_one_selected_offer_per_service(world):
    round_ = make_round(world, status="evaluated")
    make_offer(round_, world.own, status="selected")
    refused(lambda: make_offer(round_, world.other, status="selected"))


def test_one_offer_per_provider_and_service(world):
    round_ = make_round(world, status="published")
    make_offer(round_, world.own)
    refused(lambda: make_offer(round_, world.own))


def test_a_rejected_offer_states_its_reasons(world):
    round_ = make_round(world, status="published")
    refused(lambda: make_offer(round_, world.own, status="rejected"))


def test_criteria_weights_stay_within_1_to_100(world):
    round_ = make_round(world)
    refused(lambda: models.Criterion.objects.create(round=round_, name="Zero", weight=0))


def test_the_meeting_comes_before_the_deadline(world):
    round_ = make_round(world)
    refused(lambda: make_round(world, meeting_at=round_.deadline_at))


def test_contract_numbers_are_unique_in_the_gmina(world):
    contract = make_contract(world)
    refused(lambda: make_contract(world, number=contract.number))
    make_contract(world, number=contract.number, gmina=world.neighbour_gmina)


def test_a_direct_selection_is_justified(world):
    refused(lambda: make_contract(world, direct_justification=""))


def test_a_document_eligible_amount_stays_within_its_amount(world):
    contract = make_contract(world)
    report = models.ProviderReport.objects.create(
        contract=contract, kind="final", number=1, due_on=contract.ends_on
    )
    cost = models.ReportCost.objects.create(
        report=report, name="Wynagrodzenia", budget_pln=Decimal("10"), spent_pln=Decimal("10")
    )
    refused(
        lambda: models.SupportingDocument.objects.create(
            cost=cost,
            number="FV/1",
            issued_on=contract.starts_on,
            issuer="Firma",
            amount_pln=Decimal("10"),
            eligible_pln=Decimal("10.01"),
        )
    )


def test_rounds_are_seen_within_scope_and_by_providers_once_published(world):
    planned = make_round(world)
    published = make_round(world, status="published")
    people = world.people
    rounds = models.ProcurementRound.objects
    assert set(rounds.visible_to(people.coordinator)) == {planned, published}
    assert set(rounds.visible_to(people.officer)) == {planned, published}
    assert set(rounds.visible_to(people.neighbour)) == set()
    assert set(rounds.visible_to(people.officer_lublin)) == set()
    assert set(rounds.visible_to(people.provider)) == {published}
    assert set(rounds.public()) == {published}


def test_a_provider_user_sees_only_their_own_offers_in_the_same_round(world):
    round_ = make_round(world, status="published")
    own = make_offer(round_, world.own)
    theirs = make_offer(round_, world.other)
    offers = models.Offer.objects
    assert set(offers.visible_to(world.people.provider)) == {own}
    assert set(offers.visible_to(world.people.coordinator)) == {own, theirs}
    assert set(offers.visible_to(world.people.neighbour)) == set()


def test_a_provider_user_sees_only_their_own_contracts_and_reports(world):
    own = make_contract(world)
    theirs = make_contract(world, provider=world.other)
    for contract in (own, theirs):
        models.ProviderReport.objects.create(
            contract=contract, kind="final", number=1, due_on=contract.ends_on
        )
    assert set(models.Contract.objects.visible_to(world.people.provider)) == {own}
    assert set(models.Contract.objects.visible_to(world.people.analyst)) == {own, theirs}
    reports = models.ProviderReport.objects.visible_to(world.people.provider)
    assert [r.contract for r in reports] == [own]
    assert not models.Contract.objects.visible_to(world.people.coordinator_lublin).exists()
