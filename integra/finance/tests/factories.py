"""Builders of ledger rows for the tests, and the one way a test edits the ledger by hand:
`by_hand(sql)` runs SQL with the append-only triggers out of the way (dropped on SQLite,
disabled on PostgreSQL) inside the test's transaction, so the test database gets them back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection

from integra.core.actors import SystemActor
from integra.finance.models import Account
from integra.finance.services import ledger
from integra.finance.services.ledger import Leg

SYSTEM = SystemActor("test")
DAY = dt.date(2008, 3, 1)


def open_account(programme: Any, name: str, currency: str = "EUR", teryt: str = "") -> Account:
    return ledger.account(
        programme=programme,
        kind=Account.Kind.PROGRAMME if not teryt else Account.Kind.GMINA,
        reference=f"test:{name}",
        currency=currency,
        name=name,
        teryt=teryt,
    )


def post_pair(programme: Any, debit: Account, credit: Account, amount: str, key: str) -> Any:
    return ledger.post(
        actor=SYSTEM,
        programme=programme,
        movement="allocation",
        value_date=DAY,
        document="test:1",
        key=key,
        legs=[Leg(debit, Decimal(amount)), Leg(credit, -Decimal(amount))],
    )


def by_hand(sql: str, params: list[Any] | None = None) -> None:
    """Run SQL on the ledger tables as someone bypassing the application and the guards."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending check blocks ALTER
            cursor.execute("ALTER TABLE finance_entry DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE finance_transaction DISABLE TRIGGER USER")
            cursor.execute(sql, params or [])
            cursor.execute("ALTER TABLE finance_entry ENABLE TRIGGER USER")
            cursor.execute("ALTER TABLE finance_transaction ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER finance_entry_no_update")
            cursor.execute(sql, params or [])


def approved_plan(programme: Any, gmina: Any, year: int) -> Any:
    """An Action Plan of the gmina for the year with an approved version (content aside: the
    transfer checks only that one is approved)."""
    from django.utils import timezone

    from integra.action_plans.models import ActionPlan, PlanVersion

    plan = ActionPlan.objects.create(programme=programme, gmina=gmina, year=year)
    PlanVersion.objects.create(
        plan=plan,
        number=1,
        as_of=dt.date(year, 1, 15),
        status=PlanVersion.Status.APPROVED,
        approved_at=timezone.now(),
        approval_letter_number=f"ROPS/{year}/1",
        approval_letter_on=dt.date(year, 1, 20),
    )
    return plan


# Postings of the settlement and report tests: a transfer and a provider payment written with the
# ledger service directly (the payments app posts its own through its services).


def post_transfer(
    programme: Any,
    result: Any,
    *,
    pln: str,
    eur: dict[str, str],
    day: dt.date,
    key: str,
    exchange_eur: str = "0",
) -> Any:
    """A tranche received by the result's gmina: PLN from the programme to the gmina, the EUR of
    each line to the gmina's EUR account, and the exchange difference when one is given."""
    from integra.finance.services.allocation import gmina_account, line_account, programme_account

    gmina = result.gmina
    total_eur = sum((Decimal(v) for v in eur.values()), Decimal(0))
    posted = ledger.post(
        actor=SYSTEM,
        programme=programme,
        movement="transfer",
        value_date=day,
        document=f"test:{key}",
        key=f"transfer:{key}",
        legs=[
            Leg(programme_account(programme, "PLN"), -Decimal(pln)),
            Leg(gmina_account(programme, gmina, "PLN"), Decimal(pln)),
            Leg(gmina_account(programme, gmina, "EUR"), total_eur),
            *(Leg(line_account(result, line), -Decimal(amount)) for line, amount in eur.items()),
        ],
    )
    if Decimal(exchange_eur):
        ledger.post(
            actor=SYSTEM,
            programme=programme,
            movement="exchange_difference",
            value_date=day,
            document=f"test:{key}",
            key=f"exchange:{key}",
            legs=[
                Leg(gmina_account(programme, gmina, "EUR"), Decimal(exchange_eur)),
                Leg(programme_account(programme, "EUR", "exchange"), -Decimal(exchange_eur)),
            ],
        )
    return posted


def contract_account(contract: Any, currency: str = "PLN") -> Account:
    return ledger.account(
        programme=contract.programme,
        kind=Account.Kind.CONTRACT,
        reference=ledger.reference_of(contract),
        currency=currency,
        name=f"{contract.gmina.name}: {contract.number}",
        teryt=contract.gmina.teryt,
    )


def post_payment(contract: Any, *, pln: str, day: dt.date, key: str) -> Any:
    """A provider paid: PLN from the gmina's received money to the contract."""
    from integra.finance.services.allocation import gmina_account

    return ledger.post(
        actor=SYSTEM,
        programme=contract.programme,
        movement="payment",
        value_date=day,
        document=ledger.reference_of(contract),
        key=f"payment:{key}",
        legs=[
            Leg(gmina_account(contract.programme, contract.gmina, "PLN"), -Decimal(pln)),
            Leg(contract_account(contract), Decimal(pln)),
            # The EUR equivalent, as the payments service posts it (here at 4 PLN per EUR).
            Leg(gmina_account(contract.programme, contract.gmina, "EUR"), -Decimal(pln) / 4),
            Leg(contract_account(contract, "EUR"), Decimal(pln) / 4),
        ],
    )


def settlement_world_of(personas: Any, small_tree: Any) -> Any:
    """The contracts world (2007 plan: care 8,000 PLN, day-room 20,000 PLN) with a tranche of
    10,000 EUR received as 40,000 PLN in April 2007 (−50 EUR exchange difference), a care
    contract paid 3,000 PLN and a day-room contract paid 10,000 PLN in 2007 and 5,000 in 2008."""
    from integra.allocations.models import AllocationResult
    from integra.contracts.tests.factories import make_contract, make_world
    from integra.finance.tests.factories import post_payment, post_transfer

    world = make_world(personas, small_tree)
    result = AllocationResult.objects.get(gmina=world.gmina)
    post_transfer(
        world.programme,
        result,
        pln="40000.00",
        eur={"services": "9090.91", "training": "909.09"},
        day=dt.date(2007, 4, 16),
        key="t1",
        exchange_eur="-50.00",
    )
    world.care_contract = make_contract(world, value=Decimal("6000.00"))
    world.club_contract = make_contract(world, service=world.club, value=Decimal("20000.00"))
    post_payment(world.care_contract, pln="3000.00", day=dt.date(2007, 7, 2), key="p1")
    post_payment(world.club_contract, pln="10000.00", day=dt.date(2007, 9, 3), key="p2")
    post_payment(world.club_contract, pln="5000.00", day=dt.date(2008, 1, 10), key="p3")
    return world
