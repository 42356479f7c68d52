"""Who acts in a service: a user (checked against a policy) or an operator's command."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied


def user_of(actor: Any) -> Any:
    """The user behind the actor, None for an operator's command (a plain string)."""
    return actor if getattr(actor, "pk", None) is not None else None


def label_of(actor: Any) -> str:
    return actor.get_username() if user_of(actor) is not None else str(actor)


def check_right(actor: Any, predicate: Callable[[Any, Any], bool], obj: Any, message: str) -> None:
    """PermissionDenied(message) unless the policy allows the actor."""
    # A plain string actor is an operator's command on the server, trusted like the imports.
    if not isinstance(actor, str) and not predicate(actor, obj):
        raise PermissionDenied(message)
