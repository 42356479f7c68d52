"""The financial reports: the interim financial report equals, component by component and in
both currencies, the ledger's movements of its period (and cumulatively), with the rates used;
the programme report by voivodeship and line; sources of funds and component payments."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Sum

from integra.allocations.models import Tranche
from integra.allocations.tests.factories import TRANSFER_ON
from integra.finance import rules
from integra.finance.models import Account, Component, Entry
from integra.finance.selectors import reports, verify
from integra.finance.services import components as component_services
from integra.finance.services import funding, transfers
from integra.finance.services.allocation import post_allocations
from integra.finance.tests.factories import SYSTEM, approved_plan, post_transfer

pytestmark = pytest.mark.django_db
D = Decimal
H1 = (dt.date(2008, 1, 1), dt.date(2008, 6, 30))


@pytest.fixture
def money(pis, published, nbp_rate, small_tree, personas):
    """PIS with components A, B2 and C, a loan disbursement and counterpart funds received in
    February 2008, the first tranche of 1001022 transferred on 2008-02-18, the campaign agency
    paid that day, and a second tranche of 0601022 posted in July (after the period)."""
    for order, (code, budget) in enumerate([("A", "1000"), ("B2", "300000"), ("C", "5000")]):
        component_services.create_component(
            actor=SYSTEM,
            programme=pis,
            data=rules.ComponentInput(
                code=code, name=f"Komponent {code}", budget_eur=D(budget), order=order
            ),
        )
    post_allocations(actor=SYSTEM, programme=pis)
    funding.record_funding(
        actor=SYSTEM,
        programme=pis,
        source="loan",
        amount_eur=D("50000.00"),
        received_on=TRANSFER_ON,
        reference="WA-01",
    )
    funding.record_funding(
        actor=SYSTEM,
        programme=pis,
        source="counterpart",
        amount_eur=D("5000.00"),
        received_on=TRANSFER_ON,
        reference="MF-01",
    )
    approved_plan(pis, small_tree["1001022"], 2008)
    tranche = Tranche.objects.get(result__run=published, gmina__teryt="1001022", number=1)
    request = transfers.request_transfer(actor=personas.coordinator, tranche=tranche)
    request = transfers.approve_transfer(actor=personas.finance, request=request)
    pln = (tranche.amount_eur * D("3.5902")).quantize(D("0.01"), ROUND_DOWN)
    transfers.record_transferred(
        actor=personas.finance, request=request, amount_pln=pln, transferred_on=TRANSFER_ON
    )
    funding.record_component_payment(
        actor=SYSTEM,
        component=Component.objects.get(programme=pis, code="C"),
        amount_pln=D("3590.20"),
        paid_on=TRANSFER_ON,
        reference="C/1/2008",
    )
    later = published.results.get(gmina__teryt="0601022")
    post_transfer(
        pis, later, pln="3600.00", eur={"services": "900.00", "training": "100.00"},
        day=dt.date(2008, 7, 10), key="july",
    )  # fmt: skip
    return pis


def ledger_sum(entries, currency: str) -> Decimal:
    total = entries.filter(currency=currency).aggregate(total=Sum("amount"))["total"]
    return (total or D(0)).quantize(D("0.01"))


def test_the_ifr_equals_the_ledger_component_by_component(money):
    report = reports.interim_report(programme=money, year=2008, semester=1)
    assert (report.starts_on, report.ends_on) == H1
    in_period = Entry.objects.filter(
        transaction__closed=True, transaction__value_date__range=H1, transaction__programme=money
    )
    # B2: what the gminas' own accounts got from the programme (transfers, exchange).
    gminas = in_period.filter(account__kind=Account.Kind.GMINA)
    # Other components: what their own accounts were paid.
    uses = {line.code: line for line in report.uses}
    assert [line.code for line in report.uses] == ["A", "B2", "C"]
    for code in ("A", "C"):
        component = Component.objects.get(programme=money, code=code)
        own = in_period.filter(account__reference=f"finance.component:{component.pk}")
        assert uses[code].period.pln == ledger_sum(own, "PLN")
        assert uses[code].period.eur == ledger_sum(own, "EUR")
    assert uses["B2"].period.pln == ledger_sum(gminas, "PLN")
    assert uses["B2"].period.eur == ledger_sum(gminas, "EUR")
    tranche = Tranche.objects.get(gmina__teryt="1001022", number=1)
    assert uses["B2"].period.pln == tranche.amount_pln
    assert uses["B2"].period.eur == tranche.eur_equivalent
    assert uses["C"].period == reports.Pair(D("1000.00"), D("3590.20"))
    assert uses["A"].period == reports.Pair()
    # The July transfer is after the period: in neither the period nor its cumulative figures.
    assert uses["B2"].cumulative == uses["B2"].period
    second = reports.interim_report(programme=money, year=2008, semester=2)
    b2 = {line.code: line for line in second.uses}["B2"]
    assert b2.period == reports.Pair(D("1000.00"), D("3600.00"))
    assert b2.cumulative.pln == uses["B2"].period.pln + D("3600.00")


def test_the_ifr_sources_and_rates(money):
    report = reports.interim_report(programme=money, year=2008, semester=1)
    loan, counterpart = report.sources
    assert loan.period == reports.Pair(D("50000.00"), D("179510.00"))  # at 3.5902
    assert counterpart.period == reports.Pair(D("5000.00"), D("17951.00"))
    sources = report.total("sources", "period")
    uses = report.total("uses", "period")
    assert report.closing == reports.Pair(sources.eur - uses.eur, sources.pln - uses.pln)
    assert report.opening == reports.Pair()
    assert {r.rate for r in report.rates} == {D("3.5902")}
    assert len(report.rates) == 4  # the tranche, two sources, the component payment
    assert any(r.table == "033/A/NBP/2008" for r in report.rates)
    # The services' postings agree with their documents (the July tranche is posted by hand).
    assert verify(first_only=False).problems == [
        "gmina 0601022 received 3600.00 PLN / 1000.00 EUR in the ledger, "
        "its tranches say 0.00 PLN / 0.00 EUR"
    ]


def test_the_programme_report_by_voivodeship_and_line(money, personas):
    rows = reports.programme_report(
        user=personas.admin, programme=money, until=dt.date(2008, 12, 31)
    )
    assert [r.teryt for r in rows] == ["06", "10"]
    lodzkie = rows[1]
    tranche = Tranche.objects.get(gmina__teryt="1001022", number=1)
    assert sum(lodzkie.transferred_eur.values()) == tranche.amount_eur
    assert lodzkie.received_pln == tranche.amount_pln
    # 135,200 + 64,800 on the services line, 10 % more on the training line.
    assert lodzkie.allocated_eur == {"services": D("200000.00"), "training": D("20000.00")}
    # A region sees its own voivodeship only; a gmina no report at all.
    own = reports.programme_report(
        user=personas.finance, programme=money, until=dt.date(2008, 12, 31)
    )
    assert [r.teryt for r in own] == ["10"]
    assert (
        reports.programme_report(
            user=personas.coordinator, programme=money, until=dt.date(2008, 12, 31)
        )
        == []
    )


def test_funding_refuses_bad_input_and_other_people(money, personas):
    with pytest.raises(funding.FundingInvalid) as refusal:
        funding.record_funding(
            actor=SYSTEM,
            programme=money,
            source="gift",
            amount_eur=D("-1"),
            received_on=TRANSFER_ON,
            reference="",
        )
    assert set(refusal.value.by_field()) == {"source", "amount_eur", "reference"}
    with pytest.raises(PermissionDenied):
        funding.record_funding(
            actor=personas.analyst,
            programme=money,
            source="loan",
            amount_eur=D("1.00"),
            received_on=TRANSFER_ON,
            reference="X",
        )
