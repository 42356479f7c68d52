"""The signed-in user's profile: who they are, their role assignments, their personal API tokens."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from integra.accounts import selectors
from integra.accounts.forms.profile import ApiTokenForm
from integra.accounts.models import User
from integra.accounts.services import tokens
from integra.audit.services import RequestContext


@require_http_methods(["GET", "HEAD"])
def profile(request: HttpRequest) -> HttpResponse:
    return _render_profile(request, ApiTokenForm())


@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    """Issue a token and show its secret in this answer only: never in an address, a message or
    the session, and the answer is not cached."""
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        user = cast(User, request.user)  # LoginRequiredMiddleware let only a user in
        try:
            token, secret = tokens.issue_token(
                actor=user,
                user=user,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
                read_only=form.cleaned_data["read_only"],
                context=RequestContext.of(request),
            )
        except (tokens.TokenInvalid, tokens.TokenNotAllowed) as error:
            form.add_error(None, error.message)
        else:
            return _render_profile(request, ApiTokenForm(), new_token=token, secret=secret)
    return _render_profile(request, form)


@require_http_methods(["GET", "HEAD", "POST"])
def api_token_revoke(request: HttpRequest, token_id: str) -> HttpResponse:
    """GET asks for confirmation; POST revokes. Another user's token is 404."""
    token = get_object_or_404(selectors.list_own_tokens(request.user), pk=int(token_id))
    if request.method != "POST":
        return render(request, "accounts/api_token_revoke.html", {"token": token})
    try:
        tokens.revoke_token(actor=request.user, token=token, context=RequestContext.of(request))
    except tokens.TokenAlreadyRevoked as error:
        messages.warning(request, error.message)
    else:
        messages.success(
            request, _("The token “%(name)s” has been revoked.") % {"name": token.name}
        )
    return redirect("accounts:profile")


def _render_profile(request: HttpRequest, form: ApiTokenForm, **extra: Any) -> HttpResponse:
    context = {
        "form": form,
        "assignments": selectors.list_own_assignments(request.user),
        "api_tokens": selectors.list_own_tokens(request.user),
        **extra,
    }
    response = render(request, "accounts/profile.html", context)
    if "secret" in extra:
        add_never_cache_headers(response)
    return response
