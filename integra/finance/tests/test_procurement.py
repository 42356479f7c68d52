"""The contracts that carry out the procurement plan: a component-level contract signed from its
item (no gmina, no round, no planned services), committed against the component in PLN and in
EUR at the NBP rate kept on its link, within the component's budget; an existing contract
linked; the item's actual signature and status following its contracts; verify_ledger checking
the commitment; the status report's contracts and delays."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction

from integra.audit.models import AuditEvent
from integra.contracts.models import Contract, ContractService
from integra.contracts.rules import ComponentContractTerms, InstalmentInput
from integra.contracts.services import component_contracts
from integra.contracts.services.contracts import terminate_contract
from integra.core.errors import RulesBroken
from integra.finance import demo
from integra.finance.models import Account, Component, ItemContract, ProcurementItem, Transaction
from integra.finance.selectors import account_balances, procurement_status, verify
from integra.finance.services import procurement
from integra.finance.tests.factories import SYSTEM, by_hand
from integra.providers.tests.factories import make_provider

pytestmark = pytest.mark.django_db

SIGNED = dt.date(2008, 2, 20)  # the NBP table of 2008-02-15: 3.5902 PLN per EUR
VALUE = Decimal("359020.00")  # 100,000.00 EUR at that rate


def terms(**overrides) -> ComponentContractTerms:
    value = overrides.pop("value_pln", VALUE)
    base = {
        "number": "C/1/2008",
        "signed_on": SIGNED,
        "ministry_representative": "Dyrektor Departamentu",
        "provider_representative": "Prezes Zarządu",
        "starts_on": dt.date(2008, 3, 1),
        "ends_on": dt.date(2009, 12, 31),
        "value_pln": value,
        "instalments": (
            InstalmentInput(dt.date(2008, 3, 15), value * 3 / 10, is_advance=True),
            InstalmentInput(dt.date(2009, 12, 31), value - value * 3 / 10),
        ),
    }
    base.update(overrides)
    return ComponentContractTerms(**base)


@pytest.fixture
def plan(pis, nbp_rate):
    demo.seed_components(pis)
    return pis


@pytest.fixture
def item(plan) -> ProcurementItem:
    return ProcurementItem.objects.get(reference="C-QCBS-01")


@pytest.fixture
def agency(small_tree):
    return make_provider(kind="firm", name="Agencja Kampanii Sp. z o.o.")


def _sign(item, agency, actor=SYSTEM, **overrides) -> ItemContract:
    return procurement.sign_item_contract(
        actor=actor, item=item, provider=agency, terms=terms(**overrides)
    )


def _balances(kind: str, reference: str) -> dict[str, Decimal]:
    accounts = Account.objects.filter(kind=kind, reference=reference)
    balances = account_balances(accounts)
    return {a.currency: balances[a.pk] for a in accounts}


# The contract without a gmina ---------------------------------------------------------------


def test_the_contract_has_no_gmina_round_or_services_and_commits_the_component(item, agency):
    link = _sign(item, agency)
    contract = link.contract
    assert (contract.gmina, contract.offer, contract.failed_round) == (None, None, None)
    assert contract.kind == Contract.Kind.AGREEMENT
    assert not ContractService.objects.filter(contract=contract).exists()
    assert list(contract.instalments.values_list("amount_pln", flat=True)) == [
        Decimal("107706.00"),
        Decimal("251314.00"),
    ]
    assert (link.amount_eur, link.rate, link.rate_table) == (
        Decimal("100000.00"),
        Decimal("3.5902"),
        "033/A/NBP/2008",
    )
    component = f"finance.component:{item.component_id}"
    assert _balances("component", component) == {"PLN": VALUE, "EUR": Decimal("100000.00")}
    own = f"contracts.contract:{contract.pk}"
    assert _balances("contract", own) == {"PLN": -VALUE, "EUR": Decimal("-100000.00")}
    posted = Transaction.objects.get(movement="commitment")
    assert posted.value_date == SIGNED
    assert Account.objects.get(kind="contract", reference=own, currency="PLN").teryt == ""
    report = verify(first_only=False)
    assert report.problems == []
    assert set(
        AuditEvent.objects.filter(
            action__in=["contracts.contract.signed", "finance.item_contract.linked"]
        ).values_list("action", flat=True)
    ) == {"contracts.contract.signed", "finance.item_contract.linked"}


def test_the_item_follows_its_contract(item, agency):
    assert (item.status, item.actual_signature) == ("in_progress", None)
    _sign(item, agency)
    item.refresh_from_db()
    assert (item.status, item.actual_signature, item.lock_version) == ("contracted", SIGNED, 2)


def test_a_contract_past_the_component_budget_is_refused_and_nothing_is_written(item, agency):
    Component.objects.filter(pk=item.component_id).update(budget_eur=Decimal("150000.00"))
    _sign(item, agency)
    with pytest.raises(procurement.ComponentBudgetExceeded) as refused:
        _sign(item, agency, number="C/2/2008")
    assert list(refused.value.by_field()) == ["value_pln"]
    assert "50,000.00\xa0EUR is left" in str(refused.value)
    assert Contract.objects.count() == 1
    assert Transaction.objects.count() == 1
    # within what is left it passes
    _sign(item, agency, number="C/2/2008", value_pln=Decimal("179510.00"))
    assert procurement.component_committed_eur(item.component) == Decimal("150000.00")


def test_a_terminated_contract_frees_the_component(item, agency):
    Component.objects.filter(pk=item.component_id).update(budget_eur=Decimal("100000.00"))
    link = _sign(item, agency)
    terminate_contract(
        actor=SYSTEM, contract=link.contract, terminated_on=dt.date(2008, 4, 1), reason="Zerwana"
    )
    component = f"finance.component:{item.component_id}"
    assert _balances("component", component) == {"PLN": Decimal("0.00"), "EUR": Decimal("0.00")}
    _sign(item, agency, number="C/2/2008")
    assert verify(first_only=False).problems == []


def test_bad_terms_are_refused_whole_at_their_fields(item, agency):
    with pytest.raises(procurement.ItemContractInvalid) as refused:
        _sign(
            item,
            agency,
            number="",
            ends_on=dt.date(2008, 1, 1),
            instalments=(InstalmentInput(dt.date(2008, 3, 15), Decimal("1.00")),),
        )
    assert set(refused.value.by_field()) >= {"number", "ends_on", "instalments"}
    assert not Contract.objects.exists()


def test_a_day_without_an_nbp_rate_is_refused_at_the_signing(item, agency):
    with pytest.raises(procurement.ItemContractInvalid) as refused:
        _sign(item, agency, signed_on=dt.date(2008, 1, 2))
    assert list(refused.value.by_field()) == ["signed_on"]
    assert not Contract.objects.exists()


def test_a_number_is_unique_among_the_programmes_component_contracts(item, agency):
    _sign(item, agency)
    with pytest.raises(RulesBroken) as refused:
        _sign(item, agency)
    assert list(refused.value.by_field()) == ["number"]
    assert Contract.objects.count() == 1


def test_a_gmina_unit_takes_no_component_contract(item, small_tree):
    school = make_provider(kind="school")
    with pytest.raises(procurement.ItemContractInvalid) as refused:
        _sign(item, school)
    assert list(refused.value.by_field()) == ["provider"]


def test_a_cancelled_item_takes_no_contract(item, agency):
    ProcurementItem.objects.filter(pk=item.pk).update(status="cancelled")
    with pytest.raises(procurement.ItemCancelled):
        _sign(item, agency)


def test_only_a_ministry_admin_signs(item, agency, personas):
    for person in (personas.analyst, personas.officer, personas.finance, personas.coordinator):
        with pytest.raises(PermissionDenied):
            _sign(item, agency, actor=person)
    assert _sign(item, agency, actor=personas.admin).contract.number == "C/1/2008"


# The database's own rules ----------------------------------------------------------------------


def test_the_database_refuses_planned_services_on_a_component_contract(item, agency):
    contract = _sign(item, agency).contract
    with (
        pytest.raises(IntegrityError, match="carries no planned services"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO contracts_contractservice "
            "(contract_id, plan_id, service_key, planned_service_id, line, amount_pln, "
            "amount_eur) VALUES (%s, 1, %s, 1, 'services', 1, 1)",
            [contract.pk, "0" * 32],
        )
    assert not ContractService.objects.exists()


def test_the_database_refuses_a_component_contract_with_a_round(item, agency, small_tree):
    contract = _sign(item, agency).contract
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=contract.pk).update(direct_justification="bez przetargu")


def test_the_database_refuses_a_gmina_contract_without_its_round(item, agency, small_tree):
    contract = _sign(item, agency).contract
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=contract.pk).update(gmina=small_tree["1001022"], number="G/1")


def test_the_database_refuses_a_twin_number_in_the_programme(item, agency):
    contract = _sign(item, agency).contract
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.create(
            programme=contract.programme,
            provider=agency,
            kind="agreement",
            number=contract.number,
            signed_on=SIGNED,
            gmina_representative="x",
            provider_representative="y",
            starts_on=SIGNED,
            ends_on=SIGNED,
            value_pln=1,
        )


# Linking an existing contract, the ledger's check ---------------------------------------------


def _unlinked(item, agency, number="C/9/2008") -> Contract:
    return component_contracts.sign_component_contract(
        actor=SYSTEM,
        programme=item.component.programme,
        provider=agency,
        terms=terms(number=number),
    )


def test_an_unlinked_component_contract_is_posted_when_linked(item, agency):
    _sign(item, agency)  # the programme has postings: verify_ledger looks at its contracts
    contract = _unlinked(item, agency)
    assert Transaction.objects.count() == 1
    assert verify(first_only=False).problems == [
        "contract C/9/2008: no commitment in the ledger",
        "contract C/9/2008: a component-level contract carries out no procurement item",
    ]
    link = procurement.link_contract(actor=SYSTEM, item=item, contract=contract)
    assert link.amount_eur == Decimal("100000.00")
    assert verify(first_only=False).problems == []
    with pytest.raises(procurement.ItemContractInvalid) as refused:
        procurement.link_contract(actor=SYSTEM, item=item, contract=contract)
    assert list(refused.value.by_field()) == ["contract"]


def test_linking_past_the_budget_is_refused_at_the_contract(item, agency):
    Component.objects.filter(pk=item.component_id).update(budget_eur=Decimal("99999.99"))
    contract = _unlinked(item, agency)
    with pytest.raises(procurement.ComponentBudgetExceeded) as refused:
        procurement.link_contract(actor=SYSTEM, item=item, contract=contract)
    assert list(refused.value.by_field()) == ["contract"]
    assert not ItemContract.objects.exists()


def test_verify_ledger_catches_a_commitment_edited_by_hand(item, agency):
    link = _sign(item, agency)
    own = Account.objects.get(
        kind="contract", reference=f"contracts.contract:{link.contract_id}", currency="EUR"
    )
    by_hand("UPDATE finance_entry SET amount = -90000 WHERE account_id = %s", [own.pk])
    problems = " ".join(verify(first_only=False).problems)
    assert "committed 90000.00 EUR in the ledger, its link keeps 100000.00 EUR" in problems


# The status report ------------------------------------------------------------------------------


def test_the_status_shows_the_contracts_and_the_signature_delay(item, agency, plan, personas):
    _sign(item, agency)
    rows = {
        row.item.reference: row
        for row in procurement_status(
            user=personas.analyst, programme=plan, today=dt.date(2008, 6, 1)
        )
    }
    row = rows["C-QCBS-01"]
    signature = next(s for s in row.steps if s.step == "signature")
    # planned 2006-08-01, signed 2008-02-20
    assert (signature.actual, signature.delay) == (SIGNED, 568)
    assert [(c.number, c.value_pln, c.amount_eur, c.gmina) for c in row.contracts] == [
        ("C/1/2008", VALUE, Decimal("100000.00"), "")
    ]
    assert row.contracted_pln == VALUE
    assert rows["C-SH-02"].contracts == []
