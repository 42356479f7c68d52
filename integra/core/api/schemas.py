"""Schema pieces every API shares: the printable-text pattern, id bounds and the typed caller."""

from __future__ import annotations

from django.http import HttpRequest

from integra.core.actors import UserActor
from integra.core.text import LINE, MULTILINE

# A text parameter is shown on pages and written to files: see core.text for what it may hold.
PRINTABLE = LINE
TEXT = MULTILINE
# Ids are 64-bit in the database: a larger number can name nothing, so it is refused as input.
MAX_ID = 2**63 - 1


def caller(request: HttpRequest) -> UserActor:
    """Who calls an API operation: the token's or the session's user, or AnonymousUser on a
    public operation (set by the API's authentication, never read from `request.user`)."""
    return request.auth  # type: ignore[attr-defined]
