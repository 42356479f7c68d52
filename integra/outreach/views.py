"""Pages of the outreach app: the training sessions (list with filters and exports, a session
with its participants, registration, attendance and certificates)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.audit.services import RequestContext
from integra.core.errors import DomainError
from integra.core.exports import export_response
from integra.core.forms import show_refusal
from integra.outreach import exports, selectors, services
from integra.outreach.forms import RegistrationForm, SessionFilterForm, SessionForm
from integra.outreach.models import Registration, TrainingSession
from integra.outreach.policies import (
    can_open_training,
    can_register_for,
    can_take_attendance,
    is_organiser_staff,
)

PAGE_SIZE = 50


def _require_opener(request: HttpRequest) -> None:
    if not can_open_training(request.user):
        raise PermissionDenied(_("Only users with a role in the programme see the trainings."))


def _session(request: HttpRequest, pk: int) -> TrainingSession:
    _require_opener(request)
    try:
        return selectors.get_session(user=request.user, session_id=pk)
    except TrainingSession.DoesNotExist as exc:
        raise Http404(_("No such training.")) from exc


def session_list(request: HttpRequest) -> HttpResponse:
    _require_opener(request)
    form = SessionFilterForm(request.GET or None)
    sessions = selectors.list_sessions(user=request.user, **form.selection())
    context = {
        "form": form,
        "page": Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page")),
        "may_create": selectors.organiser_units(request.user).exists(),
    }
    return render(request, "outreach/session_list.html", context)


def session_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_opener(request)
    form = SessionFilterForm(request.GET or None)
    sessions = selectors.list_sessions(user=request.user, **form.selection())
    return export_response(exports.sessions_table(sessions), fmt)


def session_create(request: HttpRequest) -> HttpResponse:
    _require_opener(request)
    organisers = selectors.organiser_units(request.user)
    if not organisers.exists():
        raise PermissionDenied(_("You may not organise trainings."))
    form = SessionForm(request.POST or None, organisers=organisers, experts=selectors.experts())
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(
                actor=request.user,
                programme=form.cleaned_data["programme"],
                organiser=form.cleaned_data["organiser"],
                values=form.values(),
                trainer_user=form.cleaned_data["trainer_user"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The training has been saved."))
            return redirect("outreach:session-detail", pk=session.pk)
    return render(request, "outreach/session_form.html", {"form": form})


def _registration_form(request: HttpRequest, session: TrainingSession, data=None):
    gminas = selectors.registrar_units(request.user).filter(
        teryt__startswith="" if session.organiser.teryt == "PL" else session.organiser.teryt
    )
    if not gminas.exists() or not services.registration_open(session):
        return None
    return RegistrationForm(data, gminas=gminas, prefix="reg")


def session_detail(request: HttpRequest, pk: int, form: RegistrationForm | None = None):
    session = _session(request, pk)
    registrations = selectors.registrations_of(user=request.user, session=session)
    context = {
        "session": session,
        "registrations": registrations,
        "registered": session.registrations.count(),
        "may_take_attendance": can_take_attendance(request.user, session),
        "organiser_staff": is_organiser_staff(request.user, session),
        "registration_form": form or _registration_form(request, session),
        "registration_open": services.registration_open(session),
    }
    return render(request, "outreach/session_detail.html", context)


@require_POST
def session_register(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = _registration_form(request, session, request.POST)
    if form is None:
        raise PermissionDenied(_("You may not register people for this training now."))
    if form.is_valid():
        gmina = form.cleaned_data["gmina"]
        if not can_register_for(request.user, session, gmina.teryt):
            raise PermissionDenied(_("You may not register people of this gmina."))
        try:
            registration = services.register_participant(
                actor=request.user,
                session=session,
                gmina=gmina,
                values=form.values(),
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(
                request, _("%(name)s has been registered.") % {"name": registration.full_name}
            )
            return redirect("outreach:session-detail", pk=session.pk)
    return session_detail(request, pk, form=form)


@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _require_opener(request)
    try:
        registration = selectors.get_registration(user=request.user, registration_id=pk)
    except Registration.DoesNotExist as exc:
        raise Http404(_("No such registration.")) from exc
    session_id = registration.session_id
    try:
        services.cancel_registration(
            actor=request.user, registration=registration, context=RequestContext.of(request)
        )
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The registration has been cancelled."))
    return redirect("outreach:session-detail", pk=session_id)


@require_POST
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    if not can_take_attendance(request.user, session):
        raise PermissionDenied(_("Only the organiser takes the attendance."))
    present = {int(v) for v in request.POST.getlist("present") if v.isdigit() and len(v) < 19}
    try:
        came = services.take_attendance(
            actor=request.user,
            session=session,
            present=present,
            context=RequestContext.of(request),
        )
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("Attendance saved: %(came)s of %(all)s came.")
            % {"came": came, "all": session.registrations.count()},
        )
    return redirect("outreach:session-detail", pk=session.pk)


def registrations_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    session = _session(request, pk)
    registrations = selectors.registrations_of(user=request.user, session=session)
    return export_response(exports.registrations_table(session, registrations), fmt)


def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_opener(request)
    try:
        registration = selectors.get_registration(user=request.user, registration_id=pk)
    except Registration.DoesNotExist as exc:
        raise Http404(_("No such registration.")) from exc
    if not registration.attended:
        raise Http404(_("A certificate is issued only to a participant who attended."))
    response = HttpResponse(exports.certificate_pdf(registration), content_type="application/pdf")
    name = exports.certificate_file_name(registration)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
