"""Form pieces every app shares: Bootstrap classes on widgets, errors marked at the field, dates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models.utils import get_blank_choice_label
from django.utils.translation import gettext_lazy as _

from integra.core.errors import DomainError, RulesBroken
from integra.core.text import validate_line, validate_text

# The bound of a text field that names none: no page takes an unbounded text.
DEFAULT_TEXT_LIMIT = 10_000


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO (the picker shows the local format)."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def bootstrap_class(widget: forms.Widget) -> str | None:
    """The Bootstrap class of a widget; None for those Bootstrap styles otherwise."""
    if isinstance(widget, forms.CheckboxInput | forms.HiddenInput | forms.CheckboxSelectMultiple):
        return None
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


def guard_text(field: forms.Field) -> None:
    """Hold a text field to core.text's rule (a line, or a multi-line text for a textarea) and
    to a length (its own, or DEFAULT_TEXT_LIMIT)."""
    # A UUID, a date or a number arrives as text but is checked by its own field.
    if not isinstance(field, forms.CharField) or isinstance(field, forms.UUIDField):
        return
    multiline = isinstance(field.widget, forms.Textarea)
    rule = validate_text if multiline else validate_line
    if rule not in field.validators:
        field.validators.append(rule)
    if field.max_length is None:
        field.max_length = DEFAULT_TEXT_LIMIT
        field.validators.append(MaxLengthValidator(DEFAULT_TEXT_LIMIT))
        field.widget.attrs.setdefault("maxlength", str(DEFAULT_TEXT_LIMIT))


# The blank option of a choice list when the form names none of its own. Django's defaults
# ("---------" and, from 6.1, "- Select an option -", untranslated into Polish) read as noise.
CHOOSE = _("— choose —")
# The labels of a blank option that Django or a hand-written choice list put there by default.
_DEFAULT_BLANKS = frozenset({"---------", "- Select an option -"})


def _is_default_blank(label: object) -> bool:
    return str(label) in _DEFAULT_BLANKS or str(label) == str(get_blank_choice_label())


def translate_blank(field: forms.Field, label: Any = CHOOSE) -> None:
    """Give a choice list's blank option a translated label (`label`) instead of Django's
    dashes or English "- Select an option -"; a label a form chose itself ("All statuses")
    is kept."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label is not None and _is_default_blank(field.empty_label):
            field.empty_label = label
        return
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
        choices = list(field.choices)
        if any(value == "" and _is_default_blank(text) for value, text in choices):
            field.choices = [
                (value, label if value == "" and _is_default_blank(text) else text)
                for value, text in choices
            ]


class BootstrapMixin:
    """Bootstrap classes on every widget, `is-invalid` on the fields with errors (with
    `aria-invalid`, so a screen reader says so too), every text field guarded
    (`guard_text`), and every choice list's blank option labelled in the user's language
    (`translate_blank`; a form names a field's own in `blank_labels`)."""

    fields: dict[str, forms.Field]
    errors: Any
    blank_labels: dict[str, Any] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():
            guard_text(field)
            translate_blank(field, self.blank_labels.get(name, CHOOSE))
            css = bootstrap_class(field.widget)
            if css:
                field.widget.attrs.setdefault("class", css)

    def __getitem__(self, name: str) -> Any:
        # Again at rendering: a form may have set a field's choices after this __init__.
        if name in self.fields:
            translate_blank(self.fields[name], self.blank_labels.get(name, CHOOSE))
        return super().__getitem__(name)  # type: ignore[misc]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        mark_invalid(self)  # type: ignore[arg-type]


def show_refusal(
    form: forms.Form,
    refusal: DomainError,
    *,
    field_of: Callable[[str], str] = lambda name: name,
) -> None:
    """A service's refusal on its form: each problem of a RulesBroken at its field
    (`field_of` maps a problem's field to the form's name for it), at the form's top when no
    field shows it or for any other refusal; the fields are then marked as invalid."""
    problems = refusal.problems if isinstance(refusal, RulesBroken) else []
    for problem in problems:
        name = field_of(problem.field or "")
        form.add_error(name if name in form.fields else None, problem.message)
    if not problems:
        form.add_error(None, refusal.message)
    mark_invalid(form)


def mark_invalid(form: forms.Form) -> None:
    """`is-invalid` and `aria-invalid` on every field with an error."""
    for name in form.errors:
        widget = form.fields[name].widget if name in form.fields else None
        if widget is not None and "class" in widget.attrs:
            if "is-invalid" not in widget.attrs["class"]:
                widget.attrs["class"] += " is-invalid"
            widget.attrs["aria-invalid"] = "true"


class BootstrapForm(BootstrapMixin, forms.Form):
    pass


class BootstrapModelForm(BootstrapMixin, forms.ModelForm):
    pass
