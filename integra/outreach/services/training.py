"""Training sessions: organised by the ministry, a region or a gmina; a gmina's cost charged to
its training line (the line's cap checked under a lock on the gmina), the others' to the
component; registrations of a gmina's people up to the places and the deadline; attendance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.allocations import selectors as allocation_selectors
from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.core.money import Money
from integra.outreach import rules
from integra.outreach.models import Registration, TrainingSession
from integra.outreach.policies import (
    can_organise_at,
    can_register_for,
    can_take_attendance,
    can_view_registration,
)
from integra.programmes.selectors import RateMissing, convert
from integra.territories.models import Territory


class SessionInvalid(RulesBroken):
    code = "training_session_invalid"
    status = 422


class RegistrationInvalid(RulesBroken):
    code = "registration_invalid"
    status = 422


class RegistrationClosed(DomainError):
    """The deadline has passed or the places are taken."""

    code = "registration_closed"
    status = 409


class AttendanceTooEarly(DomainError):
    code = "attendance_too_early"
    status = 409


def _charge(organiser: Territory) -> str:
    if organiser.level == Territory.Level.GMINA:
        return TrainingSession.Charge.GMINA_LINE
    return TrainingSession.Charge.COMPONENT


def _line_problems(
    programme: Any, gmina: Territory, values: rules.SessionValues
) -> tuple[list[Problem], dict[str, Any]]:
    """The EUR equivalent of a gmina's training cost and the refusal when the gmina's training
    line does not hold it. Runs under the lock on the gmina's row."""
    if values.cost_pln == 0:
        return [], {"cost_eur": Decimal("0.00")}
    lines = allocation_selectors.published_lines(programme, gmina)
    if lines is None:
        message = _("The gmina has no published allocation in this programme: no training line.")
        return [Problem(message, field="cost_pln")], {}
    try:
        conversion = convert(Money(values.cost_pln, "PLN"), to="EUR", operation_on=values.starts_on)
    except RateMissing as missing:
        message = _(
            "No NBP rate before %(day)s to convert the cost to EUR; ask the ministry to load "
            "the rates (%(why)s)."
        ) % {"day": values.starts_on.strftime("%d.%m.%Y"), "why": missing.message}
        return [Problem(message, field="cost_pln")], {}
    cost_eur = conversion.converted.amount
    taken = TrainingSession.objects.filter(
        programme=programme, organiser=gmina, charged_to=TrainingSession.Charge.GMINA_LINE
    ).aggregate(total=Sum("cost_eur"))["total"] or Decimal("0.00")
    problem = rules.line_problem(
        cost_eur=cost_eur, free_eur=lines.training - taken, limit_eur=lines.training
    )
    stored = {
        "cost_eur": cost_eur,
        "rate_pln_per_eur": conversion.rate,
        "rate_table_no": conversion.table_no,
    }
    return ([problem] if problem else []), stored


@transaction.atomic
def create_session(
    *,
    actor: Actor,
    programme: Any,
    organiser: Territory,
    values: rules.SessionValues,
    trainer_user: Any = None,
    context: RequestContext | None = None,
) -> TrainingSession:
    """A new training of `organiser` (the country, a voivodeship or a gmina)."""
    require(
        actor,
        lambda user: can_organise_at(user, organiser.teryt),
        _("You may not organise trainings for this unit."),
    )
    problems = rules.session_problems(values)
    stored: dict[str, Any] = {}
    charge = _charge(organiser)
    if charge == TrainingSession.Charge.GMINA_LINE and not problems:
        # The line's cap: one writer per gmina at a time (the row lock serialises them).
        Territory.objects.select_for_update().filter(pk=organiser.pk).first()
        line, stored = _line_problems(programme, organiser, values)
        problems += line
    if problems:
        raise SessionInvalid(_("The training is refused; nothing was saved."), problems)
    session = TrainingSession.objects.create(
        programme=programme,
        organiser=organiser,
        topic=values.topic.strip(),
        trainer_user=trainer_user,
        trainer_name="" if trainer_user else values.trainer_name.strip(),
        starts_on=values.starts_on,
        ends_on=values.ends_on,
        online=values.online,
        place=values.place.strip(),
        audience=list(values.audience),
        capacity=values.capacity,
        registration_closes_on=values.registration_closes_on,
        charged_to=charge,
        cost_pln=values.cost_pln,
        **stored,
    )
    record_event(
        actor=actor,
        action="outreach.session.created",
        target=session,
        territory_teryt=organiser.teryt,
        changes={
            "topic": session.topic,
            "cost_pln": str(session.cost_pln),
            "charged_to": charge,
            "cost_eur": str(session.cost_eur or ""),
        },
        context=context,
    )
    return session


