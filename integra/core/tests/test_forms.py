"""Shared form pieces: Bootstrap classes, errors at the field, every text field guarded."""

from __future__ import annotations

from django import forms

from integra.core.errors import DomainError, Problem, RulesBroken
from integra.core.forms import DEFAULT_TEXT_LIMIT, BootstrapForm, show_refusal


class SampleForm(BootstrapForm):
    name = forms.CharField(max_length=20)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(choices=[("a", "A")])
    agree = forms.BooleanField(required=False)


def test_widgets_carry_bootstrap_classes():
    form = SampleForm()
    assert form.fields["name"].widget.attrs["class"] == "form-control"
    assert form.fields["kind"].widget.attrs["class"] == "form-select"
    assert "class" not in form.fields["agree"].widget.attrs


def test_an_error_marks_its_field_for_eyes_and_screen_readers():
    form = SampleForm(data={"name": "", "kind": "a"})
    assert not form.is_valid()
    attrs = form.fields["name"].widget.attrs
    assert "is-invalid" in attrs["class"] and attrs["aria-invalid"] == "true"
    assert "is-invalid" not in form.fields["kind"].widget.attrs["class"]


def test_hidden_characters_are_refused_at_their_field():
    form = SampleForm(data={"name": "Widawa\u202e", "notes": "ok\u200b", "kind": "a"})
    assert not form.is_valid()
    assert set(form.errors) == {"name", "notes"}


def test_a_textarea_keeps_its_line_breaks():
    form = SampleForm(data={"name": "Widawa", "notes": "one\r\ntwo", "kind": "a"})
    assert form.is_valid(), form.errors


def test_a_text_field_without_a_limit_gets_the_default_one():
    too_long = "x" * (DEFAULT_TEXT_LIMIT + 1)
    form = SampleForm(data={"name": "Widawa", "notes": too_long, "kind": "a"})
    assert not form.is_valid() and "notes" in form.errors
    assert form.fields["notes"].widget.attrs["maxlength"] == str(DEFAULT_TEXT_LIMIT)


def test_a_refusal_lands_at_its_fields_marked_and_the_rest_at_the_top():
    form = SampleForm(data={"name": "Widawa", "kind": "a"})
    assert form.is_valid()
    refusal = RulesBroken(
        "refused",
        [Problem("too long", field="title"), Problem("unknown", field="elsewhere")],
    )
    show_refusal(form, refusal, field_of=lambda name: {"title": "name"}.get(name, name))
    assert form.errors == {"name": ["too long"], "__all__": ["unknown"]}
    assert form.fields["name"].widget.attrs["aria-invalid"] == "true"


def test_a_refusal_that_is_no_input_problem_goes_to_the_top():
    form = SampleForm(data={"name": "Widawa", "kind": "a"})
    form.is_valid()
    show_refusal(form, DomainError("Someone saved in between."))
    assert form.non_field_errors() == ["Someone saved in between."]


def test_rules_broken_at_names_one_field():
    refusal = RulesBroken.at("amount", "must be positive")
    assert refusal.by_field() == {"amount": ["must be positive"]}


def test_a_uuid_field_is_left_to_its_own_check():
    class WithKey(BootstrapForm):
        key = forms.UUIDField()

    form = WithKey(data={"key": "8d0b7c8e-4b7e-4a55-9a57-8f0a3b0f1c2d"})
    assert form.is_valid(), form.errors
