"""Importing bank statements: the ZBP MT940 and the CSV files of tests/data are read whole (every
bad line named, nothing written), the same file twice changes nothing, a line already imported
from another file is skipped; a line is matched to the one payment it names (amount, days,
account, title) and never pays anything; the review matches, sets aside and reopens a line,
within the reviewer's rights."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from integra.audit.models import AuditEvent
from integra.core.actors import SystemActor
from integra.finance import rules
from integra.finance.importers.statements import (
    StatementRefused,
    parse_statement,
    zbp_details,
)
from integra.finance.models import BankStatement, Payment, StatementLine
from integra.finance.services import statements as services
from integra.finance.services.statements import StatementUpload
from integra.finance.tests.statements_factories import (
    DATA,
    GMINA_ACCOUNT,
    PROVIDER_IBAN,
    statement_world,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas, small_tree):
    return statement_world(personas, small_tree)


def _import(world, name: str, actor=None, **kwargs):
    return services.import_statement(
        actor=actor or world.people.coordinator, gmina=world.gmina, upload=upload(name, **kwargs)
    )


# Reading the files ------------------------------------------------------------------------------


def test_reads_the_zbp_subfields_of_a_movement():
    parsed = parse_statement((DATA / "statement_zbp.sta").read_bytes(), fmt="mt940", name="x")
    assert parsed.account == GMINA_ACCOUNT and parsed.number == "00007/001"
    assert parsed.opening_balance == Decimal("6199.20")
    assert parsed.closing_balance == Decimal("9979.88")
    advance, rent, tranche = parsed.lines
    assert (advance.file_line, advance.value_on, advance.amount) == (
        5,
        dt.date(2007, 7, 3),
        Decimal("-1859.76"),
    )
    assert advance.counterparty_account == PROVIDER_IBAN
    assert advance.counterparty_name == "Stowarzyszenie Razem"
    assert advance.title == "UM/1/2007 ZALICZKA 30%"
    assert advance.bank_reference == "EL2007070300011"
    # Without ~38 the IBAN is built from the sort code (~30) and the account number (~31).
    assert rent.counterparty_account == rules.iban_of_bban("10201026", "0000042270201111")
    assert rent.title == "Czynsz za salę lipiec"
    assert rent.counterparty_name == "Zakład Gospodarki Komunalnej"
    assert tranche.amount == Decimal("6199.20") and tranche.counterparty_account == ""
    assert len({line.key for line in parsed.lines}) == 3


def test_reads_a_free_text_description_and_the_angle_bracket_separator():
    assert zbp_details("PRZELEW ZA FAKTURE 12") == {"title": "PRZELEW ZA FAKTURE 12"}
    assert zbp_details("020<00PRZELEW<20FV 1<21/2007<27Jan<38PL27114020040000300201355387") == {
        "title": "FV 1/2007",
        "counterparty_name": "Jan",
        "counterparty_account": PROVIDER_IBAN,
    }


def test_reads_the_csv_of_polish_excel_in_windows_1250():
    raw = (DATA / "statement.csv").read_bytes()
    parsed = parse_statement(raw, fmt="csv", name="x", account="61 1090 1014 0000 0712 1981 2874")
    assert parsed.account == GMINA_ACCOUNT
    advance, rent, tranche = parsed.lines
    assert advance.amount == Decimal("-1859.76") and advance.value_on == dt.date(2007, 7, 3)
    assert advance.counterparty_account == PROVIDER_IBAN
    assert rent.counterparty_name == "Zakład Gospodarki Komunalnej"
    assert tranche.amount == Decimal("6199.20")


def test_names_every_bad_line_of_a_csv():
    raw = (DATA / "statement_bad.csv").read_bytes()
    with pytest.raises(StatementRefused) as refused:
        parse_statement(raw, fmt="csv", name="bad.csv", account="")
    where = {(p.line, p.field) for p in refused.value.problems}
    assert where == {
        (None, "account"),
        (2, "date"),
        (3, "amount"),
        (4, None),
        (5, "account"),
    }
    assert refused.value.status == 422


def test_names_every_bad_movement_of_an_mt940_file():
    text = (DATA / "statement_zbp.sta").read_text()
    broken = text.replace("0707030703DN", "0713030703DN").replace(
        "0707100710CN000000006199,20", "0707100710CNXYZ"
    )
    with pytest.raises(StatementRefused) as refused:
        parse_statement(broken.encode(), fmt="mt940", name="x.sta")
    assert [p.line for p in refused.value.problems] == [5, 13]


@pytest.mark.parametrize(
    "raw",
    [b"", b"hello", b"\xff\xfe\x00garbage", b":20:X\n:25:/1\n-", "żółw;1".encode("utf-16")],
)
def test_refuses_what_is_no_statement_without_an_error(raw):
    with pytest.raises(StatementRefused):
        parse_statement(raw, fmt="mt940", name="x")
    with pytest.raises(StatementRefused):
        parse_statement(raw, fmt="csv", name="x", account=GMINA_ACCOUNT)


# Importing and matching -------------------------------------------------------------------------


def test_imports_a_zbp_statement_and_matches_the_paid_advance(world):
    result = _import(world, "statement_zbp.sta")
    assert (result.created, result.added, result.skipped, result.matched) == (True, 3, 0, 1)
    statement = result.statement
    assert (statement.starts_on, statement.ends_on) == (dt.date(2007, 7, 3), dt.date(2007, 7, 10))
    assert statement.imported_by == world.people.coordinator
    advance = statement.lines.get(position=1)
    assert advance.state == StatementLine.State.MATCHED and advance.payment == world.payment
    assert set(statement.lines.exclude(position=1).values_list("state", flat=True)) == {"unmatched"}
    world.payment.refresh_from_db()
    assert world.payment.bank_line == advance
    event = AuditEvent.objects.get(action="finance.bank_statement.imported")
    assert event.changes["matched"] == 1 and event.territory_teryt == world.gmina.teryt


def test_the_same_file_twice_changes_nothing(world):
    _import(world, "statement_zbp.sta")
    events = AuditEvent.objects.count()
    again = _import(world, "statement_zbp.sta")
    assert (again.created, again.added) == (False, 0)
    assert BankStatement.objects.count() == 1 and StatementLine.objects.count() == 3
    assert AuditEvent.objects.count() == events


def test_a_csv_of_the_same_movements_adds_nothing_new(world):
    first = _import(world, "statement.csv")
    assert (first.added, first.matched) == (3, 1)
    other = services.import_statement(
        actor=world.people.finance,
        gmina=world.gmina,
        upload=StatementUpload(
            file_name="again.csv",
            content=(DATA / "statement.csv").read_bytes() + b"\r\n",
            format="csv",
            account=GMINA_ACCOUNT,
        ),
    )
    assert other.created and (other.added, other.skipped) == (0, 3)
    assert StatementLine.objects.count() == 3


def test_an_approved_payment_waiting_to_be_paid_is_matched_but_not_paid(personas, small_tree):
    world = statement_world(personas, small_tree, pay=False)
    services_payment = world.payment
    from integra.finance.services import payments as payment_services

    payment_services.approve_payment(actor=personas.finance, payment=services_payment)
    # Approved (not paid) the day before the bank's value date.
    Payment.objects.filter(pk=services_payment.pk).update(
        approved_at=dt.datetime(2007, 7, 2, 12, tzinfo=dt.UTC)
    )
    result = _import(world, "statement_zbp.sta")
    assert result.matched == 1
    services_payment.refresh_from_db()
    assert services_payment.status == Payment.Status.APPROVED
    assert services_payment.transaction_id is None


def test_a_recorded_payment_is_not_matched(personas, small_tree):
    world = statement_world(personas, small_tree, pay=False)
    assert _import(world, "statement_zbp.sta").matched == 0


def test_a_payment_outside_the_window_of_days_is_not_matched(world):
    Payment.objects.filter(pk=world.payment.pk).update(paid_on=dt.date(2007, 6, 25))
    assert _import(world, "statement_zbp.sta").matched == 0


def test_a_bad_file_writes_nothing(world):
    with pytest.raises(StatementRefused):
        _import(world, "statement_bad.csv")
    assert not BankStatement.objects.exists() and not StatementLine.objects.exists()


def test_refuses_a_file_too_large_at_its_field(world):
    big = StatementUpload("big.sta", b"x" * (rules.STATEMENT_MAX_BYTES + 1), "mt940")
    with pytest.raises(StatementRefused) as refused:
        services.import_statement(actor=world.people.coordinator, gmina=world.gmina, upload=big)
    assert refused.value.problems[0].field == "file"


def test_rights_to_import(world):
    with pytest.raises(PermissionDenied):
        _import(world, "statement_zbp.sta", actor=world.people.viewer)
    with pytest.raises(StatementLine.DoesNotExist.__mro__[1]):  # ObjectDoesNotExist: 404
        _import(world, "statement_zbp.sta", actor=world.people.neighbour)
    assert _import(world, "statement_zbp.sta", actor=world.people.finance).created
    assert not BankStatement.objects.filter(imported_by=world.people.neighbour).exists()


# The review -------------------------------------------------------------------------------------


def test_a_person_matches_sets_aside_and_reopens(world):
    statement = _import(world, "statement_zbp.sta").statement
    advance, rent, tranche = statement.lines.order_by("position")
    reopened = services.reopen_line(actor=world.people.finance, line=advance)
    assert reopened.state == "unmatched" and reopened.payment is None
    with pytest.raises(services.LineMatchInvalid):
        services.match_line(actor=world.people.finance, line=rent, payment_id=world.payment.pk)
    matched = services.match_line(
        actor=world.people.finance, line=advance, payment_id=world.payment.pk
    )
    assert matched.state == "confirmed" and matched.decided_by_label == "finance"
    with pytest.raises(services.LineDecided):
        services.match_line(actor=world.people.finance, line=advance, payment_id=world.payment.pk)
    aside = services.set_aside_line(actor=world.people.coordinator, line=tranche)
    assert aside.state == "not_ours"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "finance.statement_line.matched",
        "finance.statement_line.set_aside",
        "finance.statement_line.reopened",
    } <= actions


def test_a_payment_is_confirmed_by_one_line_only(world):
    statement = _import(world, "statement_zbp.sta").statement
    services.reopen_line(actor=world.people.finance, line=statement.lines.get(position=1))
    # The CSV's movements differ in their titles: new lines, and its advance takes the payment.
    other = _import(world, "statement.csv")
    assert (other.added, other.matched) == (3, 1)
    with pytest.raises(services.LineMatchInvalid):
        services.match_line(
            actor=world.people.finance,
            line=statement.lines.get(position=1),
            payment_id=world.payment.pk,
        )
    assert StatementLine.objects.filter(payment=world.payment).count() == 1


def test_the_review_is_refused_outside_the_rights(world):
    line = _import(world, "statement_zbp.sta").statement.lines.get(position=2)
    with pytest.raises(PermissionDenied):
        services.set_aside_line(actor=world.people.viewer, line=line)
    with pytest.raises(StatementLine.DoesNotExist.__mro__[1]):
        services.set_aside_line(actor=world.people.coordinator_lublin, line=line)
    assert services.set_aside_line(actor=SystemActor("test"), line=line).state == "not_ours"
