"""Reminders: a plan to submit, overdue and escalated to the consultant; a review overdue; a
training's registration closing — each one notification per person, an e-mail in Polish with a
link unless turned off; running twice on a day sends each once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from integra.core.actors import SystemActor
from integra.outreach import services
from integra.outreach.models import Notification
from integra.outreach.tests.factories import make_session

pytestmark = pytest.mark.django_db
SYSTEM = SystemActor("test")
# The programme of the tests runs 2007–2009; plans are due on 31 March (INTEGRA_PLAN_DUE).
DUE_SOON = dt.date(2007, 3, 28)
OVERDUE = dt.date(2007, 4, 2)
ESCALATED = dt.date(2007, 4, 20)


def kinds(user):
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_a_plan_due_soon_reminds_the_coordinator_in_polish_with_a_link(world):
    run = services.send_reminders(actor=SYSTEM, today=DUE_SOON)
    assert run.created >= 1
    assert kinds(world.people.coordinator) == ["plan_due"]
    assert kinds(world.people.viewer) == []  # coordinators write plans
    [message] = [m for m in mail.outbox if m.to == ["coordinator@example.org"]]
    assert "przypomnienie" in message.subject
    assert "Złóż Plan Działania" in message.body
    assert "http://localhost:8000" + reverse("action_plans:action-plan-new") in message.body


def test_running_twice_on_the_same_day_sends_each_reminder_once(world):
    first = services.send_reminders(actor=SYSTEM, today=DUE_SOON)
    sent = len(mail.outbox)
    second = services.send_reminders(actor=SYSTEM, today=DUE_SOON)
    assert first.created > 0 and second.created == 0
    assert len(mail.outbox) == sent
    assert Notification.objects.filter(user=world.people.coordinator).count() == 1


def test_an_overdue_plan_is_escalated_to_the_consultant_after_the_days(world, settings):
    settings.INTEGRA_ESCALATE_DAYS = 14
    services.send_reminders(actor=SYSTEM, today=OVERDUE)
    assert kinds(world.people.coordinator) == ["plan_overdue"]
    assert kinds(world.people.consultant) == []
    services.send_reminders(actor=SYSTEM, today=ESCALATED)
    assert kinds(world.people.consultant) == ["escalation"] * 2  # both łódzkie gminas
    assert kinds(world.people.officer) == []  # the consultant, not the officer


def test_a_user_who_turned_emails_off_gets_the_notification_only(world):
    coordinator = world.people.coordinator
    services.set_email_preference(actor=coordinator, user=coordinator, enabled=False)
    services.send_reminders(actor=SYSTEM, today=DUE_SOON)
    assert kinds(coordinator) == ["plan_due"]
    assert not [m for m in mail.outbox if m.to == [coordinator.email]]
    with pytest.raises(PermissionDenied):
        services.set_email_preference(actor=world.people.neighbour, user=coordinator, enabled=True)


def test_a_training_closing_reminds_gminas_that_registered_nobody(world):
    today = timezone.localdate()
    session = make_session(
        world.programme, "10", registration_closes_on=today + dt.timedelta(days=2)
    )
    from integra.outreach.tests.factories import person

    services.register_participant(
        actor=world.people.coordinator, session=session, gmina=world.gmina, values=person()
    )
    services.send_reminders(actor=SYSTEM, today=today)
    assert "training_closing" in kinds(world.people.neighbour)
    assert "training_closing" not in kinds(world.people.coordinator)
    assert "training_closing" not in kinds(world.people.coordinator_lublin)


def test_a_user_may_not_send_reminders(world):
    with pytest.raises(PermissionDenied):
        services.send_reminders(actor=world.people.admin, today=DUE_SOON)


def test_the_command_runs_the_same_and_twice_is_once(world):
    call_command("send_reminders", "--date", DUE_SOON.isoformat())
    count = Notification.objects.count()
    call_command("send_reminders", "--date", DUE_SOON.isoformat())
    assert Notification.objects.count() == count > 0


def test_the_task_enqueues_and_runs(world):
    from integra.outreach.tasks import daily_reminders

    result = daily_reminders.enqueue()
    assert result.status == "SUCCESSFUL"


def test_the_page_counts_lists_opens_and_keeps_the_choice(world, signed_in):
    services.send_reminders(actor=SYSTEM, today=DUE_SOON)
    client = signed_in(world.people.coordinator)
    page = client.get(reverse("outreach:notification-list")).content.decode()
    assert 'id="nav-badge">1<' in page
    notification = Notification.objects.get(user=world.people.coordinator)
    opened = client.get(reverse("outreach:notification-open", args=[notification.pk]))
    assert opened.status_code == 302 and opened["Location"] == notification.link
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert (
        'id="nav-badge"' not in client.get(reverse("outreach:notification-list")).content.decode()
    )
    other = signed_in(world.people.neighbour)
    assert (
        other.get(reverse("outreach:notification-open", args=[notification.pk])).status_code == 404
    )
    client.post(reverse("outreach:notification-list"), {})
    assert not services.reminders.selectors.email_enabled(world.people.coordinator)
