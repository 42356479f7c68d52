"""Pages of the progress reports (list with exports, a new one, the report with its
figures, narrative and review) and the programme's reports built on request (the ministry's
quarterly, the region's half-yearly, the World Bank's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
from integra.core.jobs import start_job
from integra.core.scope import prefix_q
from integra.monitoring import exports, policies, services
from integra.monitoring.forms import (
    NarrativeForm,
    ProgrammeReportForm,
    ReportCreateForm,
    ReturnForm,
)
from integra.monitoring.models import ProgressReport
from integra.monitoring.selectors import reports as selectors
from integra.territories.models import Territory


def _require_opener(request: HttpRequest) -> None:
    if not policies.can_open_progress_reports(request.user):
        raise PermissionDenied(_("Your role does not give access to progress reports."))


def _get(request: HttpRequest, pk: int) -> ProgressReport:
    _require_opener(request)
    try:
        return selectors.get_report(user=request.user, pk=pk)
    except ProgressReport.DoesNotExist as exc:
        raise Http404(_("No such progress report.")) from exc


def _filtered(request: HttpRequest) -> tuple[Any, str]:
    status = request.GET.get("status", "")
    if status not in ProgressReport.Status.values:
        status = ""
    return selectors.list_reports(user=request.user, status=status or None), status


def report_list(request: HttpRequest) -> HttpResponse:
    _require_opener(request)
    reports, status = _filtered(request)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": ProgressReport.Status.choices,
        "may_create": bool(_preparable_gminas(request.user)),
        "may_build": policies.can_build_reports_at(request.user, "")
        or any(
            policies.can_build_reports_at(request.user, p)
            for p in request.user.scope_prefixes(policies.REGION_REPORTERS)  # type: ignore[union-attr]
        ),
    }
    return render(request, "monitoring/report_list.html", context)


def report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_opener(request)
    reports, _status = _filtered(request)
    return export_response(exports.report_list_table(reports), fmt)


def _preparable_gminas(user: Any) -> list[Territory]:
    prefixes = user.scope_prefixes(policies.PREPARERS) if user.is_authenticated else frozenset()
    if not prefixes:
        return []
    found = Territory.objects.filter(
        prefix_q("teryt", prefixes), level=Territory.Level.GMINA, retired_on__isnull=True
    )
    return list(found.order_by("teryt")[:500])


def report_create(request: HttpRequest) -> HttpResponse:
    _require_opener(request)
    gminas = _preparable_gminas(request.user)
    if not gminas:
        raise PermissionDenied(str(services.reports.PREPARERS_ONLY))
    data = request.POST if request.method == "POST" else None
    form = ReportCreateForm(data, gminas=gminas)
    if data is not None and form.is_valid():
        try:
            report = services.create_report(
                actor=request.user,  # type: ignore[arg-type]
                programme=form.cleaned_data["programme"],
                gmina=Territory.objects.get(teryt=form.cleaned_data["gmina"]),
                period=form.cleaned_data["period"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The report is created: describe the quarter."))
            return redirect("monitoring:report-detail", pk=report.pk)
    return render(request, "monitoring/report_create.html", {"form": form})


def _detail_context(request: HttpRequest, report: ProgressReport, **forms: Any) -> dict[str, Any]:
    user = request.user
    prepares = policies.can_prepare_report(user, report)
    reviews = policies.can_review_report(user, report)
    workflow = services.REPORT_WORKFLOW
    return {
        "report": report,
        "figures": selectors.shown_figures(selectors.figures_of(report)),
        "may_edit": prepares and workflow.allows(report, "edit"),
        "may_submit": prepares and workflow.allows(report, "submit"),
        "may_review": reviews and workflow.allows(report, "accept"),
        "narrative_form": forms.get("narrative_form")
        or NarrativeForm(
            initial={
                "problems": report.problems,
                "remedies": report.remedies,
                "lock_version": report.lock_version,
            }
        ),
        "return_form": forms.get("return_form")
        or ReturnForm(initial={"lock_version": report.lock_version}),
    }


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    return render(request, "monitoring/report_detail.html", _detail_context(request, report))


def _lock_version(request: HttpRequest) -> int:
    try:
        return max(0, min(int(request.POST.get("lock_version") or 0), 2**31))
    except ValueError:
        return 0


@require_POST
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    form = NarrativeForm(request.POST)
    if form.is_valid():
        try:
            services.update_narrative(
                actor=request.user,  # type: ignore[arg-type]
                report=report,
                problems=form.cleaned_data["problems"],
                remedies=form.cleaned_data["remedies"],
                lock_version=form.cleaned_data["lock_version"],
                context=RequestContext.of(request),
            )
        except PermissionDenied:
            raise
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The narrative is saved."))
            return redirect("monitoring:report-detail", pk=pk)
    context = _detail_context(request, report, narrative_form=form)
    return render(request, "monitoring/report_detail.html", context, status=422)


def _step(
    request: HttpRequest, pk: int, call: Callable[[ProgressReport], Any], done: str
) -> HttpResponse:
    report = _get(request, pk)
    try:
        call(report)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)
    return redirect("monitoring:report-detail", pk=pk)


@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        lambda report: services.submit_report(
            actor=request.user,  # type: ignore[arg-type]
            report=report,
            lock_version=_lock_version(request),
            context=RequestContext.of(request),
        ),
        _("The report is submitted to the consultant."),
    )


@require_POST
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        lambda report: services.accept_report(
            actor=request.user,  # type: ignore[arg-type]
            report=report,
            lock_version=_lock_version(request),
            context=RequestContext.of(request),
        ),
        _("The report is accepted; its figures are kept as they are now."),
    )


@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_report(
                actor=request.user,  # type: ignore[arg-type]
                report=report,
                comment=form.cleaned_data["comment"],
                lock_version=form.cleaned_data["lock_version"],
                context=RequestContext.of(request),
            )
        except PermissionDenied:
            raise
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            messages.success(request, _("The report is returned to the gmina."))
            return redirect("monitoring:report-detail", pk=pk)
    context = _detail_context(request, report, return_form=form)
    return render(request, "monitoring/report_detail.html", context, status=422)


# The programme's reports ----------------------------------------------------------------------


def programme_report(request: HttpRequest) -> HttpResponse:
    """The form of a programme's report; a valid POST builds it as a background job (its page
    shows the progress, then the download)."""
    _require_opener(request)
    form = ProgrammeReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        params = form.params()
        if not policies.can_build_reports_at(request.user, params["teryt"]):
            raise Http404(_("No such territory in your scope."))
        job = start_job(actor=request.user, kind="monitoring.programme_report", params=params)
        return redirect(job.get_absolute_url())
    return render(request, "monitoring/programme_report.html", {"form": form})
