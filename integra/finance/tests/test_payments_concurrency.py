"""Payments under load: 20 workers at once, each on its own PostgreSQL connection, make 1,000
payment attempts (record, then approve and pay by another person) against three contracts of
one gmina whose received money is less than their value, so that both limits bind. Nothing is
overspent — no contract, no planned service, no line, not the gmina's received money — and
verify_ledger is OK afterwards."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from django.db.models import Sum

from integra.contracts import services as contract_services
from integra.contracts.models import Contract, ContractService
from integra.contracts.tests.factories import contract_terms, selected_offer
from integra.core.errors import DomainError
from integra.core.tests.parallel import ONLY_POSTGRESQL, run_in_parallel
from integra.finance import rules
from integra.finance.models import Payment
from integra.finance.selectors import contract_paid, gmina_balance, verify
from integra.finance.services import payments
from integra.finance.tests.payments_factories import NIP, PAID_ON, payment_world, receive

pytestmark = pytest.mark.django_db(transaction=True)
WORKERS = 20
ATTEMPTS = 50  # per worker: 1,000 in all
RECEIVED = Decimal("24000.00")
AMOUNTS = [Decimal("97.31"), Decimal("250.00"), Decimal("512.40"), Decimal("1203.99")]


def _attempt(world, contract, worker: int, attempt: int, amount: Decimal) -> object:
    data = rules.PaymentInput(
        kind="final",
        amount_pln=amount,
        invoice=rules.InvoiceInput(
            number=f"FV/{worker}/{attempt}",
            issued_on=PAID_ON,
            issuer_nip=NIP,
            amount_pln=amount,
            eligible_pln=amount,
        ),
    )
    payment = payments.record_payment(actor=world.people.coordinator, contract=contract, data=data)
    return payments.approve_payment(actor=world.people.finance, payment=payment, paid_on=PAID_ON)


@ONLY_POSTGRESQL
def test_twenty_workers_paying_never_overspend_anything(personas, small_tree):
    world = payment_world(personas, small_tree)
    club = [
        contract_services.sign_contract(
            actor=world.people.coordinator,
            offer=selected_offer(world, lot_index=1, total=value),
            terms=contract_terms(world, value=value, service=world.club),
        )
        for value in (Decimal("15000.00"), Decimal("5000.00"))
    ]
    contracts = [world.contract, *club]
    for contract in contracts:
        contract.reports.filter(kind="final").update(status="accepted")
    receive(world, RECEIVED)

    def work(worker: int) -> list[object]:
        chance = random.Random(worker)
        outcomes = []
        for attempt in range(ATTEMPTS):
            contract = chance.choice(contracts)
            try:
                outcomes.append(_attempt(world, contract, worker, attempt, chance.choice(AMOUNTS)))
            except DomainError as refused:  # a limit reached: the expected refusal
                outcomes.append(refused)
        return outcomes

    results = [o for batch in run_in_parallel(work, list(range(WORKERS))) for o in batch]

    assert len(results) == WORKERS * ATTEMPTS
    unexpected = [o for o in results if not isinstance(o, Payment | DomainError)]
    assert unexpected == []
    landed = [o for o in results if isinstance(o, Payment)]
    assert landed and len(landed) < len(results)  # some paid, the limits refused the rest
    paid_total = Decimal(0)
    for contract in Contract.objects.filter(pk__in=[c.pk for c in contracts]):
        paid = contract_paid(contract)
        assert paid <= contract.value_pln
        assert paid == Payment.objects.filter(contract=contract, status="paid").aggregate(
            total=Sum("amount_pln")
        )["total"] or Decimal(0)
        paid_total += paid
    assert not Payment.objects.exclude(status="paid").exists()  # a refusal writes nothing
    balance = gmina_balance(world.programme, world.gmina.teryt)
    assert balance.paid_pln == paid_total <= balance.received_pln == RECEIVED
    for service in (world.care, world.club):
        contracted = ContractService.objects.filter(service_key=service.key).aggregate(
            total=Sum("amount_pln")
        )["total"]
        paid_under = sum(
            (
                contract_paid(s.contract)
                for s in ContractService.objects.filter(service_key=service.key)
            ),
            Decimal(0),
        )
        assert paid_under <= contracted <= service.planned_cost_pln
    report = verify(first_only=False)
    # The test's money came in as a transfer posted straight to the ledger, without a tranche
    # behind it: the tranche check says so, and only it.
    problems = [p for p in report.problems if "its tranches say 0.00 PLN" not in p]
    assert problems == [], problems
    print(f"{len(landed)} of {len(results)} payment attempts landed, {paid_total} PLN paid")
