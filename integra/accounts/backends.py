"""Sign-in with a username or an e-mail address (case-insensitive), then the password; and the
name under which django-axes counts failed attempts against an account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.http import HttpRequest

from integra.accounts.models import User


def users_identified_by(identifier: str):
    """The users whose username or e-mail address is `identifier`, ignoring case."""
    return User.objects.filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))


class UsernameOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        candidates = list(users_identified_by(username)[:2])
        if len(candidates) != 1:
            # Run the hasher anyway so that timing does not tell whether the account exists.
            User().set_password(password)
            return None
        user = candidates[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """AXES_USERNAME_CALLABLE: one key per account, however the person typed its identifier.

    "Ola", "ola" and "ola@example.pl" all count against the account `ola`, so that switching
    between the username and the e-mail address (or their case) does not reset the count. An
    identifier matching no single account is counted as typed, in lower case.
    """
    if credentials:
        identifier = credentials.get("username") or ""
    else:
        identifier = request.POST.get("username", "") if request is not None else ""
    identifier = identifier.strip()
    if not identifier:
        return None
    matches = list(users_identified_by(identifier).values_list("username", flat=True)[:2])
    return (matches[0] if len(matches) == 1 else identifier).lower()
