"""Polish alphabetical order, the same in Python and in either database.

Binary order puts every letter with a diacritic after "z" (łódzkie, śląskie and
świętokrzyskie after zachodniopomorskie); Polish order puts Ł right after L, Ś after S, Ź and Ż
after Z, and ignores case. Two tools, one order:

- `polish_sort_key(text)` sorts a list in Python (`sorted(units, key=lambda u:
  polish_sort_key(u.name))`), with no system locale;
- `polish(field)` orders a queryset in the database (`.order_by(polish("name"), "teryt")`),
  through the collation `POLISH`: PostgreSQL's ICU collation "pl-x-icu" (predefined in every
  build with ICU), and on SQLite a collation of that name registered on each connection
  (`register_sqlite_collation`, connected in CoreConfig.ready) that compares by the key above.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.models import F
from django.db.models.expressions import Combinable
from django.db.models.functions import Collate

POLISH = "pl-x-icu"

# The Polish alphabet (with Q, V and X of foreign words), in its order.
ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# Classes of characters, sorting as ICU does: spaces and punctuation, then digits, then letters.
_PUNCTUATION, _DIGIT, _LETTER, _OTHER = range(4)


def _primary(char: str) -> tuple[int, int]:
    if char in _RANK:
        return (_LETTER, _RANK[char])
    if char.isdigit():
        return (_DIGIT, int(char) if char.isdecimal() else ord(char))
    # A letter with a diacritic foreign to Polish (é, ü, č) sorts as its base letter.
    base = unicodedata.normalize("NFD", char)[:1]
    if base in _RANK:
        return (_LETTER, _RANK[base])
    if char.isalpha():
        return (_OTHER, ord(char))
    return (_PUNCTUATION, ord(char))


def polish_sort_key(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], str]:
    """The key of `text` in Polish alphabetical order: letters by the Polish alphabet, any case
    alike (lower case first when two texts differ only so), then the text itself, so that the
    order is total."""
    folded = text.casefold()
    primary = tuple(_primary(char) for char in folded)
    case = tuple(0 if char.islower() or not char.isalpha() else 1 for char in text)
    return primary, case, text


def polish(field: str | Combinable) -> Collate:
    """A field (a name, or an expression) in Polish order, for `order_by`; `.desc()` reverses."""
    return Collate(F(field) if isinstance(field, str) else field, POLISH)


def _compare(left: str, right: str) -> int:
    a, b = polish_sort_key(left), polish_sort_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: give each new SQLite connection the POLISH collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(POLISH, _compare)
