"""Form of the profile page: a new personal API token."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from integra.accounts.services.tokens import NAME_MAX_LENGTH
from integra.core.forms import BootstrapForm, DateInput


class ApiTokenForm(BootstrapForm):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=NAME_MAX_LENGTH,
        help_text=gettext_lazy("What the token is for, e.g. the system that will use it."),
    )
    expires_on = forms.DateField(
        label=gettext_lazy("Expires on (optional)"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        help_text=gettext_lazy(
            "The first day the token no longer works. Leave empty for a token without expiry."
        ),
    )
