"""Files out of the audit trail: the events a search selects, as CSV (for Excel or for scripts)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from integra.audit.models import AuditEvent
from integra.core.exports import Table


def event_table(events: Iterable[AuditEvent]) -> Table:
    """One row per event, changes as canonical JSON; rows are produced as the file is written."""
    return Table(name="audyt", title=_("Audit"), header=_header(), rows=(_row(e) for e in events))


def _header() -> list[str]:
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


def _row(event: AuditEvent) -> list[Any]:
    return [
        event.pk,
        event.occurred_at,
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
