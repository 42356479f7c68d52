"""API of the catalogue: target groups and service types, read by every user with a role,
written (create, edit, retire, restore, delete) by ministry administrators."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.catalog import selectors, services
from integra.catalog.importer import MAX_POSITION, NAME_LENGTH
from integra.catalog.models import ServiceType, TargetGroup
from integra.catalog.policies import can_manage_catalogue, can_view_catalogue
from integra.core.api.pagination import PageNumberPagination

groups_router = Router(tags=["catalogue"])
router = Router(tags=["catalogue"])

PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
# A description may span lines; a NUL character is never stored (PostgreSQL refuses it).
NO_NUL = r"^[^\x00]*$"
CODE_LENGTH = ServiceType._meta.get_field("code").max_length
DESCRIPTION_LENGTH = 5000
Code = Path(..., max_length=CODE_LENGTH, pattern=PRINTABLE, description="Service type code.")


def _reader(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if not can_view_catalogue(user):
        raise PermissionDenied(_("Only users with a role in the programme see the catalogue."))
    return user


def _manager(request: HttpRequest) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    if not can_manage_catalogue(user):
        raise PermissionDenied(_("Only a ministry administrator may manage the catalogue."))
    return user


class TargetGroupOut(Schema):
    code: str
    name_pl: str
    name_en: str
    position: int


class ServiceTypeOut(Schema):
    code: str
    name_pl: str
    name_en: str
    groups: list[str] = Field(description="Codes of the target groups the type serves.")
    line: ServiceType.Line
    position: int
    description: str
    retired_on: dt.date | None
    is_active: bool = Field(description="False once the type is retired.")

    @staticmethod
    def resolve_groups(service_type: ServiceType) -> list[str]:
        return [group.code for group in service_type.groups.all()]

    @staticmethod
    def resolve_is_active(service_type: ServiceType) -> bool:
        return not service_type.is_retired


class ServiceTypeFilters(Schema):
    group: str | None = Field(
        None, max_length=CODE_LENGTH, pattern=PRINTABLE, description="Target group code."
    )
    line: ServiceType.Line | None = None
    active: bool | None = Field(
        None, description="true: types in use only; false: retired only; absent: both."
    )
    search: str | None = Field(
        None, max_length=100, pattern=PRINTABLE, description="Part of the code or a name."
    )


def _name(description: str, default: Any = ...) -> Any:
    return Field(
        default, min_length=1, max_length=NAME_LENGTH, pattern=PRINTABLE, description=description
    )


def _groups(default: Any = ...) -> Any:
    return Field(default, max_length=20, description="Codes of the target groups the type serves.")


class ServiceTypeIn(Schema):
    code: str = Field(
        ...,
        max_length=CODE_LENGTH,
        pattern=PRINTABLE,
        description="Stable code, e.g. OS-11: 2–4 capital letters, a hyphen, a number.",
    )
    name_pl: str = _name("Name in Polish.")
    name_en: str = _name("Name in English.")
    groups: list[str] = _groups([])
    line: ServiceType.Line = ServiceType.Line.SERVICES
    position: int = Field(0, ge=0, le=MAX_POSITION)
    description: str = Field("", max_length=DESCRIPTION_LENGTH, pattern=NO_NUL)


class ServiceTypePatch(Schema):
    name_pl: str | None = _name("Name in Polish.", None)
    name_en: str | None = _name("Name in English.", None)
    groups: list[str] | None = _groups(None)
    line: ServiceType.Line | None = None
    position: int | None = Field(None, ge=0, le=MAX_POSITION)
    description: str | None = Field(None, max_length=DESCRIPTION_LENGTH, pattern=NO_NUL)


def _group_codes(codes: list[str] | None) -> list[TargetGroup] | None:
    return None if codes is None else services.resolve_groups(codes)


@groups_router.get("", response=list[TargetGroupOut], summary="List target groups")
def target_groups_list(request: HttpRequest) -> QuerySet[TargetGroup]:
    """Every target group in catalogue order."""
    _reader(request)
    return selectors.list_target_groups()


@router.get("", response=list[ServiceTypeOut], summary="List service types")
@paginate(PageNumberPagination)
def service_types_list(
    request: HttpRequest, filters: Query[ServiceTypeFilters]
) -> QuerySet[ServiceType]:
    """Service types in catalogue order, optionally of one group or line, in use or retired."""
    _reader(request)
    return selectors.list_service_types(
        active=filters.active, group=filters.group, line=filters.line, search=filters.search
    )


@router.post("", response={201: ServiceTypeOut}, summary="Create a service type")
def service_types_create(request: HttpRequest, data: ServiceTypeIn) -> Status:
    """Add a type to the catalogue (ministry administrators); 409 when the code exists."""
    user = _manager(request)
    spec = services.ServiceTypeSpec(
        code=data.code,
        name_pl=data.name_pl,
        name_en=data.name_en,
        groups=services.resolve_groups(data.groups),
        line=data.line,
        position=data.position,
        description=data.description,
    )
    created = services.create_service_type(
        actor=user, spec=spec, context=RequestContext.of(request)
    )
    return Status(201, selectors.get_service_type(created.code))


@router.get("/{code}", response=ServiceTypeOut, summary="One service type")
def service_types_detail(request: HttpRequest, code: str = Code) -> ServiceType:
    """404 when no type has the code."""
    _reader(request)
    return selectors.get_service_type(code)


@router.patch("/{code}", response=ServiceTypeOut, summary="Change a service type")
def service_types_update(
    request: HttpRequest, data: ServiceTypePatch, code: str = Code
) -> ServiceType:
    """Change the fields sent (the code never changes); ministry administrators."""
    user = _manager(request)
    service_type = selectors.get_service_type(code)
    changes = services.ServiceTypeChanges(
        name_pl=data.name_pl,
        name_en=data.name_en,
        groups=_group_codes(data.groups),
        line=data.line,
        position=data.position,
        description=data.description,
    )
    services.update_service_type(
        actor=user, service_type=service_type, changes=changes, context=RequestContext.of(request)
    )
    return selectors.get_service_type(code)


@router.post("/{code}/retire", response=ServiceTypeOut, summary="Retire a service type")
def service_types_retire(request: HttpRequest, code: str = Code) -> ServiceType:
    """From today new plans no longer offer the type; 409 when it is already retired."""
    user = _manager(request)
    services.retire_service_type(
        actor=user,
        service_type=selectors.get_service_type(code),
        context=RequestContext.of(request),
    )
    return selectors.get_service_type(code)


@router.post("/{code}/restore", response=ServiceTypeOut, summary="Restore a retired service type")
def service_types_restore(request: HttpRequest, code: str = Code) -> ServiceType:
    """Offer a retired type again; 409 when it is not retired."""
    user = _manager(request)
    services.restore_service_type(
        actor=user,
        service_type=selectors.get_service_type(code),
        context=RequestContext.of(request),
    )
    return selectors.get_service_type(code)


@router.delete("/{code}", response={204: None}, summary="Delete an unused service type")
def service_types_delete(request: HttpRequest, code: str = Code) -> Status:
    """Delete a type no plan uses; 409 `service_type_in_use` otherwise (retire it instead)."""
    user = _manager(request)
    services.delete_service_type(
        actor=user,
        service_type=selectors.get_service_type(code),
        context=RequestContext.of(request),
    )
    return Status(204, None)
