"""Commitments in the ledger: signing a contract commits its value on the contract's and the
planned service's accounts (PLN and EUR) in the same transaction; an annex posts the
difference; a termination releases what was not paid; a contract written around the service
is caught by verify_ledger and brought in by post_commitments (idempotent)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from integra.contracts import services as contract_services
from integra.contracts.services import InstalmentInput
from integra.contracts.tests.factories import contract_terms, make_contract, make_round
from integra.finance.models import Account, Transaction
from integra.finance.selectors import account_balances, contract_committed, verify
from integra.finance.services import payments
from integra.finance.services.commitments import post_commitments
from integra.finance.tests.payments_factories import (
    ADVANCE,
    PAID_ON,
    SYSTEM,
    VALUE,
    advance_input,
    payment_world,
    receive,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, small_tree):
    return payment_world(personas, small_tree)


def _service_accounts(world):
    return Account.objects.filter(
        kind=Account.Kind.PLANNED_SERVICE, reference__endswith=str(world.care.key)
    )


def _commitment_problems() -> list[str]:
    return [p for p in verify(first_only=False).problems if "commit" in p]


def test_signing_commits_the_value_on_the_contract_and_its_planned_service(world):
    assert contract_committed(world.contract) == VALUE
    posted = Transaction.objects.get(movement="commitment")
    assert posted.value_date == world.contract.signed_on
    balances = account_balances(_service_accounts(world))
    by_currency = {a.currency: balances[a.pk] for a in _service_accounts(world)}
    share = world.contract.services.get()
    assert by_currency == {"PLN": VALUE, "EUR": share.amount_eur}
    assert {a.line for a in _service_accounts(world)} == {share.line}
    assert _commitment_problems() == []


def test_an_annex_posts_the_difference(world):
    value = Decimal("7000.00")
    terms = contract_terms(
        world,
        value=value,
        number=world.contract.number,
        instalments=(InstalmentInput(dt.date(2007, 6, 15), value),),
    )
    contract_services.amend_contract(
        actor=world.people.coordinator,
        contract=world.contract,
        terms=terms,
        reason="Więcej godzin opieki",
        lock_version=world.contract.lock_version,
    )
    world.contract.refresh_from_db()
    assert contract_committed(world.contract) == value
    amounts = [
        e.amount
        for e in Transaction.objects.filter(movement="commitment")
        .order_by("pk")
        .last()
        .entries.filter(account__kind="contract", account__currency="PLN")
    ]
    assert amounts == [-(value - VALUE)]
    assert _commitment_problems() == []


def test_termination_releases_what_was_not_paid(world):
    receive(world, VALUE)
    payment = payments.record_payment(
        actor=world.people.coordinator, contract=world.contract, data=advance_input()
    )
    payments.approve_payment(actor=world.people.finance, payment=payment, paid_on=PAID_ON)
    contract_services.terminate_contract(
        actor=world.people.coordinator,
        contract=world.contract,
        terminated_on=dt.date(2007, 8, 1),
        reason="Rezygnacja opiekunek",
    )
    assert contract_committed(world.contract) == ADVANCE
    balances = account_balances(_service_accounts(world).filter(currency="PLN"))
    assert list(balances.values()) == [ADVANCE]
    assert _commitment_problems() == []


def test_a_contract_written_around_the_service_is_caught_and_brought_in(world):
    direct = make_contract(world, value=Decimal("1000.00"))
    assert any(direct.number in p for p in verify(first_only=False).problems)
    assert post_commitments(actor=SYSTEM, programme=world.programme) == 1
    assert post_commitments(actor=SYSTEM, programme=world.programme) == 0
    assert contract_committed(direct) == Decimal("1000.00")
    assert _commitment_problems() == []


def test_a_failed_signing_posts_no_commitment(world):
    before = Transaction.objects.count()
    with pytest.raises(contract_services.BudgetExceeded):
        contract_services.sign_contract(
            actor=world.people.coordinator,
            failed_round=make_round(world, status="cancelled", cancel_reason="Brak ofert"),
            provider=world.other,
            justification="Brak ważnych ofert.",
            terms=contract_terms(world, value=Decimal("5000.00")),
        )
    assert Transaction.objects.count() == before
