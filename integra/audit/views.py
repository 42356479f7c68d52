"""Audit search: a filtered, paginated table of events and its CSV export (ministry roles see all
events, regional roles those of their voivodeship, nobody else the page)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.audit import selectors
from integra.audit.models import AuditEvent
from integra.audit.policies import can_search_audit
from integra.core.exports import Table, csv_response

PAGE_SIZE = 50
TERYT_PREFIX = r"^(PL|\d{1,7})$"
# The browser's date picker sends and expects ISO dates, whatever the page's language.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventFilterForm(forms.Form):
    """The search of the audit trail; its field names are the query parameters."""

    actor = forms.CharField(label=gettext_lazy("User name"), required=False, max_length=150)
    action = forms.CharField(
        label=gettext_lazy("Action"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("The beginning of the code, e.g. “accounts.” or “accounts.user.”."),
    )
    territory = forms.RegexField(
        label=gettext_lazy("Territory (TERYT)"),
        regex=TERYT_PREFIX,
        required=False,
        max_length=7,
        help_text=gettext_lazy("A TERYT code or its beginning, e.g. “10” or “1001022”."),
        error_messages={"invalid": gettext_lazy("Enter digits of a TERYT code (at most 7).")},
    )
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DATE_INPUT)
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=DATE_INPUT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def events(self, user: Any) -> QuerySet[AuditEvent]:
        """The events the filters select, or none when a filter is invalid (so that an export
        never holds more than the page shows)."""
        if not self.is_valid():
            return AuditEvent.objects.none()
        filters = {key: value for key, value in self.cleaned_data.items() if value}
        return selectors.list_events(user=user, **filters)


def event_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    form = EventFilterForm(request.GET)
    events = form.events(request.user)
    context = {
        "form": form,
        "page": Paginator(events, PAGE_SIZE).get_page(request.GET.get("page")),
    }
    return render(request, "audit/event_list.html", context)


def event_export(request: HttpRequest) -> HttpResponse:
    """Every event the current filters select (all pages) as CSV."""
    _require_reader(request)
    events = EventFilterForm(request.GET).events(request.user)
    rows = (_export_row(event) for event in events.iterator(chunk_size=2000))
    return csv_response(Table(name="audyt", title=_("Audit"), header=_export_header(), rows=rows))


def _require_reader(request: HttpRequest) -> None:
    if not can_search_audit(request.user):
        raise PermissionDenied(_("Only ministry and regional roles may search the audit trail."))


def _export_header() -> list[str]:
    return [
        _("Event"),
        _("Time"),
        _("User name"),
        _("Action"),
        _("Object type"),
        _("Object id"),
        _("Object"),
        _("Territory (TERYT)"),
        _("Changes"),
        _("Request id"),
        _("IP address"),
    ]


def _export_row(event: AuditEvent) -> list[str]:
    return [
        str(event.pk),
        timezone.localtime(event.occurred_at).isoformat(timespec="seconds"),
        event.actor_label,
        event.action,
        event.target_type,
        event.target_id,
        event.target_repr,
        event.territory_teryt,
        json.dumps(event.changes, ensure_ascii=False, sort_keys=True),
        event.request_id,
        event.ip_address or "",
    ]
