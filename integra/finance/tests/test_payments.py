"""Payments to providers: each rule refuses in Polish-ready words at its field and writes
nothing; maker-checker; paying posts the ledger's payment in PLN and EUR at the NBP rate kept;
refunds lower paid, returns lower received; verify_ledger agrees with the documents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import IntegrityError, transaction

from integra.finance import rules
from integra.finance.models import Invoice, Payment, PaymentRefused, Refund
from integra.finance.selectors import (
    contract_paid,
    gmina_balance,
    list_payments,
    payments_to_approve,
    verify,
)
from integra.finance.services import ledger
from integra.finance.services import payments as services
from integra.finance.tests.payments_factories import (
    ADVANCE,
    PAID_ON,
    REST,
    SYSTEM,
    VALUE,
    accept,
    advance_input,
    allow_prefinancing,
    final_input,
    invoice,
    payment_world,
    receive,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, small_tree):
    return payment_world(personas, small_tree)


def _record(world, data, actor=None):
    return services.record_payment(
        actor=actor or world.people.coordinator, contract=world.contract, data=data
    )


def _fields(error) -> set[str]:
    return {p.field for p in error.value.problems}


def _nothing_written() -> bool:
    return not Payment.objects.exists() and not Invoice.objects.exists()


def test_the_advance_is_at_most_the_contracts_advance(world):
    receive(world, VALUE)
    with pytest.raises(services.PaymentInvalid) as refused:
        _record(world, advance_input(ADVANCE + Decimal("0.01")))
    assert _fields(refused) == {"amount_pln"} and "30%" in str(refused.value.problems[0])
    assert _nothing_written()
    payment = _record(world, advance_input())
    assert (payment.status, payment.amount_pln) == ("recorded", ADVANCE)
    with pytest.raises(services.PaymentInvalid):  # the advance is taken
        _record(world, advance_input(Decimal("0.01")))


def test_an_instalment_follows_an_accepted_report_and_stays_within_it(world):
    receive(world, VALUE)
    data = rules.PaymentInput(
        kind="instalment", amount_pln=REST, instalment_id=world.rest.pk, invoice=invoice()
    )
    with pytest.raises(services.PaymentInvalid) as refused:
        _record(world, data)
    assert _fields(refused) == {"instalment"}
    assert _nothing_written()
    accept(world, "partial")
    bigger = rules.PaymentInput(
        kind="instalment",
        amount_pln=REST + 1,
        instalment_id=world.rest.pk,
        invoice=invoice(amount="5000.00"),
    )
    with pytest.raises(services.PaymentInvalid) as refused:
        _record(world, bigger)
    assert "amount_pln" in _fields(refused)
    assert _record(world, data).instalment == world.rest
    advance_as_instalment = rules.PaymentInput(
        kind="instalment",
        amount_pln=Decimal("1.00"),
        instalment_id=world.advance.pk,
        invoice=invoice("FV/2"),
    )
    with pytest.raises(services.PaymentInvalid):
        _record(world, advance_as_instalment)


def test_the_final_payment_follows_the_accepted_final_report(world):
    receive(world, VALUE)
    with pytest.raises(services.PaymentInvalid) as refused:
        _record(world, final_input())
    assert _fields(refused) == {"kind"} and _nothing_written()
    accept(world, "final")
    assert _record(world, final_input()).kind == "final"


def test_a_payment_is_at_most_what_is_left_of_its_contract(world):
    receive(world, "100000.00")
    accept(world, "final")
    _record(world, advance_input())
    with pytest.raises(services.PaymentInvalid) as refused:
        _record(world, final_input(REST + Decimal("0.01"), amount="9000.00"))
    assert any("left to pay" in str(p) for p in refused.value.problems)
    assert Payment.objects.count() == 1
    _record(world, final_input())
    assert Payment.objects.live().count() == 2


def test_payments_on_an_invoice_stay_within_its_eligible_part(world):
    receive(world, VALUE)
    accept(world, "final")
    with pytest.raises(services.PaymentInvalid) as refused:
        _record(world, final_input(Decimal("1500.00"), amount="1500.00", eligible="1000.00"))
    assert _fields(refused) == {"amount_pln"} and _nothing_written()
    first = _record(world, final_input(Decimal("600.00"), amount="1500.00", eligible="1000.00"))
    document = first.parts.get().invoice
    more = rules.PaymentInput(
        kind="final",
        amount_pln=Decimal("400.01"),
        invoice_parts=((document.pk, Decimal("400.01")),),
    )
    with pytest.raises(services.PaymentInvalid):
        _record(world, more)
    exact = rules.PaymentInput(
        kind="final",
        amount_pln=Decimal("400.00"),
        invoice_parts=((document.pk, Decimal("400.00")),),
    )
    assert _record(world, exact).amount_pln == Decimal("400.00")


def test_an_invoice_number_of_a_provider_is_recorded_and_paid_once(world):
    receive(world, VALUE)
    accept(world, "final")
    _record(world, final_input(Decimal("100.00"), amount="100.00"))
    with pytest.raises(services.PaymentInvalid) as refused:
        _record(world, final_input(Decimal("100.00"), amount="100.00"))
    assert _fields(refused) == {"invoice_number"}
    assert Payment.objects.count() == 1
    original = Invoice.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            provider=original.provider,
            contract=original.contract,
            number=original.number,
            issued_on=original.issued_on,
            issuer_nip=original.issuer_nip,
            amount_pln=Decimal("1.00"),
            eligible_pln=Decimal("1.00"),
            ineligible_pln=Decimal("0.00"),
            line="services",
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"issuer_nip": "5260250275"}, "issuer_nip"),
        ({"issuer_nip": "12345"}, "issuer_nip"),
        ({"number": ""}, "number"),
        ({"eligible_pln": Decimal("5000.00")}, "eligible_pln"),
        ({"amount_pln": Decimal("-1")}, "amount_pln"),
        ({"issued_on": None}, "issued_on"),
        ({"line": "other"}, "line"),
    ],
)
def test_a_bad_invoice_is_refused_at_its_field(world, changes, field):
    bad = invoice()
    for name, value in changes.items():
        setattr(bad, name, value)
    data = rules.PaymentInput(kind="final", amount_pln=Decimal("1.00"), invoice=bad)
    with pytest.raises(services.PaymentInvalid) as refused:
        _record(world, data)
    assert f"invoice_{field}" in _fields(refused) and _nothing_written()


def test_a_payment_comes_from_money_received_unless_pre_financing_is_allowed(world):
    with pytest.raises(services.PaymentInvalid) as refused:
        _record(world, advance_input())
    assert "pre-financing" in str(refused.value.problems[0]) and _nothing_written()
    receive(world, "1000.00")
    with pytest.raises(services.PaymentInvalid):
        _record(world, advance_input())
    assert _record(world, advance_input(Decimal("1000.00"))).amount_pln == Decimal("1000.00")
    allow_prefinancing(world.programme)
    assert _record(world, advance_input(ADVANCE - 1000)).status == "recorded"


def test_whoever_records_a_payment_cannot_approve_it(world):
    receive(world, VALUE)
    payment = _record(world, advance_input())
    with pytest.raises(services.SameApproverRefused):
        services.approve_payment(actor=world.people.coordinator, payment=payment)
    assert Payment.objects.get().status == "recorded"
    assert payments_to_approve(user=world.people.coordinator) == []
    assert payments_to_approve(user=world.people.finance) == [payment]


def test_the_approved_payment_is_paid_into_the_ledger_at_the_nbp_rate(world):
    receive(world, VALUE)
    payment = _record(world, advance_input())
    payment = services.approve_payment(actor=world.people.finance, payment=payment)
    assert payment.status == "approved" and payment.transaction is None
    payment = services.pay_payment(actor=world.people.finance, payment=payment, paid_on=PAID_ON)
    assert payment.status == "paid" and payment.rate == Decimal("3.79")
    assert payment.eur_equivalent == (ADVANCE / Decimal("3.79")).quantize(Decimal("0.01"))
    assert contract_paid(world.contract) == ADVANCE
    balance = gmina_balance(world.programme, world.gmina.teryt)
    assert (balance.received_pln, balance.paid_pln, balance.committed_pln) == (
        VALUE,
        ADVANCE,
        VALUE,
    )
    assert balance.available_pln == VALUE - ADVANCE
    payment_checks = [p for p in verify(first_only=False).problems if "contract" in p]
    assert payment_checks == []
    with pytest.raises(PaymentRefused):
        services.pay_payment(actor=world.people.finance, payment=payment, paid_on=PAID_ON)


def test_approving_with_a_day_pays_at_once_and_a_missing_rate_writes_nothing(world):
    receive(world, VALUE)
    payment = _record(world, advance_input())
    with pytest.raises(services.PaymentInvalid) as refused:
        services.approve_payment(
            actor=world.people.finance, payment=payment, paid_on=dt.date(2007, 9, 20)
        )
    assert _fields(refused) == {"paid_on"}
    assert Payment.objects.get().status == "recorded"
    paid = services.approve_payment(actor=world.people.finance, payment=payment, paid_on=PAID_ON)
    assert paid.status == "paid" and paid.approved_by == world.people.finance


def test_a_rejected_payment_frees_its_money(world):
    receive(world, VALUE)
    payment = _record(world, advance_input())
    with pytest.raises(services.PaymentInvalid):
        services.reject_payment(actor=world.people.finance, payment=payment, comment=" ")
    services.reject_payment(actor=world.people.finance, payment=payment, comment="Zły rachunek")
    assert Payment.objects.get().status == "rejected"
    assert _record(world, advance_input()).status == "recorded"


def test_refunds_lower_paid_and_returns_lower_received(world):
    receive(world, VALUE)
    payment = _record(world, advance_input())
    services.approve_payment(actor=world.people.finance, payment=payment, paid_on=PAID_ON)
    with pytest.raises(services.RefundInvalid) as refused:
        services.record_provider_refund(
            actor=world.people.coordinator,
            contract=world.contract,
            amount_pln=ADVANCE + 1,
            received_on=PAID_ON,
            reason="Nadpłata",
        )
    assert _fields(refused) == {"amount_pln"} and not Refund.objects.exists()
    services.record_provider_refund(
        actor=world.people.coordinator,
        contract=world.contract,
        amount_pln=Decimal("59.76"),
        received_on=PAID_ON,
        reason="Nadpłata",
    )
    assert contract_paid(world.contract) == Decimal("1800.00")
    with pytest.raises(services.RefundInvalid):  # more than is free of the gmina's money
        services.record_gmina_return(
            actor=world.people.finance,
            programme=world.programme,
            gmina=world.gmina,
            amount_pln=VALUE,
            received_on=PAID_ON,
            reason="Niewykorzystane środki",
        )
    services.record_gmina_return(
        actor=world.people.finance,
        programme=world.programme,
        gmina=world.gmina,
        amount_pln=Decimal("1000.00"),
        received_on=PAID_ON,
        reason="Niewykorzystane środki",
    )
    balance = gmina_balance(world.programme, world.gmina.teryt)
    assert (balance.received_pln, balance.returned_pln, balance.refunded_pln) == (
        VALUE - 1000,
        Decimal("1000.00"),
        Decimal("59.76"),
    )
    assert balance.paid_pln == Decimal("1800.00")
    problems = [p for p in verify(first_only=False).problems if "contract" in p or "returned" in p]
    assert problems == []


def test_a_reversed_payment_stays_true_to_its_documents(world):
    receive(world, VALUE)
    payment = _record(world, advance_input())
    paid = services.approve_payment(actor=world.people.finance, payment=payment, paid_on=PAID_ON)
    ledger.reverse(actor=SYSTEM, original=paid.transaction)
    assert contract_paid(world.contract) == 0
    assert [p for p in verify(first_only=False).problems if "contract" in p] == []


def test_nothing_is_paid_under_a_terminated_contract(world):
    receive(world, VALUE)
    from integra.contracts import services as contract_services

    contract_services.terminate_contract(
        actor=world.people.coordinator,
        contract=world.contract,
        terminated_on=dt.date(2007, 7, 1),
        reason="Rezygnacja",
    )
    with pytest.raises(services.PaymentNotAllowed):
        _record(world, advance_input())


# Rights: role × own / neighbouring / other voivodeship -----------------------------------------


@pytest.mark.parametrize(
    ("person", "outcome"),
    [
        ("coordinator", "ok"),
        ("finance", "ok"),
        ("viewer", PermissionDenied),
        ("officer", PermissionDenied),
        ("admin", PermissionDenied),
        ("neighbour", ObjectDoesNotExist),
        ("coordinator_lublin", ObjectDoesNotExist),
        ("officer_lublin", ObjectDoesNotExist),
        ("provider", PermissionDenied),
    ],
)
def test_who_records_a_payment(world, person, outcome):
    allow_prefinancing(world.programme)
    actor = getattr(world.people, person)
    if outcome == "ok":
        assert _record(world, advance_input(), actor=actor).recorded_by == actor
    else:
        with pytest.raises(outcome):
            _record(world, advance_input(), actor=actor)
        assert _nothing_written()


@pytest.mark.parametrize(
    ("person", "outcome"),
    [
        ("finance", "ok"),
        ("viewer", PermissionDenied),
        ("neighbour", ObjectDoesNotExist),
        ("coordinator_lublin", ObjectDoesNotExist),
        ("admin", PermissionDenied),
    ],
)
def test_who_approves_a_payment(world, person, outcome):
    allow_prefinancing(world.programme)
    payment = _record(world, advance_input())
    actor = getattr(world.people, person)
    if outcome == "ok":
        assert services.approve_payment(actor=actor, payment=payment).status == "approved"
    else:
        with pytest.raises(outcome):
            services.approve_payment(actor=actor, payment=payment)
        assert Payment.objects.get().status == "recorded"


@pytest.mark.parametrize(
    ("person", "sees"),
    [
        ("coordinator", 1),
        ("viewer", 1),
        ("officer", 1),
        ("finance", 1),
        ("analyst", 1),
        ("provider", 1),
        ("neighbour", 0),
        ("coordinator_lublin", 0),
        ("officer_lublin", 0),
        ("expert", 0),
    ],
)
def test_who_sees_the_payments(world, person, sees):
    allow_prefinancing(world.programme)
    _record(world, advance_input())
    assert list_payments(user=getattr(world.people, person)).count() == sees


def test_a_provider_user_sees_only_their_organisations_payments(world):
    from integra.contracts.tests.factories import make_contract

    allow_prefinancing(world.programme)
    _record(world, advance_input())
    other = make_contract(world, provider=world.other, value=Decimal("1000.00"))
    world.contract = other
    _record(world, advance_input(Decimal("300.00")))
    seen = list_payments(user=world.people.provider)
    assert [p.contract for p in seen] == [Payment.objects.order_by("pk").first().contract]
