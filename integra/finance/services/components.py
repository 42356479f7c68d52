"""Writes of a programme's components and their World Bank procurement plans: created and
edited by a ministry administrator, every edit stating the version it loaded."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext, record_event
from integra.core.actors import Actor, require
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.finance import rules
from integra.finance.models import Component, ProcurementItem
from integra.finance.policies import can_edit_components
from integra.finance.services.procurement import contracted_state

EDIT_REFUSED = _("Only a ministry administrator may edit components and the procurement plan.")


class ComponentInvalid(RulesBroken):
    code = "component_invalid"


class ProcurementItemInvalid(RulesBroken):
    code = "procurement_item_invalid"


class EditConflict(DomainError):
    """Someone saved the component or item since the editor loaded it."""

    code = "finance_edit_conflict"
    status = 409

    def __init__(self, message: str, *, current: int) -> None:
        super().__init__(message)
        self.current = current


def _conflict(obj: Any, lock_version: int) -> None:
    if obj.lock_version != lock_version:
        raise EditConflict(
            _(
                "Someone saved this in the meantime (version %(current)s, you edited "
                "%(yours)s). Reload the page, check the changes and enter yours again."
            )
            % {"current": obj.lock_version, "yours": lock_version},
            current=obj.lock_version,
        )


def _check_component(data: rules.ComponentInput, programme: Any, exclude: int | None) -> None:
    problems = rules.component_problems(data)
    clash = Component.objects.filter(programme=programme, code=data.code.strip())
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if not problems and clash.exists():
        problems.append(
            Problem(
                _("The programme already has a component %(code)s.") % {"code": data.code},
                field="code",
            )
        )
    if problems:
        raise ComponentInvalid(_("The component was not saved; correct the fields."), problems)


@transaction.atomic
def create_component(
    *,
    actor: Actor,
    programme: Any,
    data: rules.ComponentInput,
    context: RequestContext | None = None,
) -> Component:
    """A new component of the programme. Raises PermissionDenied, ComponentInvalid."""
    require(actor, can_edit_components, EDIT_REFUSED)
    _check_component(data, programme, None)
    component = Component.objects.create(
        programme=programme,
        code=data.code.strip(),
        name=data.name.strip(),
        budget_eur=data.budget_eur,
        order=data.order,
    )
    record_event(
        actor=actor,
        action="finance.component.created",
        target=component,
        context=context,
        changes=asdict(data),
    )
    return component


@transaction.atomic
def update_component(
    *,
    actor: Actor,
    component: Component,
    data: rules.ComponentInput,
    lock_version: int,
    context: RequestContext | None = None,
) -> Component:
    """Save a component's code, name, budget and order. Raises PermissionDenied, EditConflict,
    ComponentInvalid."""
    require(actor, can_edit_components, EDIT_REFUSED)
    locked = Component.objects.select_for_update().get(pk=component.pk)
    _conflict(locked, lock_version)
    _check_component(data, locked.programme, locked.pk)
    before = {"code": locked.code, "name": locked.name, "budget_eur": locked.budget_eur}
    locked.code, locked.name = data.code.strip(), data.name.strip()
    locked.budget_eur, locked.order = data.budget_eur, data.order
    locked.lock_version += 1
    locked.save()
    record_event(
        actor=actor,
        action="finance.component.updated",
        target=locked,
        context=context,
        changes={"before": before, "after": asdict(data)},
    )
    return locked


def _check_item(data: rules.ItemInput, component: Component, exclude: int | None) -> None:
    problems = rules.item_problems(data, timezone.localdate())
    clash = ProcurementItem.objects.filter(component=component, reference=data.reference.strip())
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if data.reference.strip() and clash.exists():
        problems.append(
            Problem(
                _("The plan of this component already has an item %(reference)s.")
                % {"reference": data.reference},
                field="reference",
            )
        )
    if problems:
        raise ProcurementItemInvalid(_("The item was not saved; correct the fields."), problems)


def _apply(item: ProcurementItem, data: rules.ItemInput) -> None:
    item.reference = data.reference.strip()
    item.description = data.description.strip()
    item.method, item.review, item.status = data.method, data.review, data.status
    item.estimated_cost_eur = data.estimated_cost_eur
    item.comment = data.comment.strip()
    for step in rules.STEPS:
        setattr(item, f"planned_{step}", data.planned.get(step))
        setattr(item, f"actual_{step}", data.actual.get(step))


def _changes(data: rules.ItemInput) -> dict[str, Any]:
    flat: dict[str, Any] = {k: v for k, v in asdict(data).items() if k not in {"planned", "actual"}}
    for step in rules.STEPS:
        for kind in ("planned", "actual"):
            day: dt.date | None = getattr(data, kind).get(step)
            flat[f"{kind}_{step}"] = day
    return flat


@transaction.atomic
def create_item(
    *,
    actor: Actor,
    component: Component,
    data: rules.ItemInput,
    context: RequestContext | None = None,
) -> ProcurementItem:
    """A new item of the component's procurement plan. Raises PermissionDenied,
    ProcurementItemInvalid."""
    require(actor, can_edit_components, EDIT_REFUSED)
    component = Component.objects.select_for_update().get(pk=component.pk)
    _check_item(data, component, None)
    item = ProcurementItem(component=component)
    _apply(item, data)
    item.save()
    record_event(
        actor=actor,
        action="finance.procurement_item.created",
        target=item,
        context=context,
        changes=_changes(data),
    )
    return item


@transaction.atomic
def update_item(
    *,
    actor: Actor,
    item: ProcurementItem,
    data: rules.ItemInput,
    lock_version: int,
    context: RequestContext | None = None,
) -> ProcurementItem:
    """Save an item of a procurement plan. Raises PermissionDenied, EditConflict,
    ProcurementItemInvalid."""
    require(actor, can_edit_components, EDIT_REFUSED)
    locked = ProcurementItem.objects.select_for_update().select_related("component").get(pk=item.pk)
    _conflict(locked, lock_version)
    _check_item(data, locked.component, locked.pk)
    _apply(locked, data)
    contracted_state(locked)  # its contracts say when it was signed, and that it is contracted
    locked.lock_version += 1
    locked.save()
    record_event(
        actor=actor,
        action="finance.procurement_item.updated",
        target=locked,
        context=context,
        changes=_changes(data),
    )
    return locked
