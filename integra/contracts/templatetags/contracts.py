"""Template helpers of procurement pages and documents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import date_format

from integra.core.templatetags.formats import money, number

register = template.Library()


@register.simple_tag
def points(sheet: Any, offer: Any, member: Any, criterion: Any) -> str:
    """A member's points for an offer's criterion in the protocol ("—" when not scored)."""
    value = sheet.of(offer, member, criterion)
    return "—" if value is None else str(value)


@register.filter
def cell_text(value: Any) -> str:
    """A register's cell as the page shows it: amounts as money, dates in the local format,
    empty for nothing."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number(value)
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)
