"""API of the audit trail: search events within the caller's scope."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from integra.audit import selectors
from integra.audit.models import AuditEvent
from integra.audit.policies import can_search_audit
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import PRINTABLE, caller

router = Router(tags=["audit"])


class AuditEventFilters(Schema):
    # Optional but never null: a query string has no null, so the schema should not offer one.
    actor: str = Field(
        None, max_length=150, pattern=PRINTABLE, description="A part of the user name."
    )
    action: str = Field(
        None,
        max_length=100,
        pattern=PRINTABLE,
        description="The beginning of the action code, e.g. `accounts.`.",
    )
    territory: str = Field(
        None,
        pattern=r"^(PL|[0-9]{1,7})$",
        description="A TERYT code or its beginning; `PL` for events filed under the country.",
    )
    date_from: dt.date = Field(None, description="First day (inclusive, Warsaw time).")
    date_to: dt.date = Field(None, description="Last day (inclusive, Warsaw time).")


class AuditEventItem(Schema):
    id: int
    occurred_at: dt.datetime
    actor: str = Field(alias="actor_label", description="The actor's user name, or a system.")
    action: str = Field(description="`<app>.<model>.<past-verb>`.")
    target_type: str
    target_id: str
    target_repr: str
    territory_teryt: str = Field(description="Where the event is filed; empty for nowhere.")
    changes: dict[str, Any]
    request_id: str
    ip_address: str | None


@router.get("", response=list[AuditEventItem], summary="Search audit events")
@paginate(PageNumberPagination)
def audit_events_list(
    request: HttpRequest, filters: Query[AuditEventFilters]
) -> QuerySet[AuditEvent]:
    """Events within the caller's scope, newest first: ministry roles see all, regional roles
    those filed under their voivodeship; anyone else is refused (403)."""
    if not can_search_audit(caller(request)):
        raise PermissionDenied
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise HttpError(422, str(selectors.END_BEFORE_START))
    return selectors.list_events(user=caller(request), **filters.dict(exclude_none=True))
