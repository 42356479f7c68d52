"""Template filters that write numbers, money and percentages the way the active language does.

Polish: 40 000 000 and 1 234,56 (a non-breaking space groups thousands, a comma marks decimals);
English: 40,000,000 and 1,234.56. The separators come from Django's locale formats, so a page
never hard-codes them.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe

register = template.Library()

NBSP = "\xa0"


def _grouped(value: int | float | Decimal, decimals: int | None) -> str:
    if decimals is not None:
        # Django's number_format cuts surplus digits off; a reader expects them rounded.
        exponent = Decimal(1).scaleb(-decimals)
        value = Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)
    # force_grouping: figures stay readable even where USE_THOUSAND_SEPARATOR is switched off.
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _decimals(arg: int | str | None) -> int | None:
    return None if arg is None or arg == "" else int(arg)


@register.filter
def number(value, decimals: int | str | None = None) -> str:
    """An integer or decimal with grouped thousands; `decimals` fixes the digits after the comma.

    Empty values (None, "") give an empty string; anything not a number is returned unchanged.
    """
    if value is None or value == "" or isinstance(value, bool):
        return ""
    if not isinstance(value, int | float | Decimal):
        return value
    return _grouped(value, _decimals(decimals))


@register.filter
def money(value, currency: str = "") -> str:
    """An amount with two decimals and its currency code: "1 234,56 EUR".

    Only Decimal and int are accepted: a float has already lost cents, so it raises TypeError
    rather than print a wrong sum. Half-cents round away from zero, as in accounting.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, float | bool) or not isinstance(value, int | Decimal):
        raise TypeError(f"money expects a Decimal, got {type(value).__name__}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise TypeError(f"money cannot format {value!r}")
    text = _grouped(value, 2)
    return f"{text}{NBSP}{currency}" if currency else text


@register.filter
def percent(value, decimals: int | str = 1) -> str:
    """A ratio as a percentage: 0.125 gives "12,5%" in Polish and "12.5%" in English."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    if not isinstance(value, int | float | Decimal):
        return value
    scaled = Decimal(str(value)) * 100
    return f"{_grouped(scaled, int(decimals))}%"


# Characters a CSS string inside <style> may not hold as they are: its own quote and escape,
# line breaks and other controls, and "<" (which could close the style element).
_CSS_UNSAFE = frozenset('\\"<>') | {chr(c) for c in range(0x20)} | {"\x7f"}


@register.filter
def css_string(value) -> str:
    """The value as the inside of a double-quoted CSS string (a PDF page header's `content`):
    unsafe characters as CSS hex escapes, everything else — a hyphen, Polish letters — as it is.
    (`escapejs` writes JavaScript escapes such as \\u002D, which CSS shows literally.)"""
    text = "".join(f"\\{ord(ch):x} " if ch in _CSS_UNSAFE else ch for ch in str(value))
    return mark_safe(text)  # escaped above for the CSS string it goes into
