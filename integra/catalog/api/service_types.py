"""API of the catalogue's service types: read by every user with a role, written (create,
edit, retire, restore, delete) by ministry administrators."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.catalog import selectors, services
from integra.catalog.api.schemas import (
    Code,
    ServiceTypeFilters,
    ServiceTypeIn,
    ServiceTypeOut,
    ServiceTypePatch,
    reader,
)
from integra.catalog.models import ServiceType, TargetGroup
from integra.core.actors import UserActor
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller

router = Router(tags=["catalogue"])


def _manager(request: HttpRequest) -> UserActor:
    """The caller, refused before any lookup unless they manage the catalogue."""
    user = caller(request)
    services.require_manager(user)
    return user


def _group_codes(codes: list[str] | None) -> list[TargetGroup] | None:
    return None if codes is None else services.resolve_groups(codes)


@router.get("", response=list[ServiceTypeOut], summary="List service types")
@paginate(PageNumberPagination)
def service_types_list(
    request: HttpRequest, filters: Query[ServiceTypeFilters]
) -> QuerySet[ServiceType]:
    """Service types in catalogue order, optionally of one group or line, in use or retired."""
    reader(request)
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
    reader(request)
    return selectors.get_service_type(code)


@router.patch("/{code}", response=ServiceTypeOut, summary="Change a service type")
def service_types_update(
    request: HttpRequest, data: ServiceTypePatch, code: str = Code
) -> ServiceType:
    """Change the fields sent (the code never changes); ministry administrators. 409
    service_type_edit_conflict when lock_version is not the stored one."""
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
        actor=user,
        service_type=service_type,
        changes=changes,
        lock_version=data.lock_version,
        context=RequestContext.of(request),
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
