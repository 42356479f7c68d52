"""`{% audit_history obj other_objs %}`: the history of any audited object, as the signed-in user
may see it (templates/audit/_history.html)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django import template
from django.db import models

from integra.audit.selectors import history_of

register = template.Library()

LIMIT = 100


@register.inclusion_tag("audit/_history.html", takes_context=True)
def audit_history(context: template.Context, *objects: Any, limit: int = LIMIT) -> dict[str, Any]:
    """Events about the objects (each an instance, or an iterable of instances such as the
    assignments of a user), newest first, at most `limit`."""
    request = context.get("request")
    user = getattr(request, "user", None)
    events = list(history_of(user=user, targets=_flatten(objects))[: limit + 1])
    return {"events": events[:limit], "truncated": len(events) > limit, "request": request}


@register.filter
def change_lines(changes: Any) -> list[tuple[str, Any, Any, bool]]:
    """(field, before, after, changed) for each field of a change.

    A {"before": {...}, "after": {...}} record compares the two; a field present in only one of
    them (a creation, a deletion) or a flat record of values is listed as it stands."""
    if not isinstance(changes, dict):
        return []
    if set(changes) == {"before", "after"}:
        before, after = changes["before"] or {}, changes["after"] or {}
        compared = bool(changes["before"]) and bool(changes["after"])
        keys = [*before, *(key for key in after if key not in before)]
        return [
            (
                key,
                before.get(key),
                after.get(key, before.get(key)),
                compared and before.get(key) != after.get(key),
            )
            for key in keys
        ]
    return [(key, None, value, False) for key, value in changes.items()]


def _flatten(objects: Iterable[Any]) -> list[models.Model]:
    flat: list[models.Model] = []
    for item in objects:
        if isinstance(item, models.Model):
            flat.append(item)
        elif item is not None:
            flat.extend(item)
    return flat


@register.filter
def audit_value(value: Any) -> str:
    """A recorded value as text: "—" for none, JSON for structures."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)
