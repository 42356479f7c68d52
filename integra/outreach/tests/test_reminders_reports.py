"""Reminders of the quarterly progress report and of last year's settlement: due, overdue,
escalated to the consultant; a submitted one stops them; e-mails in Polish with the link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from integra.core.actors import SystemActor
from integra.finance.models import Settlement
from integra.monitoring.services.reports import create_report, submit_report
from integra.outreach import services
from integra.outreach.models import Notification

pytestmark = pytest.mark.django_db
SYSTEM = SystemActor("test")


@pytest.fixture(autouse=True)
def days(settings):
    settings.INTEGRA_REMIND_DAYS_BEFORE = 7
    settings.INTEGRA_ESCALATE_DAYS = 14
    settings.INTEGRA_PROGRESS_REPORT_DAYS = 30  # 2007-Q2 is due on 30 July 2007
    settings.INTEGRA_SETTLEMENT_DUE = "03-31"


def kinds(user, *wanted):
    rows = Notification.objects.filter(user=user, kind__in=wanted)
    return sorted(rows.values_list("kind", flat=True))


def test_the_quarterly_report_is_due_then_overdue_then_escalated(world):
    report = ("report_due", "report_overdue")
    services.send_reminders(actor=SYSTEM, today=dt.date(2007, 7, 22))
    assert kinds(world.people.coordinator, *report) == []  # more than 7 days before
    services.send_reminders(actor=SYSTEM, today=dt.date(2007, 7, 25))
    assert kinds(world.people.coordinator, *report) == ["report_due"]
    mine = [m.body for m in mail.outbox if m.to == ["coordinator@example.org"]]
    [body] = [b for b in mine if "sprawozdanie kwartalne" in b]
    assert "Złóż sprawozdanie kwartalne" in body and "2007-Q2" in body
    assert "/monitoring/sprawozdania/" in body
    services.send_reminders(actor=SYSTEM, today=dt.date(2007, 8, 2))
    assert kinds(world.people.coordinator, *report) == ["report_due", "report_overdue"]
    escalations = Notification.objects.filter(user=world.people.consultant, kind="escalation")
    assert not escalations.filter(key__contains="2007-Q2").exists()  # not yet 14 days
    services.send_reminders(actor=SYSTEM, today=dt.date(2007, 8, 14))
    assert escalations.filter(key__contains="2007-Q2").exists()


def test_a_submitted_report_stops_its_reminders(world):
    report = create_report(
        actor=world.people.coordinator,
        programme=world.programme,
        gmina=world.gmina,
        period="2007-Q2",
    )
    submit_report(actor=world.people.coordinator, report=report, lock_version=report.lock_version)
    services.send_reminders(actor=SYSTEM, today=dt.date(2007, 8, 2))
    assert kinds(world.people.coordinator, "report_due", "report_overdue") == []
    neighbour = Notification.objects.filter(kind="report_overdue", key__contains="1001033")
    assert neighbour.exists()  # the other gmina of the coordinator's region still owes it


def test_last_years_settlement_is_due_by_the_day_and_a_submitted_one_stops_it(world):
    settle = ("settlement_due", "settlement_overdue")
    services.send_reminders(actor=SYSTEM, today=dt.date(2008, 3, 26))
    assert kinds(world.people.coordinator, *settle) == ["settlement_due"]
    assert any("2007" in m.body and "rozliczenie" in m.body for m in mail.outbox)
    Settlement.objects.filter(gmina=world.gmina).delete()
    Settlement.objects.create(
        programme=world.programme,
        gmina=world.gmina,
        year=2007,
        status=Settlement.Status.SUBMITTED,
        created_by_label="test",
    )
    services.send_reminders(actor=SYSTEM, today=dt.date(2008, 4, 2))
    assert kinds(world.people.coordinator, *settle) == ["settlement_due"]  # no overdue
    overdue = Notification.objects.filter(kind="settlement_overdue", key__contains="1001033")
    assert overdue.exists()


def test_running_twice_adds_no_report_or_settlement_reminder(world):
    first = services.send_reminders(actor=SYSTEM, today=dt.date(2008, 4, 2))
    again = services.send_reminders(actor=SYSTEM, today=dt.date(2008, 4, 2))
    assert first.kinds.get("settlement_overdue", 0) > 0
    assert again.created == 0
