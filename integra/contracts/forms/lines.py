"""Rows typed one per line ("Cena; 60"): the pages take a document's repeating parts (criteria,
groups, schedule, cost lines, committee) this way, so they work without scripts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.core.money import AmountInvalid, parse_amount


def split_rows(text: str, *, parts: tuple[int, int]) -> list[list[str]]:
    """The non-empty lines of `text`, each split at ";" into `parts[0]`..`parts[1]` pieces
    (missing optional pieces are ""); ValidationError naming the first bad line."""
    rows = []
    low, high = parts
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        pieces = [p.strip() for p in line.split(";")]
        if not low <= len(pieces) <= high:
            raise forms.ValidationError(
                _("Line %(line)s: write %(count)s parts separated by semicolons.")
                % {"line": number, "count": high if low == high else f"{low}–{high}"}
            )
        rows.append(pieces + [""] * (high - len(pieces)))
    return rows


def parse_rows[T](text: str, parts: tuple[int, int], build: Callable[[list[str]], T]) -> list[T]:
    """Every row built by `build`, which raises ValueError with its message for a bad piece."""
    built = []
    for index, row in enumerate(split_rows(text, parts=parts), start=1):
        try:
            built.append(build(row))
        except (ValueError, ArithmeticError) as error:
            raise forms.ValidationError(
                _("Line %(line)s: %(problem)s") % {"line": index, "problem": error}
            ) from error
    return built


def whole(text: str) -> int:
    if not text.isdigit() or len(text) > 9:
        raise ValueError(_("“%(text)s” is not a whole number.") % {"text": text})
    return int(text)


def amount(text: str) -> Decimal:
    try:
        return parse_amount(text)
    except AmountInvalid as error:
        raise ValueError(_("“%(text)s” is not an amount.") % {"text": text[:40]}) from error


class RowsField(forms.CharField):
    """A textarea of rows; `example` shows the expected shape as its placeholder."""

    def __init__(self, *, example: str, rows: int = 4, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20_000)
        super().__init__(
            widget=forms.Textarea(attrs={"rows": rows, "placeholder": example}), **kwargs
        )


ROWS_HELP = gettext_lazy("One per line, parts separated by semicolons.")


def day(text: str) -> dt.date:
    """A date typed as 2007-06-15 or 15.06.2007."""
    for shape in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text.strip(), shape).date()
        except ValueError:
            continue
    raise ValueError(_("“%(text)s” is not a date (write 15.06.2007).") % {"text": text[:20]})
