"""The money guard under load: 20 workers at once, each on its own PostgreSQL connection, sign
contracts and annexes against one planned service whose budget fits only some of them. The
committed total never exceeds the budget and exactly as many land as fit; the others are
refused as over budget with nothing written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum

from integra.contracts import services
from integra.contracts.models import Contract, ContractAmendment, ContractService
from integra.contracts.services import InstalmentInput
from integra.contracts.tests.factories import (
    CARE_PLN,
    contract_terms,
    make_contract,
    make_round,
)
from integra.core.tests.parallel import ONLY_POSTGRESQL, run_in_parallel

pytestmark = pytest.mark.django_db(transaction=True)
STEP = Decimal("500.00")


def committed() -> Decimal:
    total = (
        ContractService.objects.filter(service_key__isnull=False)
        .exclude(contract__status="terminated")
        .aggregate(total=Sum("amount_pln"))["total"]
    )
    return total or Decimal("0.00")


@ONLY_POSTGRESQL
def test_twenty_workers_signing_and_amending_never_pass_the_budget(world):
    # 5 contracts of 1,000 take 5,000 of the care service's 8,000: 3,000 (six steps) stay free.
    existing = [make_contract(world, value=Decimal("1000.00")) for _ in range(5)]
    failed = make_round(world, status="cancelled", cancel_reason="Brak ofert")
    coordinator = world.people.coordinator

    def sign(number):
        return services.sign_contract(
            actor=coordinator,
            failed_round=failed,
            provider=world.other,
            justification="Brak ważnych ofert w naborze.",
            terms=contract_terms(world, value=STEP, number=f"R/{number}/2007"),
        )

    def amend(contract):
        value = contract.value_pln + STEP
        terms = contract_terms(
            world,
            value=value,
            number=contract.number,
            instalments=(InstalmentInput(contract.starts_on, value),),
        )
        return services.amend_contract(
            actor=coordinator,
            contract=contract,
            terms=terms,
            reason="Więcej godzin",
            lock_version=1,
        )

    work = [("sign", n) for n in range(15)] + [("amend", c) for c in existing]
    outcomes = run_in_parallel(
        lambda item: sign(item[1]) if item[0] == "sign" else amend(item[1]), work
    )

    landed = [o for o in outcomes if isinstance(o, Contract | ContractAmendment)]
    refused = [o for o in outcomes if isinstance(o, services.BudgetExceeded)]
    assert (len(landed), len(refused)) == (6, 14), outcomes
    assert committed() == CARE_PLN
    assert Contract.objects.count() == 5 + sum(isinstance(o, Contract) for o in landed)
    assert ContractAmendment.objects.count() == sum(
        isinstance(o, ContractAmendment) for o in landed
    )
