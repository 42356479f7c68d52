"""Who is calling: the authentication choices of API operations.

Design
- Deny by default. The API answers for itself, so Django's LoginRequiredMiddleware is switched
  off for every API view (a machine client needs a 401 JSON body, not a redirect to the login
  page) and the NinjaAPI's default `auth` is AUTHENTICATED instead: an operation nobody marked
  refuses anonymous callers with 401 `unauthenticated`.
- PUBLIC operations (reference data such as the territory register) accept an authenticated
  caller or anyone; they still resolve the caller, so a selector's `visible_to(user)` sees who asks.
- Endpoints take the caller from `request.auth` (a user, or AnonymousUser on a PUBLIC operation),
  never from `request.user`, which only the session fills.
- Today the only credential is the Django session (the pages, the docs page); CSRF is checked on
  unsafe methods, as for any form.
- Bearer tokens (for systems) come later: a `TokenAuth(HttpBearer)` whose `authenticate` returns
  the token's user goes first in AUTHENTICATED; PUBLIC and every operation then accept it with no
  other change.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import SessionAuth


class Anonymous:
    """Accepts every caller; placed last, after the real credentials have had their chance."""

    # Ninja lists an auth in the OpenAPI `security` when it has this attribute; `document`
    # turns the entry into `{}`, OpenAPI's way to say the other schemes are optional.
    openapi_security_schema: dict[str, Any] = {}

    def __call__(self, request: HttpRequest) -> Any:
        return request.user


session = SessionAuth(csrf=True)
anonymous = Anonymous()

AUTHENTICATED = [session]
PUBLIC = [*AUTHENTICATED, anonymous]


def document(schema: dict[str, Any]) -> None:
    """Rewrite the Anonymous marker of PUBLIC operations as the optional (empty) requirement."""
    name = Anonymous.__name__
    schema.get("components", {}).get("securitySchemes", {}).pop(name, None)
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            requirements = operation.get("security")
            if requirements:
                operation["security"] = [{} if name in r else r for r in requirements]
