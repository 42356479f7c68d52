"""Forms of the sign-in pages: credentials, password reset and change, the one-time code."""

from __future__ import annotations

import re

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _

from integra.core.forms import BootstrapMixin

CODE_DIGITS = 6
# People copy codes as "123 456" or "123-456"; only the digits count.
_CODE_SEPARATORS = re.compile(r"[\s-]")


class FieldErrorList(ErrorList):
    """Field errors styled as Bootstrap text; Django links them with aria-describedby."""

    def __init__(self, initlist=None, error_class=None, renderer=None, field_id=None):
        classes = " ".join(filter(None, ["list-unstyled text-danger small mb-1", error_class]))
        super().__init__(initlist, classes, renderer, field_id=field_id)


class StyledForm(BootstrapMixin):
    """Mixin of Django's own auth forms: the shared Bootstrap classes, the styled error list,
    labels without a colon."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_class", FieldErrorList)
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class SignInForm(StyledForm, AuthenticationForm):
    """Username or e-mail address (either, case-insensitive) and password."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username, e-mail address or password is not correct. "
            "Note that the password is case-sensitive."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = _("Username or e-mail")
        # An e-mail address may be longer than a username.
        username.max_length = 254
        username.widget.attrs.update({"maxlength": 254, "autocomplete": "username"})


class PasswordResetRequestForm(StyledForm, PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail address")


class NewPasswordForm(StyledForm, SetPasswordForm):
    """A new password, typed twice (reset links and invitations)."""


class ChangePasswordForm(StyledForm, PasswordChangeForm):
    """The current password, then the new one twice."""


class OneTimeCodeForm(StyledForm, forms.Form):
    """The 6-digit code of an authenticator app; checking it against a device is a service's job
    (services.signin)."""

    code = forms.CharField(
        label=_("6-digit code"),
        max_length=16,
        help_text=_("The code your authenticator app shows now; it changes every 30 seconds."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )

    def clean_code(self) -> str:
        code = _CODE_SEPARATORS.sub("", self.cleaned_data["code"])
        if not (code.isascii() and code.isdigit() and len(code) == CODE_DIGITS):
            raise forms.ValidationError(_("Enter the 6 digits of the code."), code="format")
        return code
