"""Form pieces every app shares: Bootstrap classes on widgets, errors marked at the field, dates."""

from __future__ import annotations

from typing import Any

from django import forms


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


class BootstrapMixin:
    """Bootstrap classes on every widget, and `is-invalid` on the fields with errors (with
    `aria-invalid`, so a screen reader says so too)."""

    fields: dict[str, forms.Field]
    errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            css = bootstrap_class(field.widget)
            if css:
                field.widget.attrs.setdefault("class", css)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            if widget is not None and "class" in widget.attrs:
                if "is-invalid" not in widget.attrs["class"]:
                    widget.attrs["class"] += " is-invalid"
                widget.attrs["aria-invalid"] = "true"


class BootstrapForm(BootstrapMixin, forms.Form):
    pass


class BootstrapModelForm(BootstrapMixin, forms.ModelForm):
    pass
