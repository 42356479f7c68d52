"""Reminders of deadlines, from a daily task: Action Plans to submit (and overdue, escalated to the
region's consultant after INTEGRA_ESCALATE_DAYS), reviews overdue (past INTEGRA_REVIEW_DAYS),
training registrations closing, quarterly progress reports and annual settlements (due, overdue,
escalated). Providers' reports have their own daily task in contracts. Each becomes one
notification per user and deadline stage — the unique key makes a second run on the same day send
nothing — and an e-mail in Polish with a link, unless the user turned e-mails off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from integra.action_plans.selectors import deadlines
from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, SystemActor, require
from integra.core.roles import Role
from integra.finance.selectors import settlement as settlement_selectors
from integra.monitoring.rules import quarter_of
from integra.monitoring.selectors import reports as report_deadlines
from integra.outreach import selectors
from integra.outreach.models import Notification, ReminderPreference
from integra.outreach.policies import prefix_of

SYSTEM = SystemActor("send_reminders")
GMINA_WRITERS = (Role.GMINA_COORDINATOR,)
REVIEWERS = (Role.REGIONAL_CONSULTANT, Role.REGIONAL_OFFICER)
CONSULTANTS = (Role.REGIONAL_CONSULTANT,)


@dataclass(frozen=True)
class Due:
    """One deadline stage for some people: what to say, where it leads, the key that makes it
    one notification per person."""

    kind: str
    key: str
    message: str
    link: str
    due_on: dt.date | None
    roles: tuple[str, ...]
    units: tuple[str, ...]


@dataclass
class ReminderRun:
    created: int = 0
    emailed: int = 0
    kinds: dict[str, int] = field(default_factory=dict)


def plan_due_on(year: int) -> dt.date:
    month, day = (int(part) for part in settings.INTEGRA_PLAN_DUE.split("-"))
    return dt.date(year, month, day)


def _plan_link(due: deadlines.PlanDue) -> str:
    if due.plan is not None:
        return reverse("action_plans:action-plan-detail", args=[due.plan.pk])
    return reverse("action_plans:action-plan-new")


def plan_deadlines(today: dt.date) -> Iterator[Due]:
    due_on = plan_due_on(today.year)
    before = dt.timedelta(days=settings.INTEGRA_REMIND_DAYS_BEFORE)
    if today < due_on - before:
        return
    for item in deadlines.plans_not_submitted(today.year):
        names = {"gmina": item.gmina.name, "year": item.year, "day": due_on.strftime("%d.%m.%Y")}
        base = f"{item.programme.pk}:{item.gmina.teryt}:{item.year}"
        if today <= due_on:
            yield Due(
                Notification.Kind.PLAN_DUE,
                f"plan-due:{base}",
                _("Submit the Action Plan of %(gmina)s for %(year)s by %(day)s.") % names,
                _plan_link(item),
                due_on,
                GMINA_WRITERS,
                (item.gmina.teryt,),
            )
            continue
        yield Due(
            Notification.Kind.PLAN_OVERDUE,
            f"plan-overdue:{base}",
            _("The Action Plan of %(gmina)s for %(year)s was due on %(day)s: submit it now.")
            % names,
            _plan_link(item),
            due_on,
            GMINA_WRITERS,
            (item.gmina.teryt,),
        )
        if (today - due_on).days >= settings.INTEGRA_ESCALATE_DAYS:
            yield Due(
                Notification.Kind.ESCALATION,
                f"escalation:plan:{base}",
                _(
                    "%(gmina)s has not submitted its Action Plan for %(year)s, due on %(day)s: "
                    "please contact the gmina."
                )
                % names,
                _plan_link(item),
                due_on,
                CONSULTANTS,
                (item.gmina.teryt[:2],),
            )


def review_deadlines(today: dt.date) -> Iterator[Due]:
    limit = settings.INTEGRA_REVIEW_DAYS
    for version in deadlines.submitted_before(today - dt.timedelta(days=limit)):
        plan = version.plan
        submitted = timezone.localdate(version.submitted_at)
        yield Due(
            Notification.Kind.REVIEW_OVERDUE,
            f"review-overdue:{version.pk}",
            _(
                "The Action Plan of %(gmina)s for %(year)s has waited for its review since "
                "%(day)s (more than %(limit)s days)."
            )
            % {
                "gmina": plan.gmina.name,
                "year": plan.year,
                "day": submitted.strftime("%d.%m.%Y"),
                "limit": limit,
            },
            reverse("action_plans:action-plan-detail", args=[plan.pk]),
            submitted + dt.timedelta(days=limit),
            REVIEWERS,
            (plan.gmina.teryt[:2],),
        )


def training_deadlines(today: dt.date) -> Iterator[Due]:
    """Coordinators of the gminas under the organiser that have registered nobody yet."""
    from integra.territories.models import Territory

    for session in selectors.sessions_closing(today, settings.INTEGRA_REMIND_DAYS_BEFORE):
        registered = set(session.registrations.values_list("gmina__teryt", flat=True))
        gminas = (
            Territory.objects.gminas()
            .current()
            .filter(teryt__startswith=prefix_of(session.organiser.teryt))
            .exclude(teryt__in=registered)
            .values_list("teryt", flat=True)
        )
        yield Due(
            Notification.Kind.TRAINING_CLOSING,
            f"training-closing:{session.pk}",
            _("Registration for the training “%(topic)s” closes on %(day)s.")
            % {"topic": session.topic, "day": session.registration_closes_on.strftime("%d.%m.%Y")},
            reverse("outreach:session-detail", args=[session.pk]),
            session.registration_closes_on,
            GMINA_WRITERS,
            tuple(gminas),
        )


def _stages(
    *,
    today: dt.date,
    due_on: dt.date,
    kinds: tuple[str, str],
    base: str,
    messages: tuple[str, str, str],
    link: str,
    gmina: Any,
) -> Iterator[Due]:
    """A gmina's deadline in its stages: due (from INTEGRA_REMIND_DAYS_BEFORE before), overdue
    (after it), escalated to the region's consultant INTEGRA_ESCALATE_DAYS after it."""
    if today < due_on - dt.timedelta(days=settings.INTEGRA_REMIND_DAYS_BEFORE):
        return
    due_kind, overdue_kind = kinds
    due_text, overdue_text, escalation_text = messages
    if today <= due_on:
        yield Due(
            due_kind, f"{due_kind}:{base}", due_text, link, due_on, GMINA_WRITERS, (gmina.teryt,)
        )
        return
    yield Due(
        overdue_kind,
        f"{overdue_kind}:{base}",
        overdue_text,
        link,
        due_on,
        GMINA_WRITERS,
        (gmina.teryt,),
    )
    if (today - due_on).days >= settings.INTEGRA_ESCALATE_DAYS:
        yield Due(
            Notification.Kind.ESCALATION,
            f"escalation:{overdue_kind}:{base}",
            escalation_text,
            link,
            due_on,
            CONSULTANTS,
            (gmina.teryt[:2],),
        )


