"""The contracts that carry out the World Bank procurement plan (a ministry administrator's
work): a component-level contract signed from its item — through contracts' own service — or
an existing contract linked to an item. The item's actual signature date and its status
(contracted) follow from its contracts. A component-level contract commits its component:
its EUR equivalent at the NBP rate of the last table before its signing is kept on the link
and posted (debit the component, credit the contract, PLN and EUR), and the component's
commitments stay within its budget — checked under a row lock on the component, so two
contracts signed at once cannot both take its last euro. A gmina's contract is linked for the
report only: its money is already committed on its planned services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from integra.audit.services import RequestContext, record_event
from integra.contracts.models import Contract
from integra.contracts.rules import ComponentContractTerms, component_contract_problems
from integra.contracts.services.component_contracts import sign_component_contract
from integra.contracts.services.contracts import advance_percent
from integra.core.actors import Actor, require
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.core.money import Money
from integra.core.templatetags.formats import money
from integra.finance.models import Component, ItemContract, ProcurementItem
from integra.finance.policies import can_edit_components
from integra.finance.services.commitments import sync_commitment
from integra.programmes.selectors import Conversion, RateMissing, convert

ZERO = Decimal("0.00")
LINK_REFUSED = gettext_lazy(
    "Only a ministry administrator links contracts to the procurement plan."
)


class ItemContractInvalid(RulesBroken):
    code = "item_contract_invalid"


class ComponentBudgetExceeded(RulesBroken):
    """A component-level contract would take the component past its budget (EUR)."""

    code = "component_budget_exceeded"


class ItemCancelled(DomainError):
    code = "procurement_item_cancelled"
    status = 409


def component_committed_eur(component: Component) -> Decimal:
    """What the component's component-level contracts commit in EUR (terminated ones free
    their value)."""
    total = (
        ItemContract.objects.filter(item__component=component, amount_eur__isnull=False)
        .exclude(contract__status=Contract.Status.TERMINATED)
        .aggregate(total=Sum("amount_eur"))["total"]
    )
    return total or ZERO


def _locked(item: ProcurementItem) -> tuple[Component, ProcurementItem]:
    """The item's component (the budget's row lock, taken first) and the item, locked."""
    component = Component.objects.select_for_update().select_related("programme")
    locked_component = component.get(pk=item.component_id)
    locked_item = ProcurementItem.objects.select_for_update().get(pk=item.pk)
    if locked_item.status == ProcurementItem.Status.CANCELLED:
        raise ItemCancelled(_("The item is cancelled: no contract carries it out."))
    return locked_component, locked_item


def _in_eur(value_pln: Decimal, signed_on: Any, field: str) -> Conversion:
    try:
        return convert(Money(value_pln, "PLN"), to="EUR", operation_on=signed_on)
    except RateMissing as missing:
        raise ItemContractInvalid(
            _("The contract was not saved; correct the fields."),
            [Problem(str(missing), field=field)],
        ) from missing


def _within_budget(component: Component, amount_eur: Decimal, field: str) -> None:
    left = component.budget_eur - component_committed_eur(component)
    if amount_eur > left:
        message = _(
            "The contract's %(eur)s would take component %(code)s past its budget: "
            "%(left)s is left of %(budget)s."
        ) % {
            "eur": money(amount_eur, "EUR"),
            "code": component.code,
            "left": money(max(left, ZERO), "EUR"),
            "budget": money(component.budget_eur, "EUR"),
        }
        raise ComponentBudgetExceeded(message, [Problem(message, field=field)])


def contracted_state(item: ProcurementItem) -> None:
    """Let the item follow its contracts (not terminated): the actual signature is the earliest
    signing, and a planned or running procurement is contracted. Nothing when it has none."""
    signings = sorted(
        ItemContract.objects.filter(item=item)
        .exclude(contract__status=Contract.Status.TERMINATED)
        .values_list("contract__signed_on", flat=True)
    )
    if not signings:
        return
    item.actual_signature = signings[0]
    if item.status in (ProcurementItem.Status.PLANNED, ProcurementItem.Status.IN_PROGRESS):
        item.status = ProcurementItem.Status.CONTRACTED


def _link(
    *,
    actor: Actor,
    item: ProcurementItem,
    contract: Contract,
    conversion: Conversion | None,
    context: RequestContext | None,
) -> ItemContract:
    link = ItemContract.objects.create(
        item=item,
        contract=contract,
        amount_eur=conversion.converted.amount if conversion else None,
        rate=conversion.rate if conversion else None,
        rate_table=conversion.table_no if conversion else "",
        rate_on=conversion.table_on if conversion else None,
    )
    before = (item.status, item.actual_signature)
    contracted_state(item)
    if (item.status, item.actual_signature) != before:
        item.lock_version += 1
        item.save(update_fields=["status", "actual_signature", "lock_version"])
    if conversion is not None:
        sync_commitment(
            actor=actor,
            contract=contract,
            value_date=contract.signed_on,
            description=_("Contract %(number)s for %(item)s")
            % {"number": contract.number, "item": item},
        )
    record_event(
        actor=actor,
        action="finance.item_contract.linked",
        target=link,
        context=context,
        changes={
            "item": str(item),
            "contract": contract.pk,
            "number": contract.number,
            "value_pln": contract.value_pln,
            "amount_eur": link.amount_eur,
            "rate": link.rate,
            "table": link.rate_table,
        },
    )
    return link


@transaction.atomic
def sign_item_contract(
    *,
    actor: Actor,
    item: ProcurementItem,
    provider: Any,
    terms: ComponentContractTerms,
    context: RequestContext | None = None,
) -> ItemContract:
    """Sign the component-level contract that carries out `item` (contracts' service records
    it), link it and commit its value against the item's component. Raises PermissionDenied,
    ItemCancelled, ItemContractInvalid (the terms, every problem at once; no NBP rate before
    the signing), ComponentBudgetExceeded (at value_pln): nothing is written."""
    require(actor, can_edit_components, str(LINK_REFUSED))
    component, item = _locked(item)
    problems = component_contract_problems(
        terms,
        provider_kind=provider.kind,
        advance_percent=advance_percent(component.programme),
    )
    if problems:
        raise ItemContractInvalid(_("The contract was not saved; correct the fields."), problems)
    conversion = _in_eur(terms.value_pln, terms.signed_on, "signed_on")
    _within_budget(component, conversion.converted.amount, "value_pln")
    contract = sign_component_contract(
        actor=actor,
        programme=component.programme,
        provider=provider,
        terms=terms,
        context=context,
    )
    return _link(actor=actor, item=item, contract=contract, conversion=conversion, context=context)


@transaction.atomic
def link_contract(
    *,
    actor: Actor,
    item: ProcurementItem,
    contract: Contract,
    context: RequestContext | None = None,
) -> ItemContract:
    """Link an existing contract of the programme to `item`. A component-level contract is
    committed against the item's component (EUR at the NBP rate before its signing, within the
    budget); a gmina's contract is linked for the report only. Raises PermissionDenied,
    ItemCancelled, ItemContractInvalid (another programme's, already linked, terminated),
    ComponentBudgetExceeded (at contract): nothing is written."""
    require(actor, can_edit_components, str(LINK_REFUSED))
    component, item = _locked(item)
    contract = Contract.objects.select_for_update(of=("self",)).get(pk=contract.pk)
    problem = None
    if contract.programme_id != component.programme_id:
        problem = _("The contract belongs to another programme.")
    elif contract.status == Contract.Status.TERMINATED:
        problem = _("The contract is terminated: it carries nothing out.")
    else:
        taken = ItemContract.objects.filter(contract=contract).select_related("item__component")
        if (found := taken.first()) is not None:
            problem = _("The contract already carries out item %(item)s.") % {"item": found.item}
    if problem:
        raise ItemContractInvalid(
            _("The contract was not linked."), [Problem(problem, field="contract")]
        )
    conversion = None
    if contract.gmina_id is None:
        conversion = _in_eur(contract.value_pln, contract.signed_on, "contract")
        _within_budget(component, conversion.converted.amount, "contract")
    return _link(actor=actor, item=item, contract=contract, conversion=conversion, context=context)
