"""Pages of the outreach app: the training sessions (list with filters and exports, a session
with its participants, registration, attendance and certificates); expert support (requests,
assignment, work and outputs; the roster); the campaign; reminders. The good practices have
their own module (`practices`). Each list and its export share one filtering function."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.audit.services import RequestContext
from integra.core.errors import DomainError
from integra.core.exports import export_response
from integra.core.forms import show_refusal
from integra.outreach import exports, selectors, services
from integra.outreach.forms import (
    AssignForm,
    EventFilterForm,
    EventForm,
    MaterialForm,
    OutputForm,
    PreferenceForm,
    ProfileForm,
    RegistrationForm,
    RequestFilterForm,
    RequestForm,
    SessionFilterForm,
    SessionForm,
    WorkForm,
)
from integra.outreach.models import (
    CampaignEvent,
    CampaignMaterial,
    ExpertOutput,
    ExpertRequest,
    Notification,
    Registration,
    TrainingSession,
)
from integra.outreach.policies import (
    can_assign_expert,
    can_edit_event,
    can_keep_roster,
    can_open_training,
    can_register_for,
    can_report_work,
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


def _sessions(request: HttpRequest) -> tuple[SessionFilterForm, QuerySet[TrainingSession]]:
    """The list's filter and what it selects: the page and its export share them."""
    _require_opener(request)
    form = SessionFilterForm(request.GET or None)
    return form, selectors.list_sessions(user=request.user, **form.selection())


def session_list(request: HttpRequest) -> HttpResponse:
    form, sessions = _sessions(request)
    context = {
        "form": form,
        "page": Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page")),
        "may_create": selectors.organiser_units(request.user).exists(),
    }
    return render(request, "outreach/session_list.html", context)


def session_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, sessions = _sessions(request)
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
        # The gminas whose registrations the user may still withdraw.
        "cancellable": set(selectors.registrar_units(request.user).values_list("pk", flat=True))
        if services.registration_open(session)
        else set(),
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


# Expert support -------------------------------------------------------------------------------


def _request(request: HttpRequest, pk: int) -> ExpertRequest:
    _require_opener(request)
    try:
        return selectors.get_request(user=request.user, request_id=pk)
    except ExpertRequest.DoesNotExist as exc:
        raise Http404(_("No such request.")) from exc


def _requests(request: HttpRequest) -> tuple[RequestFilterForm, QuerySet[ExpertRequest]]:
    _require_opener(request)
    form = RequestFilterForm(request.GET or None)
    return form, selectors.list_requests(user=request.user, **form.selection())


def request_list(request: HttpRequest) -> HttpResponse:
    form, requests = _requests(request)
    context = {
        "form": form,
        "page": Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page")),
        "may_create": selectors.registrar_units(request.user).exists(),
    }
    return render(request, "outreach/request_list.html", context)


def request_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, requests = _requests(request)
    return export_response(exports.requests_table(requests), fmt)


