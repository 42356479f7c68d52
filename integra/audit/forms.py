"""Form of the audit search: its field names are the query parameters of the page and export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from integra.audit import selectors
from integra.audit.models import AuditEvent
from integra.core.forms import BootstrapForm, DateInput

TERYT_PREFIX = r"^(PL|\d{1,7})$"


class EventFilterForm(BootstrapForm):
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
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", str(selectors.END_BEFORE_START))
        return cleaned

    def events(self, user: Any) -> QuerySet[AuditEvent]:
        """The events the filters select, or none when a filter is invalid (so that an export
        never holds more than the page shows)."""
        if not self.is_valid():
            return AuditEvent.objects.none()
        filters = {key: value for key, value in self.cleaned_data.items() if value}
        return selectors.list_events(user=user, **filters)
