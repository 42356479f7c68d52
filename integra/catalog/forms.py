"""Forms of the catalogue pages: the list's filters and a service type's fields (they never save:
the views hand the clean data to the services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from integra.catalog.models import ServiceType, TargetGroup
from integra.catalog.rules import (
    CODE_LENGTH,
    DESCRIPTION_LENGTH,
    MAX_POSITION,
    NAME_LENGTH,
    TYPE_CODE,
)
from integra.catalog.services import ServiceTypeChanges, ServiceTypeSpec
from integra.core.errors import DomainError
from integra.core.forms import BootstrapForm, show_refusal

STATUS_ACTIVE = "active"
STATUS_RETIRED = "retired"
STATUS_ALL = "all"


class ServiceTypeFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Code or name"), required=False, max_length=100)
    group = forms.ModelChoiceField(
        label=_("Target group"),
        queryset=TargetGroup.objects.order_by("position", "code"),
        to_field_name="code",
        required=False,
        empty_label=_("all groups"),
    )
    line = forms.ChoiceField(
        label=_("Line"), required=False, choices=[("", _("both lines")), *ServiceType.Line.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (STATUS_ACTIVE, _("in use")),
            (STATUS_RETIRED, _("retired")),
            (STATUS_ALL, _("all")),
        ],
    )

    def selection(self) -> dict[str, Any]:
        """The arguments of selectors.list_service_types; the types in use when invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or STATUS_ACTIVE
        group = data.get("group")
        return {
            "active": {STATUS_ACTIVE: True, STATUS_RETIRED: False}.get(status),
            "group": group.code if group else None,
            "line": data.get("line") or None,
            "search": data.get("q") or None,
        }


class ServiceTypeForm(BootstrapForm):
    """The fields of a service type; the code only when creating one (it never changes)."""

    code = forms.RegexField(
        label=_("Code"),
        regex=TYPE_CODE,
        max_length=CODE_LENGTH,
        help_text=_("Letters of the group and a number, such as OS-11. It cannot change later."),
        error_messages={"invalid": _("Enter a code such as OS-11.")},
    )
    name_pl = forms.CharField(label=_("Name in Polish"), max_length=NAME_LENGTH)
    name_en = forms.CharField(label=_("Name in English"), max_length=NAME_LENGTH)
    groups = forms.ModelMultipleChoiceField(
        label=_("Target groups"),
        queryset=TargetGroup.objects.order_by("position", "code"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("A type of the services line serves at least one group."),
    )
    line = forms.ChoiceField(label=_("Line"), choices=ServiceType.Line.choices)
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=MAX_POSITION,
        initial=0,
        help_text=_("Types are listed by position, then by code."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Edit only: the version the editor loaded (ServiceTypeEditConflict when it is stale).
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)

    def __init__(self, *args: Any, service_type: ServiceType | None = None, **kwargs: Any) -> None:
        if service_type is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name_pl": service_type.name_pl,
                    "name_en": service_type.name_en,
                    "groups": list(service_type.groups.all()),
                    "line": service_type.line,
                    "position": service_type.position,
                    "description": service_type.description,
                    "lock_version": service_type.lock_version,
                },
            )
        super().__init__(*args, **kwargs)
        if service_type is not None:
            del self.fields["code"]
        else:
            del self.fields["lock_version"]

    def with_version(self, version: int) -> None:
        """After a conflict: keep the user's input, but let the next save replace the version
        now stored."""
        data = self.data.copy()
        data["lock_version"] = str(version)
        self.data = data

    def refuse(self, refusal: DomainError) -> None:
        """Show a service's refusal: each problem at its field (the form's top otherwise)."""
        show_refusal(self, refusal)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("line") == ServiceType.Line.SERVICES
            and "groups" in data
            and not data["groups"]
        ):
            self.add_error("groups", _("A type of the services line serves at least one group."))
        return data

    def spec(self) -> ServiceTypeSpec:
        data = self.cleaned_data
        return ServiceTypeSpec(
            code=data["code"],
            name_pl=data["name_pl"],
            name_en=data["name_en"],
            groups=list(data["groups"]),
            line=data["line"],
            position=data["position"],
            description=data["description"],
        )

    def changes(self) -> ServiceTypeChanges:
        data = self.cleaned_data
        return ServiceTypeChanges(
            name_pl=data["name_pl"],
            name_en=data["name_en"],
            groups=list(data["groups"]),
            line=data["line"],
            position=data["position"],
            description=data["description"],
        )
