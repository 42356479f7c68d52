"""Provider reports through the services: submitted by the provider's user (or the
coordinator), returned with a comment, fixed and accepted; accepting the final report moves the
contract on; the daily task marks overdue reports once and e-mails provider and coordinator."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied

from integra.contracts import services
from integra.contracts.models import ProviderReport
from integra.contracts.services import ReachInput
from integra.contracts.tests.factories import (
    contract_terms,
    make_contract,
    report_input,
    selected_offer,
)
from integra.core.actors import SystemActor
from integra.core.errors import RulesBroken

pytestmark = pytest.mark.django_db
TASK = SystemActor("test task")


@pytest.fixture
def contract(world):
    return services.sign_contract(
        actor=world.people.coordinator, offer=selected_offer(world), terms=contract_terms(world)
    )


def report(contract, kind):
    return contract.reports.get(kind=kind)


def test_the_provider_submits_and_the_coordinator_returns_then_accepts(world, contract):
    partial = report(contract, "partial")
    partial = services.submit_report(
        actor=world.people.provider, report=partial, values=report_input(world), lock_version=1
    )
    assert (partial.status, partial.submitted_by) == ("submitted", world.people.provider)
    assert sorted(partial.reach.values_list("sex", "people")) == [("f", 10), ("m", 6)]
    assert partial.costs.get().documents.get().eligible_pln == Decimal("6199.20")
    partial = services.return_report(
        actor=world.people.coordinator, report=partial, comment="Brak podpisu na rachunku."
    )
    assert (partial.status, partial.return_comment) == ("returned", "Brak podpisu na rachunku.")
    partial = services.submit_report(
        actor=world.people.provider,
        report=partial,
        values=report_input(world),
        lock_version=partial.lock_version,
    )
    partial = services.accept_report(actor=world.people.coordinator, report=partial)
    assert partial.status == "accepted"
    contract.refresh_from_db()
    assert contract.status == "signed"


def test_accepting_the_final_report_moves_the_contract_on(world, contract):
    final = services.submit_report(
        actor=world.people.coordinator,
        report=report(contract, "final"),
        values=report_input(world),
        lock_version=1,
    )
    services.accept_report(actor=world.people.coordinator, report=final)
    contract.refresh_from_db()
    assert contract.status == "final_report_accepted"


def test_a_report_whose_documents_do_not_add_up_is_refused_at_its_field(world, contract):
    values = report_input(world, spent=Decimal("6000.00"))
    values = type(values)(**{**values.__dict__, "documents": ()})
    with pytest.raises(RulesBroken) as refused:
        services.submit_report(
            actor=world.people.provider,
            report=report(contract, "partial"),
            values=values,
            lock_version=1,
        )
    assert list(refused.value.by_field()) == ["documents"]
    assert ProviderReport.objects.filter(status="submitted").count() == 0


def test_a_report_without_people_reached_is_refused(world, contract):
    values = report_input(world, reach=(ReachInput(world.catalogue.OS, "f", "0_6", 0),))
    with pytest.raises(RulesBroken) as refused:
        services.submit_report(
            actor=world.people.provider,
            report=report(contract, "partial"),
            values=values,
            lock_version=1,
        )
    assert "reach" in refused.value.by_field()


def test_another_providers_report_is_not_found_and_a_return_needs_a_comment(world, contract):
    other = make_contract(world, provider=world.other)
    theirs = ProviderReport.objects.create(
        contract=other, kind="final", number=1, due_on=other.ends_on
    )
    with pytest.raises(ObjectDoesNotExist):
        services.submit_report(
            actor=world.people.provider, report=theirs, values=report_input(world), lock_version=1
        )
    with pytest.raises(PermissionDenied):
        services.accept_report(actor=world.people.provider, report=report(contract, "partial"))
    submitted = services.submit_report(
        actor=world.people.provider,
        report=report(contract, "partial"),
        values=report_input(world),
        lock_version=1,
    )
    with pytest.raises(RulesBroken):
        services.return_report(actor=world.people.coordinator, report=submitted, comment=" ")


def test_overdue_reports_are_marked_once_and_both_sides_told(
    world, contract, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        marked = services.mark_overdue_reports(actor=TASK, today=dt.date(2007, 10, 1))
    assert [r.kind for r in marked] == ["partial"]
    assert report(contract, "partial").overdue_since == dt.date(2007, 10, 1)
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {"provider@example.org", "coordinator@example.org"}
    assert contract.number in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mark_overdue_reports(actor=TASK, today=dt.date(2007, 10, 2)) == []
    assert len(mail.outbox) == 1


def test_the_daily_task_runs_the_check(world, contract, django_capture_on_commit_callbacks):
    from integra.contracts.tasks import mark_overdue_reports_daily

    with django_capture_on_commit_callbacks(execute=True):
        result = mark_overdue_reports_daily.enqueue()
    assert result.return_value == 2  # both reports of 2007 are long past due today
