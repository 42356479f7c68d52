"""The ministry's record of the programme's money outside the gminas: loan disbursements and
the government's counterpart funds received, and payments of components without gminas
(consultants, the campaign agency) — two forms, the list of what was recorded, its export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext
from integra.core.errors import DomainError
from integra.core.exports import export_response
from integra.core.forms import mark_invalid, show_refusal
from integra.finance import exports, selectors
from integra.finance.forms import ComponentPaymentForm, FundingForm
from integra.finance.policies import can_record_funding, can_view_funding
from integra.finance.selectors import funding as funding_selectors
from integra.finance.services import funding as services
from integra.programmes.selectors import RateMissing

DAY_FIELDS = {"funding": "received_on", "component": "paid_on"}


def _programme(request: HttpRequest) -> Any:
    if not can_view_funding(request.user):
        raise PermissionDenied(_("Only the ministry sees the programme's sources of funds."))
    programme = selectors.finance_programme(request.GET.get("programme"))
    if programme is None:
        raise Http404(_("No such programme."))
    return programme


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in funding_selectors.KINDS else ""


def _record(request: HttpRequest, programme: Any, form: Any, which: str) -> bool:
    """Call the service of the posted form; its refusal at the form's fields."""
    data = form.cleaned_data
    try:
        if which == "funding":
            services.record_funding(
                actor=request.user,
                programme=programme,
                source=data["source"],
                amount_eur=data["amount_eur"],
                received_on=data["received_on"],
                reference=data["reference"],
                context=RequestContext.of(request),
            )
        else:
            services.record_component_payment(
                actor=request.user,
                component=form.chosen_component(),
                amount_pln=data["amount_pln"],
                paid_on=data["paid_on"],
                reference=data["reference"],
                context=RequestContext.of(request),
            )
    except RateMissing as missing:
        form.add_error(DAY_FIELDS[which], missing.message)
        mark_invalid(form)
        return False
    except DomainError as refusal:
        show_refusal(form, refusal)
        return False
    return True


def funding(request: HttpRequest) -> HttpResponse:
    """The sources of funds and component payments of a programme; an administrator records a
    disbursement (or counterpart funds) or a component's payment here (POST)."""
    programme = _programme(request)
    components = list(selectors.list_components(user=request.user, programme=programme))
    may_record = can_record_funding(request.user)
    which = request.POST.get("form", "") if request.method == "POST" else ""
    funding_form = FundingForm(request.POST if which == "funding" else None, prefix="funding")
    component_form = ComponentPaymentForm(
        request.POST if which == "component" else None, prefix="component", components=components
    )
    if which:
        if not may_record:
            raise PermissionDenied(_("Only a ministry administrator records the funds."))
        form = funding_form if which == "funding" else component_form
        if which in DAY_FIELDS and form.is_valid() and _record(request, programme, form, which):
            messages.success(request, _("Recorded and posted to the ledger."))
            return redirect(f"{request.path}?programme={programme.code}")
    kind = _kind(request)
    context = {
        "programme": programme,
        "rows": funding_selectors.list_funding(user=request.user, programme=programme, kind=kind),
        "kind": kind,
        "may_record": may_record,
        "funding_form": funding_form,
        "component_form": component_form,
        "query": request.GET.urlencode(),
    }
    return render(request, "finance/funding.html", context, status=422 if which else 200)


def funding_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The list as shown (its kind), as CSV or XLSX."""
    programme = _programme(request)
    rows = funding_selectors.list_funding(
        user=request.user, programme=programme, kind=_kind(request)
    )
    return export_response(exports.funding_table(programme, rows), fmt)
