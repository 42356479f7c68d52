"""Second factor: users holding a ministry or regional role must verify a TOTP code."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from django_otp import user_has_device

from integra.core.roles import SECOND_FACTOR_ROLES

# What an unverified user may still reach: the two second-factor pages, signing out and the
# language switch (so that the setup page can be read in the user's language).
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {"accounts:otp-setup", "accounts:otp-verify", "accounts:logout", "set_language"}
)
API_PREFIX = "/api/"


def needs_second_factor(user: Any) -> bool:
    """True for a signed-in user who holds a second-factor role and has not verified a code in
    this session. Users without such a role are never asked."""
    if not getattr(user, "is_authenticated", False):
        return False
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return False
    return bool(user.scope_prefixes(SECOND_FACTOR_ROLES))


class SecondFactorMiddleware:
    """Sends an unverified user holding a ministry or regional role to set up a device (none
    confirmed yet) or to enter a code; session calls of the API get a JSON 403 instead.

    Runs after OTPMiddleware (which tells whether this session is verified) and after
    LoginRequiredMiddleware (anonymous visitors are that middleware's business).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        path = request.path_info
        if path.startswith(API_PREFIX):
            if needs_second_factor(request.user):
                return second_factor_required_json()
            return None
        if request.path.startswith(settings.STATIC_URL):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if not needs_second_factor(request.user):
            return None
        step = "accounts:otp-verify" if user_has_device(request.user) else "accounts:otp-setup"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(reverse(step))
        return redirect_to_login(request.get_full_path(), reverse(step))


def second_factor_required_json() -> JsonResponse:
    """The API's error body (detail, code, errors) for a session that lacks the second factor."""
    body = {
        "detail": _(
            "Confirm your sign-in with a code from your authenticator app before using the API."
        ),
        "code": "second_factor_required",
        "errors": [],
    }
    return JsonResponse(body, status=403)