def progress_report_deadlines(today: dt.date) -> Iterator[Due]:
    """The quarterly progress report of the quarter last ended, due INTEGRA_PROGRESS_REPORT_DAYS
    after its end, for each taking-part gmina that has not submitted it."""
    current = quarter_of(today)
    quarter = quarter_of(current.starts_on - dt.timedelta(days=1))
    due_on = quarter.ends_on + dt.timedelta(days=settings.INTEGRA_PROGRESS_REPORT_DAYS)
    for item in report_deadlines.reports_not_submitted(quarter.code):
        names = {
            "gmina": item.gmina.name,
            "period": item.period,
            "day": due_on.strftime("%d.%m.%Y"),
        }
        link = (
            reverse("monitoring:report-detail", args=[item.report.pk])
            if item.report is not None
            else reverse("monitoring:report-list")
        )
        yield from _stages(
            today=today,
            due_on=due_on,
            kinds=(Notification.Kind.REPORT_DUE, Notification.Kind.REPORT_OVERDUE),
            base=f"{item.programme.pk}:{item.gmina.teryt}:{item.period}",
            messages=(
                _("Submit the progress report of %(gmina)s for %(period)s by %(day)s.") % names,
                _(
                    "The progress report of %(gmina)s for %(period)s was due on %(day)s: submit it now."  # noqa: E501
                )
                % names,
                _(
                    "%(gmina)s has not submitted its progress report for %(period)s, due on "
                    "%(day)s: please contact the gmina."
                )
                % names,
            ),
            link=link,
            gmina=item.gmina,
        )


