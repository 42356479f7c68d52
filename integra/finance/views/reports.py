"""The reports page of the ministry and the regions: the interim financial report (the
ministry), the programme report by voivodeship and line, a gmina's financial statement, and a
link to the procurement-plan status; each built as XLSX or PDF for the period picked."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.finance import selectors
from integra.finance.exports.reports import (
    BuiltFile,
    build_gmina_statement,
    build_interim_report,
    build_programme_report,
)
from integra.finance.forms import InterimReportForm, ProgrammeReportForm, StatementForm
from integra.finance.policies import (
    can_build_interim_report,
    can_open_reports,
    can_view_components,
)


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


def _file(built: BuiltFile) -> HttpResponse:
    response = HttpResponse(built.content, content_type=built.content_type)
    response["Content-Disposition"] = f'attachment; filename="{built.filename}"'
    return response


def _no_progress(percent: int, message: str = "") -> None:
    return None


def report_interim(request: HttpRequest) -> HttpResponse:
    programme = _require_reports(request)
    if not can_build_interim_report(request.user):
        raise PermissionDenied(_("Only the ministry builds the interim financial report."))
    form = InterimReportForm(request.GET)
    if not form.is_valid():
        return _page(request, programme, 400, interim=form)
    params = {"programme": programme.code, **form.cleaned_data}
    return _file(build_interim_report(params, request.user, _no_progress))


def report_programme(request: HttpRequest) -> HttpResponse:
    programme = _require_reports(request)
    form = ProgrammeReportForm(request.GET)
    if not form.is_valid():
        return _page(request, programme, 400, programme_report=form)
    params = {
        "programme": programme.code,
        "until": form.cleaned_data["until"].isoformat(),
        "format": form.cleaned_data["format"],
    }
    return _file(build_programme_report(params, request.user, _no_progress))


def report_statement(request: HttpRequest) -> HttpResponse:
    programme = _require_reports(request)
    form = StatementForm(request.GET)
    if not form.is_valid():
        return _page(request, programme, 400, statement=form)
    params = {"programme": programme.code, **form.cleaned_data}
    try:
        built = build_gmina_statement(params, request.user, _no_progress)
    except LookupError:
        form.add_error("gmina", _("No gmina with this code in your area."))
        return _page(request, programme, 400, statement=form)
    return _file(built)
