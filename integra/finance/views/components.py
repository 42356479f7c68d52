"""The ministry's components and procurement-plan status (with its exports) and the ledger's
balances per gmina."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.core.exports import export_response
from integra.finance import exports, selectors
from integra.finance.policies import (
    can_edit_components,
    can_view_components,
    can_view_ledger_anywhere,
)


def _programme(request: HttpRequest) -> Any:
    programme = selectors.finance_programme(request.GET.get("programme"))
    if programme is None:
        raise Http404(_("No such programme."))
    return programme


def _require_components(request: HttpRequest) -> None:
    if not can_view_components(request.user):
        raise PermissionDenied(_("Only the ministry sees the components and procurement plan."))


def components(request: HttpRequest) -> HttpResponse:
    """The programme's components with their budgets and the status of the procurement plan."""
    _require_components(request)
    programme = _programme(request)
    today = timezone.localdate()
    rows = selectors.procurement_status(user=request.user, programme=programme, today=today)
    context = {
        "programme": programme,
        "components": selectors.list_components(user=request.user, programme=programme),
        "rows": rows,
        "step_labels": list(selectors.STEP_LABELS.values()),
        "today": today,
        "may_edit": can_edit_components(request.user),
    }
    return render(request, "finance/components.html", context)


def procurement_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The procurement-plan status of the programme, every item, as CSV or XLSX."""
    _require_components(request)
    programme = _programme(request)
    rows = selectors.procurement_status(
        user=request.user, programme=programme, today=timezone.localdate()
    )
    return export_response(exports.procurement_status_table(programme, rows), fmt)


# Transfers to gminas --------------------------------------------------------------------------


def balances(request: HttpRequest) -> HttpResponse:
    """The ledger's balances of every gmina the user may see, in one programme."""
    if not can_view_ledger_anywhere(request.user):
        raise PermissionDenied(_("Only users of the programme with a role see the ledger."))
    programme = _programme(request)
    rows = selectors.gmina_balances(user=request.user, programme=programme)
    return render(request, "finance/balances.html", {"programme": programme, "rows": rows})
