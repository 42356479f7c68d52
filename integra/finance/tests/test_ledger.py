"""The ledger: balanced, append-only, corrected only by reversal — refused by the database
itself, not only by Python — and verify_ledger finds what a hand edit broke."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from integra.finance.models import Entry, Transaction
from integra.finance.selectors import account_balances, verify
from integra.finance.services import ledger
from integra.finance.services.ledger import Leg
from integra.finance.tests.factories import DAY, SYSTEM, by_hand, open_account, post_pair

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts(pis):
    return open_account(pis, "budget"), open_account(pis, "gmina", teryt="1001022")


def test_a_balanced_posting_is_closed_and_moves_the_balances(pis, accounts):
    budget, gmina = accounts
    posted = post_pair(pis, gmina, budget, "1000.50", "k1")
    assert posted.closed and posted.entries.count() == 2
    balances = account_balances(budget.__class__.objects.filter(pk__in=[budget.pk, gmina.pk]))
    assert balances == {budget.pk: Decimal("-1000.50"), gmina.pk: Decimal("1000.50")}


def test_the_same_key_posts_once(pis, accounts):
    budget, gmina = accounts
    first = post_pair(pis, gmina, budget, "10", "same")
    again = post_pair(pis, gmina, budget, "10", "same")
    assert first.pk == again.pk and Transaction.objects.count() == 1


def test_an_unbalanced_posting_is_refused_before_anything_is_written(pis, accounts):
    budget, gmina = accounts
    with pytest.raises(ledger.LedgerUnbalanced, match=r"EUR 0\.01"):
        ledger.post(
            actor=SYSTEM,
            programme=pis,
            movement="allocation",
            value_date=DAY,
            document="test:1",
            key="k",
            legs=[Leg(gmina, Decimal("10.01")), Leg(budget, Decimal("-10.00"))],
        )
    assert not Transaction.objects.exists()


def test_balance_is_per_currency(pis, accounts):
    _budget, gmina = accounts
    pln = open_account(pis, "cash", currency="PLN")
    with pytest.raises(ledger.LedgerUnbalanced):
        ledger.post(
            actor=SYSTEM,
            programme=pis,
            movement="transfer",
            value_date=DAY,
            document="test:1",
            key="k",
            legs=[Leg(gmina, Decimal("10")), Leg(pln, Decimal("-10"))],
        )


def _closing_fails() -> None:
    """Make the database check the balance now (PostgreSQL checks it at commit)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_the_database_refuses_an_unbalanced_transaction(pis, accounts):
    budget, gmina = accounts
    with pytest.raises(IntegrityError), transaction.atomic():
        tx = Transaction.objects.create(
            programme=pis, movement="allocation", value_date=DAY, document="x", key="raw"
        )
        Entry.objects.create(transaction=tx, account=gmina, amount=Decimal("5"), currency="EUR")
        Entry.objects.create(transaction=tx, account=budget, amount=Decimal("-4"), currency="EUR")
        Transaction.objects.filter(pk=tx.pk).update(closed=True)
        _closing_fails()


def test_the_database_refuses_a_transaction_left_open_or_empty(pis):
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite has no deferred trigger: an open transaction is left out of every "
            "balance and reported by verify_ledger (ADR 0012)"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Transaction.objects.create(
            programme=pis, movement="allocation", value_date=DAY, document="x", key="raw"
        )
        _closing_fails()


def test_an_open_transaction_is_reported_by_verify(pis, accounts):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL refuses to commit it (the test above)")
    budget, gmina = accounts
    tx = Transaction.objects.create(
        programme=pis, movement="allocation", value_date=DAY, document="x", key="raw"
    )
    Entry.objects.create(transaction=tx, account=gmina, amount=Decimal("5"), currency="EUR")
    Entry.objects.create(transaction=tx, account=budget, amount=Decimal("-5"), currency="EUR")
    assert verify().problems == [f"transaction {tx.pk}: not closed"]
    assert account_balances(type(gmina).objects.filter(pk=gmina.pk)) == {gmina.pk: 0}


def test_the_database_refuses_editing_or_deleting_entries_and_transactions(pis, accounts):
    budget, gmina = accounts
    posted = post_pair(pis, gmina, budget, "100", "k1")
    entry = posted.entries.first()
    attempts = [
        lambda: Entry.objects.filter(pk=entry.pk).update(amount=Decimal("1")),
        lambda: Entry.objects.filter(pk=entry.pk).delete(),
        lambda: Transaction.objects.filter(pk=posted.pk).update(description="changed"),
        lambda: Transaction.objects.filter(pk=posted.pk).update(closed=False),
        lambda: Entry.objects.create(
            transaction=posted, account=gmina, amount=Decimal("1"), currency="EUR"
        ),
    ]
    for attempt in attempts:
        with pytest.raises(IntegrityError), transaction.atomic():
            attempt()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM finance_entry")
        cursor.execute("DELETE FROM finance_transaction")
    assert Entry.objects.get(pk=entry.pk).amount == entry.amount


def test_the_database_refuses_an_entry_in_another_currency_than_its_account(pis, accounts):
    _budget, gmina = accounts
    with pytest.raises(IntegrityError), transaction.atomic():
        tx = Transaction.objects.create(
            programme=pis, movement="allocation", value_date=DAY, document="x", key="raw"
        )
        Entry.objects.create(transaction=tx, account=gmina, amount=Decimal("5"), currency="PLN")


def test_a_reversal_undoes_the_balance_once(pis, accounts):
    budget, gmina = accounts
    posted = post_pair(pis, gmina, budget, "100", "k1")
    reversal = ledger.reverse(actor=SYSTEM, original=posted, reason="wrong gmina")
    assert reversal.movement == "reversal" and reversal.reverses == posted
    accounts_qs = type(gmina).objects.filter(pk__in=[budget.pk, gmina.pk])
    assert set(account_balances(accounts_qs).values()) == {Decimal(0)}
    with pytest.raises(ledger.AlreadyReversed):
        ledger.reverse(actor=SYSTEM, original=posted)
    with pytest.raises(ledger.AlreadyReversed):
        ledger.reverse(actor=SYSTEM, original=reversal)


def test_only_a_ministry_admin_reverses(pis, accounts, personas):
    budget, gmina = accounts
    posted = post_pair(pis, gmina, budget, "100", "k1")
    with pytest.raises(PermissionDenied):
        ledger.reverse(actor=personas.finance, original=posted)
    assert not Transaction.objects.filter(reverses=posted).exists()


def test_verify_ledger_prints_ok(pis, accounts):
    budget, gmina = accounts
    post_pair(pis, gmina, budget, "100", "k1")
    out = StringIO()
    call_command("verify_ledger", stdout=out)
    assert out.getvalue().strip() == "OK 1 transactions, 2 accounts, difference 0.00"


def test_verify_ledger_catches_an_entry_edited_by_hand(pis, accounts):
    budget, gmina = accounts
    posted = post_pair(pis, gmina, budget, "100", "k1")
    entry = posted.entries.get(account=gmina)
    by_hand("UPDATE finance_entry SET amount = 99 WHERE id = %s", [entry.pk])
    err = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("verify_ledger", stdout=StringIO(), stderr=err)
    assert refused.value.returncode == 1
    assert err.getvalue().strip() == f"transaction {posted.pk} unbalanced: EUR -1.00"
