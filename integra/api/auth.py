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
- Two credentials. A personal API token (for systems and scripts), `Authorization: Bearer
  <token>`, is tried first: the token's user is the caller, with exactly that user's rights and
  scope. Then the Django session (the pages, the docs page), with CSRF checked on unsafe methods
  as for any form; a token needs no CSRF check, since a browser never sends it by itself, and
  neither does a call without a signed-in session (a machine posting to a PUBLIC operation).
- A token that is presented but unknown, revoked or expired, or whose owner is inactive, is
  refused with 401 at once, even on a PUBLIC operation and even with a session: a client must
  learn that its credential is dead rather than silently become someone else or anonymous.
- A read-only token (`ApiToken.read_only`) is answered 403 `token_read_only` on every unsafe
  method (anything but GET, HEAD, OPTIONS), whatever its owner's rights.
- The endpoint can tell a token call by `request.api_token` (None for a session), e.g. to refuse
  that a token issues more tokens.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import security
from ninja.errors import HttpError
from ninja.security import HttpBearer

from integra.accounts.selectors import user_for_secret
from integra.accounts.services.tokens import note_token_use, refuse_unsafe_call


class Anonymous:
    """Accepts every caller; placed last, after the real credentials have had their chance."""

    # Ninja lists an auth in the OpenAPI `security` when it has this attribute; `document`
    # turns the entry into `{}`, OpenAPI's way to say the other schemes are optional.
    openapi_security_schema: dict[str, Any] = {}

    def __call__(self, request: HttpRequest) -> Any:
        return request.user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: the token's owner, or 401 for a dead token."""

    openapi_description = (
        "A personal API token, issued on the profile page or by `manage.py issue_token`."
    )

    def __call__(self, request: HttpRequest) -> Any:
        request.api_token = None  # type: ignore[attr-defined]
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = user_for_secret(token.strip())
        if found is None:
            # HttpError, not AuthenticationError, to say why; the body's code is still
            # "unauthenticated", as for any 401.
            raise HttpError(401, _("The API token is invalid, expired or revoked."))
        user, api_token = found
        # A read-only token: 403 `token_read_only` for any unsafe method, before the operation.
        refuse_unsafe_call(api_token, request.method or "")
        note_token_use(token=api_token)
        request.api_token = api_token  # type: ignore[attr-defined]
        return user


class SessionAuth(security.SessionAuth):
    """The Django session of a signed-in user, with CSRF checked on unsafe methods. A call that
    carries no signed-in session (no cookie, or the session of nobody) is not a session call:
    it has no ambient credential a forged request could borrow, so it passes on, unchecked, to
    the next scheme (anonymous on a PUBLIC operation, 401 elsewhere)."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


token = TokenAuth()
session = SessionAuth(csrf=True)
anonymous = Anonymous()

AUTHENTICATED = [token, session]
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
