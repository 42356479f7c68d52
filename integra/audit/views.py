"""Audit search: a filtered, paginated table of events and its CSV export (ministry roles see all
events, regional roles those of their voivodeship, nobody else the page)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from integra.audit.exports import event_table
from integra.audit.forms import EventFilterForm
from integra.audit.policies import can_search_audit
from integra.core.exports import CSV_FORMATS, export_response

PAGE_SIZE = 50


def event_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    form = EventFilterForm(request.GET)
    events = form.events(request.user)
    context = {
        "form": form,
        "page": Paginator(events, PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "audit/event_list.html", context)


def event_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every event the current filters select (all pages) as CSV, for Excel or for scripts (no
    XLSX: the trail can outgrow a sheet held in memory)."""
    _require_reader(request)
    events = EventFilterForm(request.GET).events(request.user)
    return export_response(event_table(events.iterator(chunk_size=2000)), fmt, CSV_FORMATS)


def _require_reader(request: HttpRequest) -> None:
    if not can_search_audit(request.user):
        raise PermissionDenied(_("Only ministry and regional roles may search the audit trail."))
