"""The registers of rounds, offers, contracts and reports, filtered, with their exports (CSV,
XLSX) of exactly the rows and columns the page shows."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from integra.contracts.filters import RegisterFilterForm
from integra.contracts.selectors.registers import REGISTERS, Register
from integra.contracts.views.shared import require_opener
from integra.core.exports import Table, export_response

PAGE_SIZE = 50


def _register(request: HttpRequest, kind: str) -> tuple[RegisterFilterForm, Register]:
    require_opener(request)
    if kind not in REGISTERS:
        raise Http404(_("No such register."))
    build, statuses = REGISTERS[kind]
    form = RegisterFilterForm(request.GET or None, statuses=statuses)
    return form, build(user=request.user, selection=form.selection())


def register(request: HttpRequest, kind: str) -> HttpResponse:
    form, found = _register(request, kind)
    page = Paginator(found.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "kind": kind,
        "form": form,
        "register": found,
        "page": page,
        "rows": [(row.pk, found.cells(row)) for row in page],
        "csv_url": reverse("contracts:register-export", args=[kind, "csv"]),
        "xlsx_url": reverse("contracts:register-export", args=[kind, "xlsx"]),
        "data_url": reverse("contracts:register-export", args=[kind, "dane.csv"]),
        "kinds": [
            ("nabory", _("Rounds")),
            ("oferty", _("Offers")),
            ("umowy", _("Contracts")),
            ("sprawozdania", _("Reports")),
        ],
    }
    return render(request, "contracts/register.html", context)


def register_export(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """Every row of the register's current filters (all pages), with the page's columns."""
    _form, found = _register(request, kind)
    table = Table(
        name=found.name,
        title=str(found.title),
        header=[str(h) for h in found.header],
        rows=found.table_rows(),
        widths=found.widths,
    )
    return export_response(table, fmt)
