"""Pages of the catalogue: the list of service types with its filters and exports, a type's
page, and for ministry administrators the forms that create, edit, retire, restore or delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext
from integra.catalog import selectors, services
from integra.catalog.forms import ServiceTypeFilterForm, ServiceTypeForm
from integra.catalog.models import ServiceType
from integra.catalog.policies import can_manage_catalogue
from integra.core.errors import DomainError
from integra.core.exports import Table, export_response


def _require_reader(request: HttpRequest) -> None:
    selectors.require_reader(request.user)


def _require_manager(request: HttpRequest) -> None:
    services.require_manager(request.user)


def _get(request: HttpRequest, code: str) -> ServiceType:
    _require_reader(request)
    try:
        return selectors.get_service_type(code)
    except ServiceType.DoesNotExist as exc:
        raise Http404(_("No service type has the code %s.") % code) from exc


def _groups_text(service_type: ServiceType) -> str:
    return ", ".join(group.code for group in service_type.groups.all())


def _filtered(request: HttpRequest) -> tuple[ServiceTypeFilterForm, Any]:
    form = ServiceTypeFilterForm(request.GET or None)
    return form, selectors.list_service_types(**form.selection())


def service_type_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    form, types = _filtered(request)
    context = {
        "form": form,
        "service_types": types,
        "may_manage": can_manage_catalogue(request.user),
    }
    return render(request, "catalog/service_type_list.html", context)


def service_type_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Exactly the rows of the list for the same filters."""
    _require_reader(request)
    _form, types = _filtered(request)
    table = Table(
        name="katalog-uslug",
        title=_("Service types"),
        header=[
            _("Code"),
            _("Name in Polish"),
            _("Name in English"),
            _("Target groups"),
            _("Line"),
            _("Position"),
            _("Retired on"),
            _("Description"),
        ],
        rows=[
            [
                service_type.code,
                service_type.name_pl,
                service_type.name_en,
                _groups_text(service_type),
                str(service_type.get_line_display()),
                service_type.position,
                service_type.retired_on,
                service_type.description,
            ]
            for service_type in types
        ],
        widths=(10, 48, 48, 16, 30, 10, 12, 48),
    )
    return export_response(table, fmt)


def service_type_detail(request: HttpRequest, code: str) -> HttpResponse:
    service_type = _get(request, code)
    context = {"service_type": service_type, "may_manage": can_manage_catalogue(request.user)}
    return render(request, "catalog/service_type_detail.html", context)


def service_type_create(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    _require_manager(request)
    form = ServiceTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service_type = services.create_service_type(
                actor=request.user, spec=form.spec(), context=RequestContext.of(request)
            )
        except DomainError as refusal:
            form.refuse(refusal)
        else:
            messages.success(request, _("The service type %s has been added.") % service_type.code)
            return redirect("catalog:service-type-detail", code=service_type.code)
    return render(request, "catalog/service_type_form.html", {"form": form, "service_type": None})


def service_type_edit(request: HttpRequest, code: str) -> HttpResponse:
    service_type = _get(request, code)
    _require_manager(request)
    form = ServiceTypeForm(request.POST or None, service_type=service_type)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_service_type(
                actor=request.user,
                service_type=service_type,
                changes=form.changes(),
                lock_version=form.cleaned_data["lock_version"],
                context=RequestContext.of(request),
            )
        except services.ServiceTypeEditConflict as refusal:
            form.refuse(refusal)
            form.with_version(refusal.current)
        except DomainError as refusal:
            form.refuse(refusal)
        else:
            messages.success(request, _("The service type %s has been saved.") % code)
            return redirect("catalog:service-type-detail", code=code)
    context = {"form": form, "service_type": service_type}
    return render(request, "catalog/service_type_form.html", context)


def _confirmed_action(
    request: HttpRequest,
    code: str,
    *,
    action: str,
    service: Callable[..., Any],
    done: str,
    after: str = "catalog:service-type-detail",
) -> HttpResponse:
    """A confirmation page on GET; on POST the service, a message and a redirect."""
    service_type = _get(request, code)
    _require_manager(request)
    if request.method == "POST":
        try:
            service(
                actor=request.user, service_type=service_type, context=RequestContext.of(request)
            )
        except DomainError as refusal:
            messages.error(request, refusal.message)
            return redirect("catalog:service-type-detail", code=code)
        messages.success(request, done % code)
        if after == "catalog:service-type-list":
            return redirect(after)
        return redirect(after, code=code)
    context = {"service_type": service_type, "action": action}
    return render(request, "catalog/service_type_confirm.html", context)


def service_type_retire(request: HttpRequest, code: str) -> HttpResponse:
    return _confirmed_action(
        request,
        code,
        action="retire",
        service=services.retire_service_type,
        done=_("The service type %s has been retired."),
    )


def service_type_restore(request: HttpRequest, code: str) -> HttpResponse:
    return _confirmed_action(
        request,
        code,
        action="restore",
        service=services.restore_service_type,
        done=_("The service type %s is in use again."),
    )


def service_type_delete(request: HttpRequest, code: str) -> HttpResponse:
    return _confirmed_action(
        request,
        code,
        action="delete",
        service=services.delete_service_type,
        done=_("The service type %s has been deleted."),
        after="catalog:service-type-list",
    )
