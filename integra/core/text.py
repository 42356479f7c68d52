"""What a text input may hold, one rule for pages and API alike.

No control characters (a line of text: none at all; a multi-line text: tab and line breaks
only), and none of the invisible or direction-changing characters that make a name read
otherwise than it is stored (U+202E turns "exe.txt" into "txt.exe" on screen; U+200B hides a
difference between two look-alike names).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Zero-width and joiner characters, direction marks, embeddings, overrides and isolates, the
# word joiner and invisible operators, and the byte-order mark.
_INVISIBLE = "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
# The same sets as regular expressions for OpenAPI `pattern` (JSON Schema, ECMA-262 syntax).
LINE = rf"^[^\x00-\x1f\x7f{_INVISIBLE}]*$"
MULTILINE = rf"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f{_INVISIBLE}]*$"

_LINE = re.compile(LINE)
_MULTILINE = re.compile(MULTILINE)

MESSAGE = _(
    "Remove the control, invisible or direction-changing characters (often pasted in with the "
    "text)."
)


def is_clean_line(value: str) -> bool:
    return bool(_LINE.match(value))


def is_clean_text(value: str) -> bool:
    return bool(_MULTILINE.match(value))


def validate_line(value: object) -> None:
    """Django validator of a one-line text (names, titles, codes); other values pass."""
    if isinstance(value, str) and not is_clean_line(value):
        raise ValidationError(MESSAGE, code="hidden_characters")


def validate_text(value: object) -> None:
    """Django validator of a multi-line text (descriptions, comments); other values pass."""
    if isinstance(value, str) and not is_clean_text(value):
        raise ValidationError(MESSAGE, code="hidden_characters")
