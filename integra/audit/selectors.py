"""Reads of the audit trail: the search and the history of an object, within the caller's scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from integra.audit.models import AuditEvent

# The search refuses a period that ends before it begins (the page and the API say so alike).
END_BEFORE_START = gettext_lazy("The end date is before the start date.")


def list_events(
    *,
    user: Any,
    actor: str | None = None,
    action: str | None = None,
    territory: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events the user may see, newest first. `actor` matches a part of the actor's name,
    `action` and `territory` the beginning of the action code and of the TERYT code; the dates
    (inclusive, in the site's time zone) bound the time of the event."""
    events = AuditEvent.objects.visible_to(user)
    if actor:
        events = events.filter(actor_label__icontains=actor.strip())
    if action:
        events = events.filter(action__startswith=action.strip())
    if territory:
        events = events.filter(territory_teryt__startswith=territory.strip())
    if date_from:
        events = events.filter(occurred_at__gte=_start_of(date_from))
    if date_to:
        events = events.filter(occurred_at__lt=_start_of(date_to + dt.timedelta(days=1)))
    return events.order_by("-occurred_at", "-id")


def history_of(*, user: Any, targets: Iterable[models.Model]) -> QuerySet[AuditEvent]:
    """Events about any of the objects (matched by type and id) that the user may see, newest
    first; nothing when no object is given."""
    matches = Q(pk__in=[])
    for target in targets:
        for label in _labels_of(target):
            matches |= Q(target_type=label, target_id=str(target.pk))
    return AuditEvent.objects.visible_to(user).filter(matches).order_by("-occurred_at", "-id")


def _labels_of(target: models.Model) -> list[str]:
    """The object's type as events name it; a model that kept the table of the app it came from
    (`plans_strategy` in strategies) also answers to that app's label, so its history stays."""
    meta = target._meta
    labels = [meta.label_lower]
    former, _, model = meta.db_table.rpartition("_")
    if model == meta.model_name and former and former != meta.app_label:
        labels.append(f"{former}.{model}")
    return labels


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