def request_create(request: HttpRequest) -> HttpResponse:
    _require_opener(request)
    gminas = selectors.registrar_units(request.user)
    if not gminas.exists():
        raise PermissionDenied(_("Only a gmina's coordinator asks for expert support."))
    form = RequestForm(request.POST or None, gminas=gminas)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_request(
                actor=request.user,
                programme=form.cleaned_data["programme"],
                gmina=form.cleaned_data["gmina"],
                values=form.values(),
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The request has been sent to the region."))
            return redirect("outreach:request-detail", pk=created.pk)
    return render(request, "outreach/request_form.html", {"form": form})


def request_detail(request: HttpRequest, pk: int, **forms_given: Any) -> HttpResponse:
    support = _request(request, pk)
    user = request.user
    may_assign = can_assign_expert(user, support)
    may_report = can_report_work(user, support) and support.status != ExpertRequest.Status.REQUESTED
    context = {
        "support": support,
        "outputs": support.outputs.all(),
        "assign_form": forms_given.get("assign_form")
        or (AssignForm(experts=selectors.experts(), prefix="as") if may_assign else None),
        "work_form": forms_given.get("work_form")
        or (
            WorkForm(prefix="wk", initial={"hours": support.hours, "cost_pln": support.cost_pln})
            if may_report
            else None
        ),
        "output_form": forms_given.get("output_form")
        or (OutputForm(prefix="out") if may_report else None),
    }
    return render(request, "outreach/request_detail.html", context)


@require_POST
def request_assign(request: HttpRequest, pk: int) -> HttpResponse:
    support = _request(request, pk)
    if not can_assign_expert(request.user, support):
        raise PermissionDenied(_("Only the region assigns experts."))
    form = AssignForm(request.POST, experts=selectors.experts(), prefix="as")
    if form.is_valid():
        try:
            services.assign_expert(
                actor=request.user,
                request=support,
                expert=form.cleaned_data["expert"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The expert has been assigned."))
            return redirect("outreach:request-detail", pk=pk)
    return request_detail(request, pk, assign_form=form)


@require_POST
def request_report(request: HttpRequest, pk: int) -> HttpResponse:
    support = _request(request, pk)
    if not can_report_work(request.user, support):
        raise PermissionDenied(_("Only the assigned expert or the region reports the work."))
    form = WorkForm(request.POST, prefix="wk")
    if form.is_valid():
        try:
            services.report_work(
                actor=request.user,
                request=support,
                values=form.values(),
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The work has been reported."))
            return redirect("outreach:request-detail", pk=pk)
    return request_detail(request, pk, work_form=form)


@require_POST
def output_add(request: HttpRequest, pk: int) -> HttpResponse:
    support = _request(request, pk)
    if not can_report_work(request.user, support):
        raise PermissionDenied(_("Only the assigned expert or the region adds outputs."))
    form = OutputForm(request.POST, request.FILES, prefix="out")
    if form.is_valid():
        try:
            services.add_output(
                actor=request.user,
                request=support,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The output has been added."))
            return redirect("outreach:request-detail", pk=pk)
    return request_detail(request, pk, output_form=form)


def output_download(request: HttpRequest, pk: int) -> FileResponse:
    _require_opener(request)
    try:
        output = selectors.get_output(user=request.user, output_id=pk)
    except ExpertOutput.DoesNotExist as exc:
        raise Http404(_("No such file.")) from exc
    name = (output.file.name or "").rsplit("/", 1)[-1]
    return FileResponse(output.file.open("rb"), as_attachment=True, filename=name)


def roster(request: HttpRequest) -> HttpResponse:
    _require_opener(request)
    may_keep = can_keep_roster(request.user)
    form = None
    if may_keep:
        form = ProfileForm(request.POST or None, experts=selectors.experts())
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.save_profile(
                    actor=request.user,
                    expert=data["expert"],
                    skills=data["skills"],
                    regions=data["regions"],
                    available=data["available"],
                    availability=data["availability"],
                    context=RequestContext.of(request),
                )
            except DomainError as refusal:
                show_refusal(form, refusal)
            else:
                messages.success(request, _("The roster has been saved."))
                return redirect("outreach:roster")
    elif request.method == "POST":
        raise PermissionDenied(_("Only the ministry or a regional officer keeps the roster."))
    context = {"profiles": selectors.roster(user=request.user), "form": form}
    return render(request, "outreach/roster.html", context)


# The campaign -------------------------------------------------------------------------------------


def _event(request: HttpRequest, pk: int) -> CampaignEvent:
    _require_opener(request)
    try:
        return selectors.get_event(user=request.user, event_id=pk)
    except CampaignEvent.DoesNotExist as exc:
        raise Http404(_("No such event.")) from exc


def _events(request: HttpRequest) -> tuple[EventFilterForm, QuerySet[CampaignEvent]]:
    _require_opener(request)
    form = EventFilterForm(request.GET or None)
    return form, selectors.list_events(user=request.user, **form.selection())


def event_list(request: HttpRequest) -> HttpResponse:
    form, events = _events(request)
    context = {
        "form": form,
        "page": Paginator(events, PAGE_SIZE).get_page(request.GET.get("page")),
        "may_create": selectors.event_organisers(request.user).exists(),
    }
    return render(request, "outreach/event_list.html", context)


def event_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, events = _events(request)
    return export_response(exports.events_table(events), fmt)


def event_create(request: HttpRequest) -> HttpResponse:
    _require_opener(request)
    organisers = selectors.event_organisers(request.user)
    if not organisers.exists():
        raise PermissionDenied(_("You may not record campaign events."))
    form = EventForm(request.POST or None, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.record_campaign_event(
                actor=request.user,
                programme=form.cleaned_data["programme"],
                organiser=form.cleaned_data["organiser"],
                values=form.values(),
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The event has been recorded."))
            return redirect("outreach:event-detail", pk=event.pk)
    return render(request, "outreach/event_form.html", {"form": form})


def event_detail(request: HttpRequest, pk: int, form: MaterialForm | None = None) -> HttpResponse:
    event = _event(request, pk)
    may_edit = can_edit_event(request.user, event)
    context = {
        "event": event,
        "materials": event.materials.all(),
        "material_form": form or (MaterialForm(prefix="mat") if may_edit else None),
    }
    return render(request, "outreach/event_detail.html", context)


@require_POST
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    if not can_edit_event(request.user, event):
        raise PermissionDenied(_("Only the event's organiser adds materials."))
    form = MaterialForm(request.POST, request.FILES, prefix="mat")
    if form.is_valid():
        try:
            services.add_material(
                actor=request.user,
                event=event,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The material has been added."))
            return redirect("outreach:event-detail", pk=pk)
    return event_detail(request, pk, form=form)


def material_download(request: HttpRequest, pk: int) -> FileResponse:
    _require_opener(request)
    try:
        material = selectors.get_material(user=request.user, material_id=pk)
    except CampaignMaterial.DoesNotExist as exc:
        raise Http404(_("No such file.")) from exc
    name = (material.file.name or "").rsplit("/", 1)[-1]
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=name)


# Reminders ---------------------------------------------------------------------------------------


def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's own notifications, newest first, and their choice of e-mail."""
    user = request.user
    form = PreferenceForm(
        request.POST if request.method == "POST" else None,
        initial={"email_enabled": selectors.email_enabled(user)},
    )
    if request.method == "POST" and form.is_valid():
        services.set_email_preference(
            actor=user, user=user, enabled=form.cleaned_data["email_enabled"]
        )
        messages.success(request, _("Your choice has been saved."))
        return redirect("outreach:notification-list")
    unread_only = request.GET.get("unread") == "1"
    notifications = selectors.list_notifications(user=user, unread=unread_only)
    context = {
        "page": Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page")),
        "unread_only": unread_only,
        "unread": selectors.unread_count(user),
        "form": form,
    }
    return render(request, "outreach/notification_list.html", context)


def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go to the thing due."""
    try:
        notification = selectors.list_notifications(user=request.user).get(pk=pk)
    except Notification.DoesNotExist as exc:
        raise Http404(_("No such notification.")) from exc
    services.mark_read(actor=request.user, notification=notification)
    return redirect(notification.link)


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(actor=request.user, user=request.user)
    messages.success(request, _("Marked as read: %(count)s.") % {"count": count})
    return redirect("outreach:notification-list")
