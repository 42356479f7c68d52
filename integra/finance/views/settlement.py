"""The annual settlement's pages: the list (regional finance's queue, the gmina's own, with its
export), a new settlement, the settlement with its figures and the next step offered — edit and
submit for the gmina, return with comments or accept for regional finance — and the gmina's
financial statement as XLSX or PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.audit.services import RequestContext
from integra.core.errors import DomainError
from integra.core.exports import Table, export_response
from integra.core.forms import show_refusal
from integra.finance import selectors
from integra.finance.exports.reports import ReportRefused, build_gmina_statement
from integra.finance.forms import NewSettlementForm, ReturnSettlementForm, SettlementForm
from integra.finance.models import SETTLEMENT_WORKFLOW, Settlement
from integra.finance.policies import (
    can_check_settlement,
    can_open_settlements,
    can_prepare_settlement,
    can_view_settlement,
)
from integra.finance.selectors import settlement as settlement_selectors
from integra.finance.services import settlement as services
from integra.finance.services.components import EditConflict
from integra.territories.models import Territory


def _require_settlements(request: HttpRequest) -> None:
    if not can_open_settlements(request.user):
        raise PermissionDenied(_("Only users of the programme with a role see settlements."))


def _settlement(request: HttpRequest, pk: int) -> Settlement:
    _require_settlements(request)
    try:
        found: Settlement = settlement_selectors.list_settlements(user=request.user).get(pk=pk)
    except Settlement.DoesNotExist as exc:
        raise Http404(_("No such settlement.")) from exc
    return found


def _year(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) == 4 else None


def _listed(request: HttpRequest) -> Any:
    status = request.GET.get("status") or None
    if status not in dict(Settlement.Status.choices):
        status = None
    return settlement_selectors.list_settlements(
        user=request.user, status=status, year=_year(request.GET.get("year"))
    )


def settlement_list(request: HttpRequest) -> HttpResponse:
    """Settlements the user may see, newest year first; the years a coordinator may settle."""
    _require_settlements(request)
    programme = selectors.finance_programme(request.GET.get("programme"))
    preparing = []
    if programme is not None:
        for gmina in settlement_selectors.gminas_settling(user=request.user):
            years = settlement_selectors.settleable_years(programme=programme, gmina=gmina)
            if years:
                preparing.append((gmina, NewSettlementForm(years=years, prefix=gmina.teryt)))
    context = {
        "rows": list(_listed(request)[:200]),
        "preparing": preparing,
        "programme": programme,
        "statuses": Settlement.Status.choices,
        "status": request.GET.get("status", ""),
        "year": request.GET.get("year", ""),
    }
    return render(request, "finance/settlements.html", context)


@require_POST
def settlement_create(request: HttpRequest, teryt: str) -> HttpResponse:
    _require_settlements(request)
    gmina = Territory.objects.filter(teryt=teryt[:7], level=Territory.Level.GMINA).first()
    programme = selectors.finance_programme(request.POST.get("programme"))
    if gmina is None or programme is None or not can_view_settlement(request.user, gmina):
        raise Http404(_("No such gmina."))
    if not can_prepare_settlement(request.user, gmina):
        raise PermissionDenied(_("Only the gmina's coordinator prepares its settlement."))
    years = settlement_selectors.settleable_years(programme=programme, gmina=gmina)
    form = NewSettlementForm(request.POST, years=years, prefix=gmina.teryt)
    if form.is_valid():
        try:
            made = services.prepare_settlement(
                actor=request.user,
                programme=programme,
                gmina=gmina,
                year=form.cleaned_data["year"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The settlement was prepared from the ledger."))
            return redirect("finance:settlement", pk=made.pk)
    else:
        messages.error(request, _("Choose a year from the list."))
    return redirect("finance:settlements")


def _detail_context(
    request: HttpRequest,
    settlement: Settlement,
    *,
    form: SettlementForm | None = None,
    return_form: ReturnSettlementForm | None = None,
) -> dict[str, Any]:
    user = request.user
    preparer = can_prepare_settlement(user, settlement.gmina)
    checker = can_check_settlement(user, settlement.gmina)
    return {
        "settlement": settlement,
        "figures": settlement_selectors.shown_figures(settlement),
        "moved": settlement_selectors.ledger_moved_since(settlement),
        "may_edit": preparer and SETTLEMENT_WORKFLOW.allows(settlement, "edit"),
        "may_submit": preparer and SETTLEMENT_WORKFLOW.allows(settlement, "submit"),
        "may_return": checker and SETTLEMENT_WORKFLOW.allows(settlement, "return"),
        "may_accept": checker and SETTLEMENT_WORKFLOW.allows(settlement, "accept"),
        "form": form
        or SettlementForm(
            initial={
                "disposition": settlement.disposition,
                "explanation": settlement.explanation,
                "lock_version": settlement.lock_version,
            }
        ),
        "return_form": return_form or ReturnSettlementForm(),
    }


def settlement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    settlement = _settlement(request, pk)
    return render(request, "finance/settlement.html", _detail_context(request, settlement))


def _done(request: HttpRequest, settlement: Settlement, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("finance:settlement", pk=settlement.pk)


@require_POST
def settlement_update(request: HttpRequest, pk: int) -> HttpResponse:
    settlement = _settlement(request, pk)
    form = SettlementForm(request.POST)
    if form.is_valid():
        try:
            services.update_settlement(
                actor=request.user,
                settlement=settlement,
                data=form.input(),
                lock_version=form.cleaned_data["lock_version"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
            status = 409 if isinstance(refusal, EditConflict) else 200
            context = _detail_context(request, settlement, form=form)
            return render(request, "finance/settlement.html", context, status=status)
        return _done(request, settlement, _("The settlement was saved."))
    context = _detail_context(request, settlement, form=form)
    return render(request, "finance/settlement.html", context)


@require_POST
def settlement_submit(request: HttpRequest, pk: int) -> HttpResponse:
    settlement = _settlement(request, pk)
    try:
        services.submit_settlement(
            actor=request.user, settlement=settlement, context=RequestContext.of(request)
        )
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect("finance:settlement", pk=settlement.pk)
    return _done(request, settlement, _("The settlement was submitted to regional finance."))


@require_POST
def settlement_return(request: HttpRequest, pk: int) -> HttpResponse:
    settlement = _settlement(request, pk)
    form = ReturnSettlementForm(request.POST)
    if form.is_valid():
        try:
            services.return_settlement(
                actor=request.user,
                settlement=settlement,
                comment=form.cleaned_data["comment"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            return _done(request, settlement, _("The settlement was returned to the gmina."))
    context = _detail_context(request, settlement, return_form=form)
    return render(request, "finance/settlement.html", context)


@require_POST
def settlement_accept(request: HttpRequest, pk: int) -> HttpResponse:
    settlement = _settlement(request, pk)
    try:
        services.accept_settlement(
            actor=request.user, settlement=settlement, context=RequestContext.of(request)
        )
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect("finance:settlement", pk=settlement.pk)
    return _done(request, settlement, _("The settlement was accepted and locked."))


def settlement_statement(request: HttpRequest, pk: int) -> HttpResponse:
    """The gmina's financial statement of the settlement's year (XLSX by default, or PDF)."""
    settlement = _settlement(request, pk)
    fmt = "pdf" if request.GET.get("format") == "pdf" else "xlsx"
    params = {
        "programme": settlement.programme.code,
        "gmina": settlement.gmina.teryt,
        "year": settlement.year,
        "format": fmt,
    }
    try:
        built = build_gmina_statement(params, request.user, lambda percent, message="": None)
    except ReportRefused as exc:
        raise Http404(exc.message) from exc
    response = HttpResponse(built.content, content_type=built.content_type)
    response["Content-Disposition"] = f'attachment; filename="{built.filename}"'
    return response


def settlement_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The settlements of the list (its filters) as CSV or XLSX."""
    _require_settlements(request)
    rows = []
    listed = list(_listed(request)[:2000])
    totals = settlement_selectors.shown_totals(listed)
    for item in listed:
        figures = totals[item.pk]
        rows.append(
            [
                item.gmina.name,
                item.gmina.teryt,
                item.programme.code,
                item.year,
                item.get_status_display(),
                item.get_disposition_display(),
                figures.received_pln,
                figures.spent_pln,
                figures.closing_pln,
                item.submitted_at,
            ]
        )
    table = Table(
        name="rozliczenia",
        title=_("Annual settlements"),
        header=[
            _("Gmina"),
            _("TERYT code"),
            _("Programme"),
            _("Year"),
            _("Status"),
            _("Unspent rest"),
            _("Received (PLN)"),
            _("Spent (PLN)"),
            _("Rest (PLN)"),
            _("Submitted"),
        ],
        rows=rows,
    )
    return export_response(table, fmt)
