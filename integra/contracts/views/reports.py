"""Pages of provider reports: the report with its parts and the coordinator's review, the form
the provider (or the coordinator) submits, and the overdue list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.audit.services import RequestContext
from integra.catalog.models import TargetGroup
from integra.contracts import policies, selectors, services
from integra.contracts.forms.reports import ReportForm, ReturnForm, report_field
from integra.contracts.models import ProviderReport
from integra.contracts.services import REPORT_WORKFLOW
from integra.contracts.views.shared import attempt, require_opener
from integra.core.errors import DomainError
from integra.core.forms import show_refusal


def get_report(request: HttpRequest, pk: int) -> ProviderReport:
    require_opener(request)
    try:
        return selectors.get_report(user=request.user, report_id=pk)
    except ProviderReport.DoesNotExist as exc:
        raise Http404(_("No such report.")) from exc


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report(request, pk)
    user = request.user
    reviews = policies.can_review_report(user, report)
    context = {
        "report": report,
        "contract": report.contract,
        "may_submit": policies.can_submit_report(user, report)
        and REPORT_WORKFLOW.allows(report, "submit"),
        "may_review": reviews and REPORT_WORKFLOW.allows(report, "accept"),
        "return_form": ReturnForm(),
    }
    return render(request, "contracts/report_detail.html", context)


def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report(request, pk)
    if not policies.can_submit_report(request.user, report):
        raise PermissionDenied(str(services.REFUSED["report"]))
    groups = {g.code: g for g in TargetGroup.objects.all()}
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, groups=groups, initial=ReportForm.initial_of(report))
    if data is not None and form.is_valid():
        try:
            services.submit_report(
                actor=request.user,  # type: ignore[arg-type]
                report=report,
                values=form.values(),
                lock_version=int(request.POST.get("lock_version") or 0),
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal, field_of=report_field)
        else:
            messages.success(request, _("The report is submitted to the gmina."))
            return redirect("contracts:report-detail", pk=report.pk)
    return render(request, "contracts/report_form.html", {"report": report, "form": form})


@require_POST
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report(request, pk)
    attempt(
        request,
        lambda: services.accept_report(
            actor=request.user,  # type: ignore[arg-type]
            report=report,
            context=RequestContext.of(request),
        ),
        _("The report is accepted."),
    )
    return redirect("contracts:report-detail", pk=pk)


@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report(request, pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what must be corrected."))
    else:
        attempt(
            request,
            lambda: services.return_report(
                actor=request.user,  # type: ignore[arg-type]
                report=report,
                comment=form.cleaned_data["comment"],
                context=RequestContext.of(request),
            ),
            _("The report is returned to the provider."),
        )
    return redirect("contracts:report-detail", pk=pk)


def overdue_list(request: HttpRequest) -> HttpResponse:
    """Overdue reports the user sees, by voivodeship (?voivodeship=10) or gmina (?gmina=…)."""
    require_opener(request)
    voivodeship = request.GET.get("voivodeship", "")[:2]
    gmina = request.GET.get("gmina", "")[:7]
    reports = selectors.overdue_reports(
        user=request.user,
        voivodeship=voivodeship if voivodeship.isdigit() else None,
        gmina=gmina if gmina.isdigit() else None,
    )
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(request, "contracts/report_overdue.html", {"page": page})
