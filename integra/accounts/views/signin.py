"""Sign-in pages: credentials, lockout, password reset and change, and the TOTP second factor."""

from __future__ import annotations

import math
from base64 import b32encode
from typing import Any

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address, get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from django_otp.plugins.otp_totp.models import TOTPDevice

from integra.accounts import selectors
from integra.accounts.backends import lockout_username
from integra.accounts.forms.signin import (
    ChangePasswordForm,
    NewPasswordForm,
    OneTimeCodeForm,
    PasswordResetRequestForm,
    SignInForm,
)
from integra.accounts.middleware import needs_second_factor
from integra.accounts.services import signin
from integra.audit.services import RequestContext

# The backend a session opened by a new password names (the credentials were not asked again).
SIGN_IN_BACKEND = "integra.accounts.backends.UsernameOrEmailBackend"


def safe_next_url(request: HttpRequest) -> str:
    """The `next` address of the request when it stays on this site, else the home page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


# --- Username or e-mail, password, lockout ---------------------------------------------------


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The lockout's count, the password check and the recorded failure as one step per
        # account and per address, so that a burst of parallel tries cannot overrun the limit.
        with transaction.atomic():
            signin.hold_sign_in_locks(
                account=lockout_username(request, None),
                address=get_client_ip_address(request),
            )
            return super().post(request, *args, **kwargs)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the page (or JSON body) shown when too many sign-ins failed.

    Says when to try again; a further failure during the lockout starts the wait anew.
    """
    status = settings.AXES_HTTP_RESPONSE_CODE
    cool_off = get_cool_off(request)
    retry_after = int(cool_off.total_seconds()) if cool_off else None
    if request.path_info.startswith("/api/") or request.headers.get("x-requested-with"):
        body = {"detail": _("Too many failed sign-ins."), "code": "locked_out", "errors": []}
        response: HttpResponse = JsonResponse(body, status=status)
    else:
        context = {
            "retry_at": timezone.localtime() + cool_off if cool_off else None,
            "retry_minutes": math.ceil(retry_after / 60) if retry_after else None,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        }
        response = render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


# --- Passwords -------------------------------------------------------------------------------


class PasswordResetRequestView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset_form.html"
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        self.extra_email_context = {"valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)}
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """Both a reset link and an invitation (a link made with default_token_generator) land here.

    The new password signs the user in (no second sign-in with what they have just typed), and
    the next page is the second factor's when their role asks for one, else the home page. An
    inactive account, or an address locked out for failed sign-ins, is not signed in: it gets
    the page that says to sign in."""

    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def form_valid(self, form):
        # Django's own form_valid would save the form; the service sets the password instead,
        # with its audit event.
        user = signin.set_password(
            actor=self.user,
            user=self.user,
            password=form.cleaned_data["new_password1"],
            context=RequestContext.of(self.request),
        )
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        credentials = {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}
        if not user.is_active or AxesProxyHandler.is_locked(self.request, credentials):
            return HttpResponseRedirect(self.get_success_url())
        auth_login(self.request, user, backend=SIGN_IN_BACKEND)
        messages.success(self.request, _("Your password has been set and you are signed in."))
        if needs_second_factor(user):
            step = (
                "accounts:otp-verify" if django_otp.user_has_device(user) else "accounts:otp-setup"
            )
            return HttpResponseRedirect(reverse(step))
        return HttpResponseRedirect(resolve_url(settings.LOGIN_REDIRECT_URL))


class PasswordSetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy(settings.LOGIN_REDIRECT_URL)

    def form_valid(self, form):
        signin.change_password(
            actor=self.request.user,
            user=form.user,
            password=form.cleaned_data["new_password1"],
            context=RequestContext.of(self.request),
        )
        # The other sessions of the user end; this one stays signed in.
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password has been changed."))
        return HttpResponseRedirect(self.get_success_url())


# --- Second factor (TOTP) --------------------------------------------------------------------


def mark_session_verified(request: HttpRequest, device: TOTPDevice) -> None:
    # A new session key: the verified session is a higher privilege than the one before it.
    request.session.cycle_key()
    django_otp.login(request, device)


@method_decorator([sensitive_post_parameters("code"), never_cache], name="dispatch")
class SecondFactorSetupView(FormView):
    """Shows a new authenticator key (QR code and text) and confirms it with a first code."""

    form_class = OneTimeCodeForm
    template_name = "accounts/otp_setup.html"

    def dispatch(self, request, *args, **kwargs):
        next_url = safe_next_url(request)
        if django_otp.user_has_device(request.user):
            # A confirmed device must be used, never replaced by someone who knows the password.
            if request.user.is_verified():
                return HttpResponseRedirect(next_url)
            return HttpResponseRedirect(_with_next("accounts:otp-verify", next_url))
        self.device = signin.pending_totp_device(actor=request.user, user=request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        secret = b32encode(self.device.bin_key).decode()
        qr_code = segno.make(self.device.config_url, error="m")
        return super().get_context_data(
            qr_svg=qr_code.svg_inline(scale=5, border=4, light="#fff", title=_("QR code")),
            secret_groups=[secret[i : i + 4] for i in range(0, len(secret), 4)],
            issuer=settings.OTP_TOTP_ISSUER,
            next=safe_next_url(self.request),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            device = signin.confirm_totp_device(
                actor=self.request.user,
                device=self.device,
                code=form.cleaned_data["code"],
                context=RequestContext.of(self.request),
            )
        except signin.CodeRefused as refusal:
            form.add_error("code", refusal.message)
            return self.form_invalid(form)
        mark_session_verified(self.request, device)
        messages.success(self.request, _("Your authenticator app is set up."))
        return HttpResponseRedirect(safe_next_url(self.request))


@method_decorator([sensitive_post_parameters("code"), never_cache], name="dispatch")
class SecondFactorVerifyView(FormView):
    """Asks for the current code of the user's authenticator app once per session."""

    form_class = OneTimeCodeForm
    template_name = "accounts/otp_verify.html"

    def dispatch(self, request, *args, **kwargs):
        next_url = safe_next_url(request)
        if request.user.is_verified():
            return HttpResponseRedirect(next_url)
        self.devices = selectors.confirmed_devices(request.user)
        if not self.devices:
            return HttpResponseRedirect(_with_next("accounts:otp-setup", next_url))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=safe_next_url(self.request), **kwargs)

    def form_valid(self, form):
        try:
            device = signin.check_code(
                user=self.request.user, devices=self.devices, code=form.cleaned_data["code"]
            )
        except signin.CodeRefused as refusal:
            form.add_error("code", refusal.message)
            return self.form_invalid(form)
        mark_session_verified(self.request, device)
        return HttpResponseRedirect(safe_next_url(self.request))
