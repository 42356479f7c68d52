"""Form of the profile page: a new personal API token."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
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
            "The first day the token no longer works, at most a year ahead. Left empty, the "
            "token works for %(days)s days."
        ),
    )
    read_only = forms.BooleanField(
        label=gettext_lazy("Read only"),
        required=False,
        help_text=gettext_lazy("The token may only read; any change made with it is refused."),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["expires_on"]
        field.help_text = str(field.help_text) % {"days": settings.INTEGRA_TOKEN_DAYS}
