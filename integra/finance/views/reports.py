"""The reports page of the ministry and the regions: the interim financial report (the
ministry), the programme report by voivodeship and line, a gmina's financial statement, and a
link to the procurement-plan status; each built as XLSX or PDF for the period picked."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.core.jobs import start_job
from integra.finance import selectors
from integra.finance.exports.reports import GMINA_STATEMENT, INTERIM_REPORT, PROGRAMME_REPORT
from integra.finance.forms import InterimReportForm, ProgrammeReportForm, StatementForm
from integra.finance.policies import (
    can_build_interim_report,
    can_open_reports,
    can_view_components,
    can_view_settlement,
)
from integra.territories.models import Territory


def _require_reports(request: HttpRequest) -> Any:
    if not can_open_reports(request.user):
        raise PermissionDenied(_("Only the ministry and the regions build financial reports."))
    programme = selectors.finance_programme(request.GET.get("programme"))
    if programme is None:
        raise Http404(_("No such programme."))
    return programme


def _page(request: HttpRequest, programme: Any, status: int = 200, **forms: Any) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "programme": programme,
        "interim_form": forms.get("interim")
        or InterimReportForm(
            initial={"year": today.year - 1, "semester": 2 if today.month <= 6 else 1}
        ),
        "programme_form": forms.get("programme_report")
        or ProgrammeReportForm(initial={"until": today}),
        "statement_form": forms.get("statement") or StatementForm(),
        "may_interim": can_build_interim_report(request.user),
        "may_procurement": can_view_components(request.user),
    }
    return render(request, "finance/reports.html", context, status=status)


def reports(request: HttpRequest) -> HttpResponse:
    programme = _require_reports(request)
    return _page(request, programme)


def _started(request: HttpRequest, kind: str, params: dict[str, Any]) -> HttpResponse:
    """The report builds in the background: its page shows the progress, then the file."""
    job = start_job(actor=request.user, kind=kind, params=params)
    return redirect(job.get_absolute_url())


@require_POST
def report_interim(request: HttpRequest) -> HttpResponse:
    programme = _require_reports(request)
    if not can_build_interim_report(request.user):
        raise PermissionDenied(_("Only the ministry builds the interim financial report."))
    form = InterimReportForm(request.POST)
    if not form.is_valid():
        return _page(request, programme, 200, interim=form)
    return _started(request, INTERIM_REPORT, {"programme": programme.code, **form.cleaned_data})


@require_POST
def report_programme(request: HttpRequest) -> HttpResponse:
    programme = _require_reports(request)
    form = ProgrammeReportForm(request.POST)
    if not form.is_valid():
        return _page(request, programme, 200, programme_report=form)
    params = {
        "programme": programme.code,
        "until": form.cleaned_data["until"].isoformat(),
        "format": form.cleaned_data["format"],
    }
    return _started(request, PROGRAMME_REPORT, params)


@require_POST
def report_statement(request: HttpRequest) -> HttpResponse:
    programme = _require_reports(request)
    form = StatementForm(request.POST)
    if not form.is_valid():
        return _page(request, programme, 200, statement=form)
    gmina = Territory.objects.filter(
        teryt=form.cleaned_data["gmina"], level=Territory.Level.GMINA
    ).first()
    if gmina is None or not can_view_settlement(request.user, gmina):
        form.add_error("gmina", _("No gmina with this code in your area."))
        return _page(request, programme, 200, statement=form)
    return _started(request, GMINA_STATEMENT, {"programme": programme.code, **form.cleaned_data})
