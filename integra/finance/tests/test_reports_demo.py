"""After seed_demo (with the real NBP archives) the interim financial report of the first half
of 2008 equals, component by component and in both currencies, the ledger's movements of that
period; Masłowice's 2007 settlement is accepted with its figures; the ledger verifies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from integra.finance.models import Account, Component, Entry, Settlement
from integra.finance.selectors.reports import interim_report
from integra.programmes.models import Programme

pytestmark = pytest.mark.django_db
H1 = (dt.date(2008, 1, 1), dt.date(2008, 6, 30))


def ledger_sum(entries, currency: str) -> Decimal:
    total = entries.filter(currency=currency).aggregate(total=Sum("amount"))["total"]
    return (total or Decimal(0)).quantize(Decimal("0.01"))


@pytest.mark.realdata
def test_the_demo_ifr_of_2008_h1_equals_the_ledger(real_demo):
    programme = Programme.objects.get(components__code="B2")
    report = interim_report(programme=programme, year=2008, semester=1)
    in_period = Entry.objects.filter(
        transaction__closed=True,
        transaction__programme=programme,
        transaction__value_date__range=H1,
    )
    uses = {line.code: line for line in report.uses}
    assert set(uses) == {"A", "B1", "B2", "C"}
    for code in ("A", "B1", "C"):
        component = Component.objects.get(programme=programme, code=code)
        own = in_period.filter(
            account__kind=Account.Kind.COMPONENT,
            account__reference=f"finance.component:{component.pk}",
        )
        assert uses[code].period.pln == ledger_sum(own, "PLN"), code
        assert uses[code].period.eur == ledger_sum(own, "EUR"), code
    gminas = (
        in_period.filter(
            account__kind=Account.Kind.GMINA,
            transaction__movement__in=["transfer", "exchange_difference", "refund", "reversal"],
        )
        .filter(transaction__entries__account__kind=Account.Kind.PROGRAMME)
        .distinct()
    )
    assert uses["B2"].period.pln == ledger_sum(gminas, "PLN")
    assert uses["B2"].period.eur == ledger_sum(gminas, "EUR")
    assert uses["B1"].period.pln == Decimal("1236000.00")
    assert uses["C"].period.pln == Decimal("450000.00")
    loan, counterpart = report.sources
    assert loan.period.eur == Decimal("4000000.00")
    assert counterpart.period.eur == Decimal("400000.00")
    assert loan.cumulative.eur == Decimal("10000000.00")
    assert all(r.rate > 0 for r in report.rates)
    settlement = Settlement.objects.get(gmina__name="Masłowice", year=2007)
    assert settlement.status == "accepted" and settlement.figures["received_pln"] != "0.00"
    out = StringIO()
    call_command("verify_ledger", stdout=out)
    assert out.getvalue().startswith("OK")
