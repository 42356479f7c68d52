"""The project's form renderer writes the input, select and option widgets in Python: byte for
byte what Django's templates write, for every widget kind, bound or not, with hostile values,
safe and lazy labels, numbers in either language; other widgets still go through templates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from integra.core.rendering import FormRenderer

HOSTILE = "\"><script>alert(1)</script>&amp;'ł"
CHOICES = [
    ("", "—"),
    ("plain", "Plain"),
    (_("Group"), [("a", "A & B"), ("b", mark_safe("<b>safe</b>")), (HOSTILE, HOSTILE)]),
    (3, 1000),
    (Decimal("2.50"), _("Date")),
    (True, "yes"),
]


class Everything(forms.Form):
    text = forms.CharField(
        widget=forms.TextInput(
            attrs={"class": "form-control", "data-x": HOSTILE, "required": True, "off": False}
        )
    )
    number = forms.DecimalField(max_digits=12, decimal_places=2)
    integer = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 0, "step": 1}))
    email = forms.EmailField()
    url = forms.URLField()
    hidden = forms.CharField(widget=forms.HiddenInput)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True))
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search"}))
    tel = forms.CharField(widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    checkbox = forms.BooleanField(widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField()
    moment = forms.DateTimeField()
    choice = forms.ChoiceField(choices=CHOICES, widget=forms.Select(attrs={"class": "form-select"}))
    several = forms.MultipleChoiceField(choices=CHOICES)
    maybe = forms.NullBooleanField()
    boxes = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple)
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
    note = forms.CharField(widget=forms.Textarea)


BOUND = {
    "text": HOSTILE,
    "number": "1234567.5",
    "integer": "12000",
    "email": "a@example.org",
    "url": "https://example.org/?a=1&b=2",
    "hidden": HOSTILE,
    "password": HOSTILE,
    "search": "",
    "tel": "+48 22 123 45 67",
    "checkbox": "on",
    "date": "2008-09-01",
    "time": "12:30",
    "moment": "2008-09-01 12:30",
    "choice": HOSTILE,
    "several": ["a", "3", HOSTILE],
    "maybe": "true",
    "boxes": ["b"],
    "radio": "3",
    "note": HOSTILE,
}
INITIAL = {
    "text": mark_safe("<i>safe</i>"),
    "number": Decimal("1234567.50"),
    "integer": 12000,
    "date": dt.date(2008, 9, 1),
    "moment": dt.datetime(2008, 9, 1, 12, 30, tzinfo=dt.UTC),
    "choice": 3,
    "several": [Decimal("2.50"), True],
    "checkbox": True,
    "maybe": None,
}


def rendered(form: forms.Form) -> dict[str, str]:
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize("data", [None, BOUND, {}], ids=["initial", "bound", "empty"])
def test_every_widget_is_written_as_the_templates_write_it(language, data):
    with translation.override(language):
        ours = rendered(Everything(data, initial=INITIAL, renderer=FormRenderer()))
        django = rendered(Everything(data, initial=INITIAL, renderer=DjangoTemplates()))
    assert ours == django
    assert "<script>" not in "".join(ours.values())


def test_the_project_renders_forms_with_it():
    assert settings.FORM_RENDERER == "integra.core.rendering.FormRenderer"
    assert isinstance(Everything().renderer, FormRenderer)


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    value=st.text(max_size=20),
    label=st.text(max_size=20),
    attribute=st.one_of(st.booleans(), st.text(max_size=10), st.integers()),
)
def test_any_text_is_written_alike(value, label, attribute):
    class One(forms.Form):
        pick = forms.ChoiceField(
            choices=[(value, label), ("x", label)], widget=forms.Select(attrs={"data-a": attribute})
        )
        text = forms.CharField(widget=forms.TextInput(attrs={"data-a": attribute}))

    data = {"pick": value, "text": value}
    assert rendered(One(data, renderer=FormRenderer())) == rendered(
        One(data, renderer=DjangoTemplates())
    )
