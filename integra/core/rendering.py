"""The form renderer: Django's own, with its plainest widget templates written in Python.

A widget is a template of a few tags, and Django renders every `<option>` of a select through
two more (select_option.html, attrs.html): a plan editor of a dozen services — a service type
of forty options in each — spent most of its 200 ms there. The renderer below writes the input,
select and option templates of django/forms/templates/django/forms/widgets/ directly, to the
same bytes (integra/core/tests/test_rendering.py compares both over every widget kind and
hostile values); every other template (the project's own widgets, textareas, checkbox groups)
goes through the templates as before. Set as FORM_RENDERER in config/settings.py.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"
INPUTS = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"


def shown(value: Any) -> str:
    """`{{ value }}`: localized, then escaped unless already safe (render_value_in_context)."""
    value = localize(template_localtime(value))
    if not issubclass(type(value), str):
        value = str(value)
    return str(conditional_escape(value))


def as_string(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: str() of the value, escaped unless it was safe."""
    text = str(value)
    return text if isinstance(value, SafeData) else str(escape(text))


def attributes(attrs: dict[str, Any]) -> str:
    """attrs.html: ` name="value"` each, a bare ` name` for True, nothing for False."""
    return "".join(
        f" {shown(name)}" if value is True else f' {shown(name)}="{as_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget: dict[str, Any]) -> str:
    value = "" if widget["value"] is None else f' value="{as_string(widget["value"])}"'
    return (
        f'<input type="{shown(widget["type"])}" name="{shown(widget["name"])}"{value}'
        f"{attributes(widget['attrs'])}>"
    )


class FormRenderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        """Like Django's (which strips what the template writes around the widget)."""
        widget = context.get("widget")
        if template_name in INPUTS and widget is not None:
            return mark_safe(input_html(widget))
        if template_name == SELECT and widget is not None:
            return mark_safe(self._select(widget, context, request))
        return str(super().render(template_name, context, request))

    def _select(self, widget: dict[str, Any], context: dict[str, Any], request: Any) -> str:
        parts = [f'<select name="{shown(widget["name"])}"{attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{shown(group_name)}">')
            for option in options:
                parts.append("\n  ")
                if option["template_name"] == OPTION:
                    parts.append(
                        f'<option value="{as_string(option["value"])}"'
                        f"{attributes(option['attrs'])}>{shown(option['label'])}</option>\n"
                    )
                else:
                    # An option of its own template, included: it keeps its final newline.
                    template = self.get_template(option["template_name"])
                    parts.append(template.render({**context, "widget": option}, request))
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return SafeString("".join(parts))
