"""Writing audit events: one call per state change, inside the caller's transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from integra.audit.models import AuditChainHead, AuditEvent
from integra.core.actors import Actor, label_of, user_of

GENESIS = "0" * 64


@dataclass(frozen=True)
class RequestContext:
    """Where a change came from: kept with the event."""

    request_id: str = ""
    ip_address: str | None = None

    @classmethod
    def of(cls, request: Any) -> RequestContext:
        """The request id (set by RequestIdMiddleware) and the client address of a request."""
        return cls(
            request_id=getattr(request, "request_id", ""),
            ip_address=request.META.get("REMOTE_ADDR") or None,
        )


def event_digest(event: AuditEvent) -> str:
    """Hash of the previous hash plus the event's own content (canonical JSON)."""
    content = {
        "previous": event.previous_hash,
        "at": event.occurred_at.isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "target": [event.target_type, event.target_id, event.target_repr],
        "territory": event.territory_teryt,
        "changes": event.changes,
        "request": [event.request_id, event.ip_address],
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record_event(
    *,
    actor: Actor | None,
    action: str,
    target: Any = None,
    territory_teryt: str = "",
    changes: dict[str, Any] | None = None,
    context: RequestContext | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the transaction of the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction of the change")
    context = context or RequestContext()
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS}
    )
    user = user_of(actor)
    event = AuditEvent(
        occurred_at=timezone.now(),
        # By id: audit sits below accounts, so it knows the user only as an actor with a key.
        actor_id=user.pk if user is not None else None,
        actor_label=label_of(actor),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        territory_teryt=territory_teryt,
        changes=json.loads(json.dumps(changes or {}, default=str)),
        request_id=context.request_id,
        ip_address=context.ip_address,
        previous_hash=head.last_hash,
    )
    event.hash = event_digest(event)
    event.save(force_insert=True)
    head.last_hash = event.hash
    head.save(update_fields=["last_hash"])
    return event


def verify_chain() -> tuple[int, str | None]:
    """Walk the chain in order; return (events checked, description of the first break or None)."""
    previous = GENESIS
    count = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != previous:
            return count, f"event {event.pk} ({event.action}): previous event missing or altered"
        if event_digest(event) != event.hash:
            return count, f"event {event.pk} ({event.action}): content altered"
        previous = event.hash
        count += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        return count, f"the newest event(s) after {count} were deleted"
    return count, None
