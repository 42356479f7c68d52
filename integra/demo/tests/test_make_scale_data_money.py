"""`make_scale_data` writes the money too — the allocation posted, commitments, transfers and paid
payments through finance's bulk paths — and the ledger verifies after it; the bulk paths refuse
what the one-by-one services refuse. On the shared demo (the catalogue and the NBP rates)."""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum

from integra.allocations.models import Tranche
from integra.contracts.models import Contract
from integra.core.actors import SystemActor
from integra.finance.models import Account, Entry, Invoice, Payment, Transaction, TransferRequest
from integra.finance.selectors import verify
from integra.finance.services.bulk import BulkPayment, BulkRefused, pay_many
from integra.programmes.models import Programme

pytestmark = pytest.mark.django_db

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="make_scale_data builds on PostgreSQL only (it refuses SQLite by design)",
)
ACTOR = SystemActor("test")


def build(*extra: str) -> str:
    out = io.StringIO()
    call_command(
        "make_scale_data", "--factor", "1", "--gminas-per-factor", "20", *extra, stdout=out
    )
    return out.getvalue()


@POSTGRES_ONLY
def test_the_scale_data_carries_payments_and_the_ledger_verifies(real_demo):
    printed = build()
    programme = Programme.objects.get(code="SCALE-1")
    contracts = Contract.objects.filter(programme=programme)
    assert contracts.count() > 300  # about 21 a gmina
    report = verify(first_only=False)
    assert report.ok, report.problems[:5]
    payments = Payment.objects.filter(contract__programme=programme)
    assert payments.exclude(status=Payment.Status.PAID).count() == 0
    # Every contract's advance is paid; the 2007 contracts' second instalments too.
    assert payments.filter(kind="advance").count() == contracts.count()
    assert payments.filter(kind="instalment").count() > 0
    assert Invoice.objects.filter(contract__programme=programme).count() == (
        payments.filter(kind="instalment").count()
    )
    # The paid totals in the ledger equal the payments, per contract and in all.
    paid: dict[str, Decimal] = defaultdict(Decimal)
    for contract_id, amount in payments.values_list("contract_id", "amount_pln"):
        paid[f"contracts.contract:{contract_id}"] += amount
    ledger = dict(
        Entry.objects.filter(
            account__programme=programme,
            account__kind=Account.Kind.CONTRACT,
            currency="PLN",
            transaction__movement=Transaction.Movement.PAYMENT,
        )
        .values("account__reference")
        .annotate(total=Sum("amount"))
        .values_list("account__reference", "total")
    )
    assert ledger == paid
    assert sum(ledger.values()) == payments.aggregate(total=Sum("amount_pln"))["total"]
    # The tranches of the plan years are transferred, each with its posted request.
    transferred = Tranche.objects.filter(programme=programme, status="transferred")
    assert set(transferred.values_list("year", flat=True)) == {2007, 2008}
    assert transferred.count() == 2 * 20
    assert TransferRequest.objects.filter(
        programme=programme, status="transferred", transaction__isnull=False
    ).count() == (transferred.count())
    assert "no NBP rate" in printed  # the 2008 contracts' instalments of 2009: no tables loaded

    # Running the money again writes nothing: every limit refuses what is already paid.
    before = (Payment.objects.count(), Transaction.objects.count(), Invoice.objects.count())
    build("--money-only")
    assert (Payment.objects.count(), Transaction.objects.count(), Invoice.objects.count()) == (
        before
    )
    assert verify().ok


def a_volume_contract() -> Contract:
    """A contract of the demo's volume: its commitment posted, its gmina has received nothing."""
    return (
        Contract.objects.filter(programme__code="PIS-2006", status=Contract.Status.CLOSED)
        .exclude(gmina__teryt="1012102")
        .select_related("programme", "gmina")
        .order_by("pk")
        .first()
    )


def advance(contract: Contract, amount: Decimal | None = None) -> BulkPayment:
    instalment = contract.instalments.get(is_advance=True)
    return BulkPayment(
        contract=contract,
        kind="advance",
        amount_pln=amount or instalment.amount_pln,
        paid_on=instalment.due_on,
    )


def test_a_payment_beyond_the_money_received_is_refused_and_nothing_is_written(real_demo):
    contract = a_volume_contract()
    before = (Payment.objects.count(), Transaction.objects.count())
    with pytest.raises(BulkRefused, match="received"):
        pay_many(actor=ACTOR, programme=contract.programme, payments=[advance(contract)])
    outcome = pay_many(
        actor=ACTOR, programme=contract.programme, payments=[advance(contract)], skip_refused=True
    )
    assert outcome.done == 0
    assert outcome.refused == {"more than the gmina has received": 1}
    assert (Payment.objects.count(), Transaction.objects.count()) == before


def test_the_limits_of_the_contract_refuse_in_bulk_as_one_by_one(real_demo):
    from integra.finance.models import PaymentSettings

    contract = a_volume_contract()
    PaymentSettings.objects.update_or_create(
        programme=contract.programme, defaults={"allow_prefinancing": True}
    )
    second = contract.instalments.get(is_advance=False)
    over = (contract.value_pln * Decimal("0.31")).quantize(Decimal("0.01"))
    outcome = pay_many(
        actor=ACTOR,
        programme=contract.programme,
        payments=[
            advance(contract, over),  # more than 30 %
            BulkPayment(  # an instalment without its invoice
                contract=contract,
                kind="instalment",
                instalment=second,
                amount_pln=second.amount_pln,
                paid_on=second.due_on,
            ),
            advance(contract),  # fine
            advance(contract),  # the advance is paid already
        ],
        skip_refused=True,
    )
    assert outcome.done == 1
    assert outcome.refused == {
        "more than the advance limit": 2,
        "invoice invalid or already recorded": 1,
    }
    paid = Payment.objects.get(contract=contract)
    assert paid.status == Payment.Status.PAID
    assert paid.transaction is not None and paid.eur_equivalent is not None
    assert verify().ok


def test_a_component_level_contract_is_refused_in_bulk(real_demo):
    """A contract without a gmina is paid as its component's payment, never from a gmina's
    money: the bulk path refuses it as the one-by-one service does, writing nothing."""
    contract = Contract.objects.filter(gmina__isnull=True).first()
    assert contract is not None, "the demo signs the campaign agency's component contract"
    before = (Payment.objects.count(), Transaction.objects.count())
    outcome = pay_many(
        actor=ACTOR,
        programme=contract.programme,
        payments=[
            BulkPayment(
                contract=contract,
                kind="advance",
                amount_pln=Decimal("100.00"),
                paid_on=contract.signed_on,
            )
        ],
        skip_refused=True,
    )
    assert outcome.done == 0
    assert outcome.refused == {"a component-level contract (paid as its component's payment)": 1}
    assert (Payment.objects.count(), Transaction.objects.count()) == before