def registration_open(session: TrainingSession, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return today <= session.registration_closes_on


@transaction.atomic
def register_participant(
    *,
    actor: Actor,
    session: TrainingSession,
    gmina: Territory,
    values: rules.RegistrationValues,
    today: dt.date | None = None,
    context: RequestContext | None = None,
) -> Registration:
    """One person of the gmina, while registration is open (on `today`, the real day by
    default) and a place is free."""
    require(
        actor,
        lambda user: can_register_for(user, session, gmina.teryt),
        _("You may not register people of this gmina for this training."),
    )
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    problems = rules.registration_problems(values)
    email = values.email.strip()
    if email and locked.registrations.filter(email__iexact=email).exists():
        problems.append(
            Problem(_("This e-mail is already registered for the training."), field="email")
        )
    if problems:
        raise RegistrationInvalid(_("The registration is refused; nothing was saved."), problems)
    if not registration_open(locked, today):
        raise RegistrationClosed(
            _("Registration closed on %(day)s.")
            % {"day": locked.registration_closes_on.strftime("%d.%m.%Y")}
        )
    if locked.registrations.count() >= locked.capacity:
        raise RegistrationClosed(
            _("All %(places)s places are taken.") % {"places": locked.capacity}
        )
    registration = Registration.objects.create(
        session=locked,
        gmina=gmina,
        full_name=values.full_name.strip(),
        function=values.function.strip(),
        email=email,
    )
    # The audit trail keeps who registered whom for which gmina, not the person's data.
    record_event(
        actor=actor,
        action="outreach.registration.created",
        target=registration,
        territory_teryt=gmina.teryt,
        changes={"session": locked.pk},
        context=context,
    )
    return registration


@transaction.atomic
def cancel_registration(
    *, actor: Actor, registration: Registration, context: RequestContext | None = None
) -> None:
    session = registration.session
    require(
        actor,
        lambda user: can_register_for(user, session, registration.gmina.teryt),
        _("You may not cancel this registration."),
        visible=lambda user: can_view_registration(user, registration),
        missing=Registration.DoesNotExist,
    )
    if not registration_open(session):
        raise RegistrationClosed(_("Registration is closed: the list can no longer change."))
    record_event(
        actor=actor,
        action="outreach.registration.cancelled",
        target=registration,
        territory_teryt=registration.gmina.teryt,
        changes={"session": session.pk},
        context=context,
    )
    registration.delete()


@transaction.atomic
def take_attendance(
    *,
    actor: Actor,
    session: TrainingSession,
    present: set[int],
    today: dt.date | None = None,
    context: RequestContext | None = None,
) -> int:
    """Mark who came (the ids in `present`) and who did not; returns how many came."""
    require(
        actor,
        lambda user: can_take_attendance(user, session),
        _("Only the organiser takes the attendance."),
    )
    today = today or timezone.localdate()
    if today < session.starts_on:
        raise AttendanceTooEarly(
            _("Attendance is taken from the first day of the training (%(day)s).")
            % {"day": session.starts_on.strftime("%d.%m.%Y")}
        )
    locked = TrainingSession.objects.select_for_update().get(pk=session.pk)
    came = 0
    for registration in locked.registrations.all():
        attended = registration.pk in present
        came += attended
        if registration.attended != attended:
            registration.attended = attended
            registration.save(update_fields=["attended"])
    locked.attendance_taken_at = timezone.now()
    locked.save(update_fields=["attendance_taken_at"])
    record_event(
        actor=actor,
        action="outreach.session.attendance_taken",
        target=locked,
        territory_teryt=locked.organiser.teryt,
        changes={"present": came, "registered": locked.registrations.count()},
        context=context,
    )
    return came
