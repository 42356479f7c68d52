"""Rules of accounts that need no database: what a username may look like.

Sign-in matches the typed identifier against usernames and e-mail addresses alike, ignoring case,
and refuses when two accounts match. So no two accounts may share an identifier in either field,
in any case (database constraints on lower(username) and lower(email)), and a username may not
contain "@": it can then never equal an e-mail address, whoever holds it (issue 10).
"""

from __future__ import annotations

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

USERNAME_MAX_LENGTH = 150
# The same rule as a pattern, for the API's input schema: letters, digits and . + - _ (no @).
USERNAME_PATTERN = r"^[\w.+-]+$"
USERNAME_HAS_AT = _("A username may not contain “@”: it must not look like an e-mail address.")


def validate_username(username: str) -> None:
    """Django's username characters (letters, digits and . + - _), without "@".
    Raises ValidationError."""
    UnicodeUsernameValidator()(username)
    if "@" in username:
        raise ValidationError(USERNAME_HAS_AT, code="username_has_at")