def settlement_deadlines(today: dt.date) -> Iterator[Due]:
    """The annual settlement of last year, due on INTEGRA_SETTLEMENT_DUE (month-day) of this
    year, for each taking-part gmina that has not submitted it."""
    month, day = (int(part) for part in settings.INTEGRA_SETTLEMENT_DUE.split("-"))
    due_on = dt.date(today.year, month, day)
    for item in settlement_selectors.settlements_not_submitted(today.year - 1):
        names = {"gmina": item.gmina.name, "year": item.year, "day": due_on.strftime("%d.%m.%Y")}
        link = (
            reverse("finance:settlement", args=[item.settlement.pk])
            if item.settlement is not None
            else reverse("finance:settlements")
        )
        yield from _stages(
            today=today,
            due_on=due_on,
            kinds=(Notification.Kind.SETTLEMENT_DUE, Notification.Kind.SETTLEMENT_OVERDUE),
            base=f"{item.programme.pk}:{item.gmina.teryt}:{item.year}",
            messages=(
                _("Submit the settlement of %(gmina)s for %(year)s by %(day)s.") % names,
                _("The settlement of %(gmina)s for %(year)s was due on %(day)s: submit it now.")
                % names,
                _(
                    "%(gmina)s has not submitted its settlement for %(year)s, due on %(day)s: "
                    "please contact the gmina."
                )
                % names,
            ),
            link=link,
            gmina=item.gmina,
        )


def _all_due(today: dt.date) -> Iterable[Due]:
    yield from plan_deadlines(today)
    yield from review_deadlines(today)
    yield from training_deadlines(today)
    yield from progress_report_deadlines(today)
    yield from settlement_deadlines(today)


def _email(notification: Notification) -> None:
    link = settings.INTEGRA_SITE_URL.rstrip("/") + notification.link
    with translation.override("pl"):
        subject = _("Integra: reminder — %(kind)s") % {"kind": notification.get_kind_display()}
        body = render_to_string(
            "outreach/reminder_email.txt",
            {"notification": notification, "link": link, "user": notification.user},
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.user.email])


def send_reminders(
    *, actor: Actor, today: dt.date | None = None, context: RequestContext | None = None
) -> ReminderRun:
    """Every deadline stage due today to each of its people, once: a notification already made
    (by an earlier run) is skipped, so running twice on a day sends nothing more."""
    require(actor, lambda user: False, _("Reminders are sent by the system only."))
    today = today or timezone.localdate()
    run = ReminderRun()
    with translation.override("pl"):
        items = list(_all_due(today))
    # Whoever holds the role now is reminded (a run for a past day too).
    now = timezone.localdate()
    for due in items:
        if not due.units:
            continue
        for user in selectors.people_with(due.roles, due.units, now):
            notification = _notify(user, due)
            if notification is None:
                continue
            run.created += 1
            run.kinds[due.kind] = run.kinds.get(due.kind, 0) + 1
            if user.email and selectors.email_enabled(user):
                _email(notification)
                Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
                run.emailed += 1
    if run.created:
        with transaction.atomic():
            record_event(
                actor=actor,
                action="outreach.notification.sent",
                changes={"created": run.created, "emailed": run.emailed, "day": str(today)},
                context=context,
            )
    return run


def _notify(user: Any, due: Due) -> Notification | None:
    """The new notification, or None when this user already has this one."""
    if Notification.objects.filter(user=user, key=due.key).exists():
        return None
    try:
        with transaction.atomic():
            return Notification.objects.create(
                user=user,
                kind=due.kind,
                key=due.key,
                message=due.message[:500],
                link=due.link,
                due_on=due.due_on,
            )
    except IntegrityError:  # a parallel run made it first
        return None


@transaction.atomic
def mark_read(*, actor: Actor, notification: Notification) -> None:
    require(
        actor,
        lambda user: user.pk == notification.user_id,
        _("This notification is not yours."),
        visible=lambda user: user.pk == notification.user_id,
        missing=Notification.DoesNotExist,
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


@transaction.atomic
def mark_all_read(*, actor: Actor, user: Any) -> int:
    require(actor, lambda acting: acting.pk == user.pk, _("These notifications are not yours."))
    return Notification.objects.visible_to(user).unread().update(read_at=timezone.now())


@transaction.atomic
def set_email_preference(*, actor: Actor, user: Any, enabled: bool) -> ReminderPreference:
    require(actor, lambda acting: acting.pk == user.pk, _("Each user chooses for themselves."))
    preference, _created = ReminderPreference.objects.update_or_create(
        user=user, defaults={"email_enabled": enabled}
    )
    return preference
