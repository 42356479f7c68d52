"""Template helpers of procurement pages and documents."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def points(sheet: Any, offer: Any, member: Any, criterion: Any) -> str:
    """A member's points for an offer's criterion in the protocol ("—" when not scored)."""
    value = sheet.of(offer, member, criterion)
    return "—" if value is None else str(value)
