"""Builders of the payment tests: the procurement world (contracts/tests/factories) with the
NBP rates of the payment days and a contract signed through the contracts' service — so its
commitment is in the ledger — worth 6,199.20 PLN with a 30 % advance (1,859.76) and the rest
(4,339.44) after the final report; money received by the gmina; a valid invoice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from integra.contracts import services as contract_services
from integra.contracts.tests.factories import contract_terms, make_world, selected_offer
from integra.core.actors import SystemActor
from integra.finance import rules
from integra.finance.models import PaymentSettings, Transaction
from integra.finance.services import ledger
from integra.finance.services.allocation import gmina_account, programme_account
from integra.finance.services.ledger import Leg
from integra.programmes.models import ExchangeRate

SYSTEM = SystemActor("test")
VALUE = Decimal("6199.20")
ADVANCE = Decimal("1859.76")
REST = VALUE - ADVANCE
NIP = "5260250274"
PAID_ON = dt.date(2007, 7, 3)
RATES = {
    dt.date(2007, 6, 29): Decimal("3.7900"),
    dt.date(2007, 10, 1): Decimal("3.7700"),
    dt.date(2008, 1, 31): Decimal("3.6000"),
}


def add_rates() -> None:
    for day, mid in RATES.items():
        ExchangeRate.objects.get_or_create(
            source="NBP-A",
            currency="EUR",
            effective_on=day,
            defaults={"mid": mid, "table_no": f"{day:%j}/A/NBP/{day:%Y}"},
        )


def payment_world(personas, small_tree, *, value: Decimal = VALUE):
    world = make_world(personas, small_tree)
    add_rates()
    offer = selected_offer(world, total=value)
    world.contract = contract_services.sign_contract(
        actor=world.people.coordinator, offer=offer, terms=contract_terms(world, value=value)
    )
    world.advance, world.rest = world.contract.instalments.order_by("number")
    return world


def receive(world, amount: str | Decimal, key: str = "1") -> Transaction:
    """The gmina received `amount` PLN (a transfer posted straight to the ledger)."""
    amount = Decimal(amount)
    programme, gmina = world.programme, world.gmina
    return ledger.post(
        actor=SYSTEM,
        programme=programme,
        movement=Transaction.Movement.TRANSFER,
        value_date=dt.date(2007, 6, 20),
        document="test:transfer",
        key=f"test-transfer:{key}",
        legs=[
            Leg(programme_account(programme, "PLN"), -amount),
            Leg(gmina_account(programme, gmina, "PLN"), amount),
        ],
    )


def allow_prefinancing(programme) -> None:
    PaymentSettings.objects.update_or_create(
        programme=programme, defaults={"allow_prefinancing": True}
    )


def accept(world, kind: str = "partial") -> None:
    world.contract.reports.filter(kind=kind).update(status="accepted")


def invoice(number: str = "FV/1/2007", amount: str = "4339.44", eligible: str | None = None):
    return rules.InvoiceInput(
        number=number,
        issued_on=dt.date(2007, 12, 28),
        issuer_nip=NIP,
        amount_pln=Decimal(amount),
        eligible_pln=Decimal(eligible or amount),
        line="services",
    )


def advance_input(amount: Decimal = ADVANCE) -> rules.PaymentInput:
    return rules.PaymentInput(kind="advance", amount_pln=amount)


def final_input(pay: Decimal = REST, **invoice_args) -> rules.PaymentInput:
    return rules.PaymentInput(kind="final", amount_pln=pay, invoice=invoice(**invoice_args))
