"""Builders of the bank-statement tests: the payment world (payments_factories) whose provider
has the account and whose contract has the number that the hand-written statement files of
tests/data name, with its advance of 1,859.76 PLN paid on 2007-07-03."""

from __future__ import annotations

from pathlib import Path

from integra.contracts.models import Contract
from integra.finance.services import payments as payment_services
from integra.finance.services.statements import StatementUpload
from integra.finance.tests.payments_factories import (
    PAID_ON,
    VALUE,
    advance_input,
    payment_world,
    receive,
)
from integra.providers.models import Provider

DATA = Path(__file__).parent / "data"
PROVIDER_IBAN = "PL27114020040000300201355387"
GMINA_ACCOUNT = "PL61109010140000071219812874"
CONTRACT_NUMBER = "UM/1/2007"


def upload(name: str, fmt: str | None = None, account: str = "") -> StatementUpload:
    return StatementUpload(
        file_name=name,
        content=(DATA / name).read_bytes(),
        format=fmt or ("csv" if name.endswith(".csv") else "mt940"),
        account=account or (GMINA_ACCOUNT if name.endswith(".csv") else ""),
    )


def statement_world(personas, small_tree, *, pay: bool = True):
    world = payment_world(personas, small_tree)
    receive(world, VALUE)
    Provider.objects.filter(pk=world.own.pk).update(iban=PROVIDER_IBAN)
    Contract.objects.filter(pk=world.contract.pk).update(number=CONTRACT_NUMBER)
    world.contract.refresh_from_db()
    world.payment = payment_services.record_payment(
        actor=personas.coordinator, contract=world.contract, data=advance_input()
    )
    if pay:
        payment_services.approve_payment(
            actor=personas.finance, payment=world.payment, paid_on=PAID_ON
        )
        world.payment.refresh_from_db()
    return world
