"""API of components and their procurement plans: the ministry reads them, its administrators
create and edit them (each edit states lock_version; 409 when stale, 422 per field)."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.core.errors import Problem
from integra.finance import selectors
from integra.finance.api.schemas import (
    ComponentId,
    ComponentIn,
    ComponentOut,
    ComponentPut,
    ItemCreate,
    ItemFilter,
    ItemId,
    ItemOut,
    ItemPut,
    ProgrammeFilter,
)
from integra.finance.models import Component, ProcurementItem
from integra.finance.services import components as services

router = Router(tags=["components"])
items_router = Router(tags=["procurement plan"])


def _component(request: HttpRequest, component_id: int) -> Component:
    component: Component = selectors.list_components(user=caller(request)).get(pk=component_id)
    return component


@router.get("", response=list[ComponentOut], summary="List components")
@paginate(PageNumberPagination)
def components_list(request: HttpRequest, filters: Query[ProgrammeFilter]) -> QuerySet[Component]:
    """The programmes' components (the ministry's), by programme and order."""
    return selectors.list_components(user=caller(request), programme=filters.programme)


@router.post("", response={201: ComponentOut}, summary="Create a component")
def components_create(request: HttpRequest, data: ComponentIn) -> Status:
    """A ministry administrator adds a component; 422 with every problem at its field."""
    programme = selectors.finance_programme(data.programme)
    if programme is None or programme.code != data.programme:
        message = _("No such programme.")
        raise services.ComponentInvalid(message, [Problem(message, field="programme")])
    component = services.create_component(
        actor=caller(request),
        programme=programme,
        data=data.values(),
        context=RequestContext.of(request),
    )
    return Status(201, component)


@router.put("/{component_id}", response=ComponentOut, summary="Edit a component")
def components_update(
    request: HttpRequest, data: ComponentPut, component_id: int = ComponentId
) -> Component:
    """409 finance_edit_conflict when lock_version is stale; 422 per field."""
    return services.update_component(
        actor=caller(request),
        component=_component(request, component_id),
        data=data.values(),
        lock_version=data.lock_version,
        context=RequestContext.of(request),
    )


@items_router.get("", response=list[ItemOut], summary="List procurement-plan items")
@paginate(PageNumberPagination)
def procurement_items_list(
    request: HttpRequest, filters: Query[ItemFilter]
) -> QuerySet[ProcurementItem]:
    """The items of the procurement plans, by component and reference."""
    items = selectors.list_items(user=caller(request), programme=filters.programme)
    if filters.component is not None:
        items = items.filter(component_id=filters.component)
    return items


@items_router.post("", response={201: ItemOut}, summary="Add a procurement-plan item")
def procurement_items_create(request: HttpRequest, data: ItemCreate) -> Status:
    """422 with every problem at its field; 404 for a component the caller cannot see."""
    item = services.create_item(
        actor=caller(request),
        component=_component(request, data.component),
        data=data.values(),
        context=RequestContext.of(request),
    )
    return Status(201, item)


@items_router.put("/{item_id}", response=ItemOut, summary="Edit a procurement-plan item")
def procurement_items_update(request: HttpRequest, data: ItemPut, item_id: int = ItemId) -> object:
    """409 finance_edit_conflict when lock_version is stale; 422 per field."""
    item = selectors.list_items(user=caller(request)).get(pk=item_id)
    return services.update_item(
        actor=caller(request),
        item=item,
        data=data.values(),
        lock_version=data.lock_version,
        context=RequestContext.of(request),
    )
