"""Pages of contracts: signing one from the selected offer or by direct selection after a failed
round, the contract's page with its steps, an annex and the annexes shown as a diff."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from integra.audit.services import RequestContext
from integra.catalog.models import TargetGroup
from integra.contracts import policies, rules, selectors, services
from integra.contracts.forms.contracts import (
    AmendmentForm,
    ContractForm,
    DirectContractForm,
    TerminationForm,
)
from integra.contracts.models import Contract
from integra.contracts.services import CONTRACT_WORKFLOW
from integra.contracts.services.evaluation import failed_lots
from integra.contracts.views.shared import attempt, get_offer, get_round, require_opener
from integra.core.errors import DomainError, Problem, RulesBroken
from integra.core.forms import show_refusal
from integra.providers.selectors import find_by_identifiers


def _groups() -> dict[str, Any]:
    return {g.code: g for g in TargetGroup.objects.all()}


def _budgets(plan: Any, keys: set[Any]) -> list[Any]:
    return [b for b in selectors.service_budgets(plan) if b.key in keys]


def get_contract(request: HttpRequest, pk: int) -> Contract:
    require_opener(request)
    try:
        return selectors.get_contract(user=request.user, contract_id=pk)
    except Contract.DoesNotExist as exc:
        raise Http404(_("No such contract.")) from exc


def _require_signer(request: HttpRequest, where: Any) -> None:
    if not policies.can_sign_contract(request.user, where):
        raise PermissionDenied(str(services.REFUSED["sign"]))


def _signed(request: HttpRequest, contract: Contract) -> HttpResponse:
    messages.success(request, _("The contract is recorded."))
    return redirect("contracts:contract-detail", pk=contract.pk)


def contract_from_offer(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer(request, pk)
    _require_signer(request, offer.round)
    budgets = _budgets(offer.round.plan, {offer.lot.service_key})
    initial = {
        f"share_{offer.lot.service_key.hex}": str(offer.total_pln).replace(".", ","),
        "value_pln": str(offer.total_pln).replace(".", ","),
        "beneficiaries": "\n".join(f"{g.group.code}; {g.people}" for g in offer.groups.all()),
        "kind": "arrangement" if offer.provider.kind in rules.GMINA_UNIT_KINDS else "agreement",
    }
    form = ContractForm(request.POST or None, services=budgets, groups=_groups(), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.sign_contract(
                actor=request.user,  # type: ignore[arg-type]
                offer=offer,
                terms=form.terms(),
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal, field_of=form.field_of)
        else:
            return _signed(request, contract)
    context = {"form": form, "offer": offer, "round": offer.round, "provider": offer.provider}
    return render(request, "contracts/contract_form.html", context)


def contract_direct(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_round(request, pk)
    _require_signer(request, round_)
    keys = {lot.service_key for lot in failed_lots(round_)}
    form = DirectContractForm(
        request.POST or None, services=_budgets(round_.plan, keys), groups=_groups()
    )
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        provider = find_by_identifiers(nip=identifier, regon=identifier, krs=identifier)
        try:
            if provider is None:
                raise RulesBroken(
                    _("The contract was not saved."),
                    [
                        Problem(
                            _("No provider in the register has this NIP, REGON or KRS."),
                            field="identifier",
                        )
                    ],
                )
            contract = services.sign_contract(
                actor=request.user,  # type: ignore[arg-type]
                failed_round=round_,
                provider=provider,
                justification=form.cleaned_data["justification"],
                terms=form.terms(),
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal, field_of=form.field_of)
        else:
            return _signed(request, contract)
    return render(
        request, "contracts/contract_form.html", {"form": form, "round": round_, "direct": True}
    )


def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_contract(request, pk)
    signs = policies.can_sign_contract(request.user, contract)
    allowed = set(CONTRACT_WORKFLOW.actions_from(contract.status)) if signs else set()
    if contract.gmina_id is None:
        allowed.discard("amend")
    context = {
        "contract": contract,
        "allowed": allowed,
        "termination_form": TerminationForm(),
    }
    return render(request, "contracts/contract_detail.html", context)


def contract_amend(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_contract(request, pk)
    _require_signer(request, contract)
    if contract.gmina_id is None:  # no planned services to split: annexes are not recorded here
        raise Http404(_("A component-level contract is not amended here."))
    keys = {s.service_key for s in contract.services.all()}
    if contract.offer_id:
        keys.add(contract.offer.lot.service_key)  # type: ignore[union-attr]
    elif contract.failed_round_id:
        keys |= {lot.service_key for lot in failed_lots(contract.failed_round)}
    plan = contract.offer.round.plan if contract.offer_id else contract.failed_round.plan  # type: ignore[union-attr]
    initial = ContractForm.initial_of(contract) | {"signed_on": None}
    data = request.POST if request.method == "POST" else None
    form = AmendmentForm(data, services=_budgets(plan, keys), groups=_groups(), initial=initial)
    if data is not None and form.is_valid():
        try:
            services.amend_contract(
                actor=request.user,  # type: ignore[arg-type]
                contract=contract,
                terms=form.terms(),
                reason=form.cleaned_data["reason"],
                lock_version=int(request.POST.get("lock_version") or 0),
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal, field_of=form.field_of)
        else:
            messages.success(request, _("The annex is recorded."))
            return redirect("contracts:contract-amendments", pk=contract.pk)
    return render(
        request, "contracts/contract_form.html", {"form": form, "contract": contract, "annex": True}
    )


def contract_amendments(request: HttpRequest, pk: int) -> HttpResponse:
    """Every annex of the contract: its reason and each changed field before and after."""
    contract = get_contract(request, pk)
    labels = {
        "gmina_representative": _("For the gmina"),
        "provider_representative": _("For the provider"),
        "starts_on": _("From"),
        "ends_on": _("Until"),
        "value_pln": _("Value (PLN)"),
        "shares": _("Planned services and their shares"),
        "instalments": _("Payment schedule"),
        "beneficiaries": _("Planned beneficiaries"),
        "reports": _("Reports due"),
    }

    def shown(value: Any) -> str:
        return "; ".join(value) if isinstance(value, list) else str(value)

    annexes = [
        (
            annex,
            [
                (labels.get(name, name), shown(before), shown(after))
                for name, (before, after) in annex.changes.items()
            ],
        )
        for annex in contract.amendments.all()
    ]
    return render(
        request, "contracts/contract_amendments.html", {"contract": contract, "annexes": annexes}
    )


STEPS = {
    "start": (services.start_delivery, gettext_lazy("The contract is in delivery.")),
    "settle": (services.settle_contract, gettext_lazy("The contract is settled.")),
    "close": (services.close_contract, gettext_lazy("The contract is closed.")),
}


@require_POST
def contract_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    contract = get_contract(request, pk)
    if action == "terminate":
        form = TerminationForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the date and the reason of the termination."))
        else:
            attempt(
                request,
                lambda: services.terminate_contract(
                    actor=request.user,  # type: ignore[arg-type]
                    contract=contract,
                    terminated_on=form.cleaned_data["terminated_on"],
                    reason=form.cleaned_data["reason"],
                    context=RequestContext.of(request),
                ),
                _("The contract is terminated."),
            )
        return redirect("contracts:contract-detail", pk=pk)
    if action not in STEPS:
        raise Http404(_("No such step."))
    call, done = STEPS[action]
    attempt(
        request,
        lambda: call(actor=request.user, contract=contract, context=RequestContext.of(request)),
        str(done),
    )
    return redirect("contracts:contract-detail", pk=pk)
