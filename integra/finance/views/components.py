"""The ministry's components and procurement-plan status (with its exports), the contracts of a
procurement-plan item, and the ledger's balances per gmina."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from integra.audit.services import RequestContext
from integra.core.errors import DomainError, RulesBroken
from integra.core.exports import export_response
from integra.core.forms import show_refusal
from integra.finance import exports, selectors
from integra.finance.forms import ItemContractForm, LinkContractForm
from integra.finance.models import ProcurementItem
from integra.finance.policies import (
    can_edit_components,
    can_view_components,
    can_view_ledger_anywhere,
)
from integra.finance.services import procurement
from integra.providers.selectors import find_by_identifiers


def _programme(request: HttpRequest) -> Any:
    programme = selectors.finance_programme(request.GET.get("programme"))
    if programme is None:
        raise Http404(_("No such programme."))
    return programme


def _require_components(request: HttpRequest) -> None:
    if not can_view_components(request.user):
        raise PermissionDenied(_("Only the ministry sees the components and procurement plan."))


def components(request: HttpRequest) -> HttpResponse:
    """The programme's components with their budgets and the status of the procurement plan."""
    _require_components(request)
    programme = _programme(request)
    today = timezone.localdate()
    rows = selectors.procurement_status(user=request.user, programme=programme, today=today)
    context = {
        "programme": programme,
        "components": selectors.list_components(user=request.user, programme=programme),
        "rows": rows,
        "step_labels": list(selectors.STEP_LABELS.values()),
        "today": today,
        "may_edit": can_edit_components(request.user),
    }
    return render(request, "finance/components.html", context)


def procurement_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The procurement-plan status of the programme, every item, as CSV or XLSX."""
    _require_components(request)
    programme = _programme(request)
    rows = selectors.procurement_status(
        user=request.user, programme=programme, today=timezone.localdate()
    )
    return export_response(exports.procurement_status_table(programme, rows), fmt)


# Transfers to gminas --------------------------------------------------------------------------


def balances(request: HttpRequest) -> HttpResponse:
    """The ledger's balances of every gmina the user may see, in one programme."""
    if not can_view_ledger_anywhere(request.user):
        raise PermissionDenied(_("Only users of the programme with a role see the ledger."))
    programme = _programme(request)
    rows = selectors.gmina_balances(user=request.user, programme=programme)
    return render(request, "finance/balances.html", {"programme": programme, "rows": rows})


# The contracts of a procurement-plan item ------------------------------------------------------


def _item(request: HttpRequest, pk: int) -> ProcurementItem:
    _require_components(request)
    try:
        found: ProcurementItem = selectors.list_items(user=request.user).get(pk=pk)
    except ProcurementItem.DoesNotExist as exc:
        raise Http404(_("No such procurement-plan item.")) from exc
    return found


def _create(request: HttpRequest, item: ProcurementItem, form: ItemContractForm) -> bool:
    identifier = form.cleaned_data["provider"]
    provider = find_by_identifiers(nip=identifier, regon=identifier, krs=identifier)
    try:
        if provider is None:
            raise RulesBroken.at(
                "provider", _("No provider in the register has this NIP, REGON or KRS.")
            )
        procurement.sign_item_contract(
            actor=request.user,  # type: ignore[arg-type]
            item=item,
            provider=provider,
            terms=form.terms(),
            context=RequestContext.of(request),
        )
    except DomainError as refusal:
        show_refusal(form, refusal, field_of=lambda name: name.split(".")[0])
        return False
    return True


def _link(request: HttpRequest, item: ProcurementItem, form: LinkContractForm) -> bool:
    contract = selectors.contract_to_link(
        user=request.user,
        programme=item.component.programme,
        number=form.cleaned_data["number"],
        teryt=form.cleaned_data["gmina"] or None,
    )
    try:
        if contract is None:
            raise RulesBroken.at("number", _("The programme has no such contract."))
        procurement.link_contract(
            actor=request.user,  # type: ignore[arg-type]
            item=item,
            contract=contract,
            context=RequestContext.of(request),
        )
    except DomainError as refusal:
        show_refusal(form, refusal, field_of=lambda name: "number" if name == "contract" else name)
        return False
    return True


def item_contracts(request: HttpRequest, pk: int) -> HttpResponse:
    """A procurement-plan item's contracts: those that carry it out, and (for a ministry
    administrator) the forms to sign its component-level contract or link an existing one."""
    item = _item(request, pk)
    may_edit = can_edit_components(request.user)
    create_form = ItemContractForm(prefix="new")
    link_form = LinkContractForm(prefix="link")
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(str(procurement.LINK_REFUSED))
        if request.POST.get("action") == "link":
            link_form = LinkContractForm(request.POST, prefix="link")
            done = link_form.is_valid() and _link(request, item, link_form)
        else:
            create_form = ItemContractForm(request.POST, prefix="new")
            done = create_form.is_valid() and _create(request, item, create_form)
        if done:
            messages.success(request, _("The contract carries out the item now."))
            return redirect("finance:item-contracts", pk=item.pk)
    today = timezone.localdate()
    row = selectors.item_status(item, today=today)
    context = {
        "item": item,
        "row": row,
        "committed_eur": procurement.component_committed_eur(item.component),
        "may_edit": may_edit,
        "create_form": create_form,
        "link_form": link_form,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "finance/item_contracts.html", context, status=status)
