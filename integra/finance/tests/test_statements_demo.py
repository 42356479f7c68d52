"""After seed_demo with the real data, Masłowice has its bank statement of July 2007: each paid
advance is matched by its line (the provider's account and the contract's number), the refund
in and the bank's fee wait for review, and nothing of the statement paid anything (a second
run adds nothing: demo/tests/test_seed_demo.py)."""

from __future__ import annotations

import pytest

from integra.finance.models import BankStatement, Payment

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]


def test_maslowice_statement_confirms_its_paid_advances(real_demo):
    statement = BankStatement.objects.get(gmina__name="Masłowice")
    assert statement.format == "mt940" and statement.number == "00007/001"
    advances = Payment.objects.filter(
        contract__gmina__name="Masłowice", kind="advance", status="paid"
    )
    matched = statement.lines.filter(state="matched")
    assert {line.payment for line in matched} == set(advances) and advances.exists()
    assert sorted(statement.lines.filter(state="unmatched").values_list("amount", flat=True)) == [
        -15,
        120,
    ]
    assert Payment.objects.filter(status="recorded").count() == 1
