"""API of components and their procurement plans: the ministry reads them, its administrators
create and edit them (each edit states lock_version; 409 when stale, 422 per field), sign an
item's component-level contract or link an existing contract to it; the plan's status report
(planned and actual dates, days of delay, the contracts that carry each item out)."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from integra.audit.services import RequestContext
from integra.contracts.selectors import get_contract
from integra.core.api.pagination import PageNumberPagination
from integra.core.api.schemas import caller
from integra.core.errors import Problem, RulesBroken
from integra.finance import selectors
from integra.finance.api.schemas import (
    ComponentId,
    ComponentIn,
    ComponentOut,
    ComponentPut,
    ItemContractIn,
    ItemContractOut,
    ItemCreate,
    ItemFilter,
    ItemId,
    ItemOut,
    ItemPut,
    ItemStatusOut,
    LinkIn,
    ProgrammeFilter,
)
from integra.finance.models import Component, ItemContract, ProcurementItem
from integra.finance.services import components as services
from integra.finance.services import procurement
from integra.providers.selectors import get_provider

router = Router(tags=["components"])
items_router = Router(tags=["procurement plan"])
status_router = Router(tags=["procurement plan"])


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


def _item(request: HttpRequest, item_id: int) -> ProcurementItem:
    item: ProcurementItem = selectors.list_items(user=caller(request)).get(pk=item_id)
    return item


def _link_out(link: ItemContract) -> ItemContract:
    found: ItemContract = ItemContract.objects.select_related("contract__gmina").get(pk=link.pk)
    return found


@items_router.post(
    "/{item_id}/contracts",
    response={201: ItemContractOut},
    summary="Sign an item's component-level contract",
)
def procurement_items_sign_contract(
    request: HttpRequest, data: ItemContractIn, item_id: int = ItemId
) -> Status:
    """A ministry administrator signs the contract that carries out the item: no gmina, no
    round, no planned services; its value in EUR at the NBP rate before the signing is committed
    against the component, within its budget (422 component_budget_exceeded at value_pln)."""
    user = caller(request)
    item = _item(request, item_id)
    try:
        provider = get_provider(user=user, provider_id=data.provider)
    except ObjectDoesNotExist:
        provider = None
    if provider is None or provider.merged_into_id is not None:
        raise RulesBroken.at("provider", _("No such provider in the register."))
    link = procurement.sign_item_contract(
        actor=user,
        item=item,
        provider=provider,
        terms=data.terms(),
        context=RequestContext.of(request),
    )
    return Status(201, _link_out(link))


@items_router.post(
    "/{item_id}/links", response={201: ItemContractOut}, summary="Link a contract to an item"
)
def procurement_items_link_contract(
    request: HttpRequest, data: LinkIn, item_id: int = ItemId
) -> Status:
    """Link an existing contract of the programme: a component-level one is committed against
    the component; a gmina's is linked for the report only."""
    user = caller(request)
    item = _item(request, item_id)
    try:
        contract = get_contract(user=user, contract_id=data.contract)
    except ObjectDoesNotExist as missing:
        raise RulesBroken.at("contract", _("No such contract.")) from missing
    link = procurement.link_contract(
        actor=user, item=item, contract=contract, context=RequestContext.of(request)
    )
    return Status(201, _link_out(link))


@status_router.get("", response=list[ItemStatusOut], summary="Procurement-plan status")
@paginate(PageNumberPagination)
def procurement_status_list(request: HttpRequest, filters: Query[ProgrammeFilter]) -> list[Any]:
    """Every item of one programme's plan (the newest with components when none is named):
    planned and actual dates of each step, the days of delay (a step not done counts until
    today), the contracts that carry it out and their values. The ministry's; empty for others."""
    programme = selectors.finance_programme(filters.programme)
    if programme is None:
        return []
    return selectors.procurement_status(
        user=caller(request), programme=programme, today=timezone.localdate()
    )
