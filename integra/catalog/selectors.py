"""Reads of the catalogue for pages, the API and other apps (the callers check the policy with
`require_reader`: the catalogue is the same for every reader)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from integra.catalog.models import ServiceType, TargetGroup
from integra.catalog.policies import can_view_catalogue


def require_reader(user: Any) -> None:
    """PermissionDenied unless the user holds some role in the programme."""
    if not can_view_catalogue(user):
        raise PermissionDenied(_("Only users with a role in the programme see the catalogue."))


def list_target_groups() -> QuerySet[TargetGroup]:
    """Every target group in catalogue order."""
    return TargetGroup.objects.order_by("position", "code")


def list_service_types(
    *,
    active: bool | None = None,
    group: str | None = None,
    line: str | None = None,
    search: str | None = None,
) -> QuerySet[ServiceType]:
    """Service types in catalogue order with their groups loaded. `active`: True only those in
    use, False only the retired, None both; `group` a group code; `line` services or training;
    `search` a part of the code or of either name."""
    types = ServiceType.objects.prefetch_related("groups")
    if active is True:
        types = types.filter(retired_on__isnull=True)
    elif active is False:
        types = types.filter(retired_on__isnull=False)
    if group:
        types = types.filter(groups__code=group)
    if line:
        types = types.filter(line=line)
    if search:
        types = types.filter(pk__in=_matching(search))
    return types.order_by("position", "code").distinct()


def _matching(search: str) -> list[int]:
    # SQLite folds the case of ASCII letters only ("świetlice" would miss "Świetlice"); the
    # catalogue is a few dozen rows, so Python folds the case on every database alike.
    needle = search.strip().casefold()
    rows = ServiceType.objects.values_list("pk", "code", "name_pl", "name_en")
    return [pk for pk, *texts in rows if any(needle in text.casefold() for text in texts)]


def get_service_type(code: str) -> ServiceType:
    """One type with its groups; ServiceType.DoesNotExist when no type has the code."""
    service_type: ServiceType = ServiceType.objects.prefetch_related("groups").get(code=code)
    return service_type


def active_service_types(group: str | None = None) -> QuerySet[ServiceType]:
    """The types a new plan may choose (not retired), optionally for one group."""
    return list_service_types(active=True, group=group)
