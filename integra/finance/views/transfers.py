"""Transfer requests to gminas: the queue, request, approve, reject, record."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from integra.allocations.models import Tranche
from integra.audit.services import RequestContext
from integra.core.errors import DomainError
from integra.core.forms import show_refusal
from integra.finance import selectors
from integra.finance.forms import RejectForm, TransferredForm
from integra.finance.models import TRANSFER_WORKFLOW, TransferRequest
from integra.finance.policies import (
    can_approve_transfer,
    can_open_transfer_queue,
)
from integra.finance.services import transfers


def _require_transfers(request: HttpRequest) -> None:
    if not can_open_transfer_queue(request.user):
        raise PermissionDenied(_("Only users of the programme with a role see transfers."))


def _transfer(request: HttpRequest, pk: int) -> TransferRequest:
    try:
        found: TransferRequest = selectors.list_transfer_requests(user=request.user).get(pk=pk)
    except TransferRequest.DoesNotExist as exc:
        raise Http404(_("No such transfer request.")) from exc
    return found


def _queue_context(request: HttpRequest, forms_by_pk: dict[int, Any] | None = None) -> dict:
    forms_by_pk = forms_by_pk or {}
    rows = []
    for item in selectors.list_transfer_requests(
        user=request.user, status=request.GET.get("status") or None
    )[:200]:
        may_decide = can_approve_transfer(request.user, item.gmina)
        rows.append(
            {
                "request": item,
                "may_approve": may_decide
                and TRANSFER_WORKFLOW.allows(item, "approve")
                and item.requested_by_id != request.user.pk,
                "may_reject": may_decide and TRANSFER_WORKFLOW.allows(item, "reject"),
                "may_transfer": may_decide and TRANSFER_WORKFLOW.allows(item, "transfer"),
                "reject_form": forms_by_pk.get(("reject", item.pk))
                or RejectForm(prefix=f"r{item.pk}"),
                "transfer_form": forms_by_pk.get(("transfer", item.pk))
                or TransferredForm(prefix=f"t{item.pk}"),
            }
        )
    requestable = [
        (gmina, selectors.requestable_tranches(user=request.user, gmina=gmina))
        for gmina in selectors.gminas_requesting(user=request.user)
    ]
    return {
        "rows": rows,
        "requestable": [(g, t) for g, t in requestable if t],
        "statuses": TransferRequest.Status.choices,
        "status": request.GET.get("status", ""),
    }


def transfer_list(request: HttpRequest) -> HttpResponse:
    """Regional finance's queue of transfer requests; a gmina's own transfers and the tranches
    it may ask for."""
    _require_transfers(request)
    return render(request, "finance/transfers.html", _queue_context(request))


def _done(request: HttpRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("finance:transfers")


def _refused(request: HttpRequest, refusal: DomainError) -> HttpResponse:
    messages.error(request, refusal.message)
    return redirect("finance:transfers")


@require_POST
def transfer_request(request: HttpRequest, tranche_id: int) -> HttpResponse:
    _require_transfers(request)
    try:
        tranche = selectors.tranche_for_request(user=request.user, tranche_id=tranche_id)
    except Tranche.DoesNotExist as exc:
        raise Http404(_("No such tranche.")) from exc
    try:
        transfers.request_transfer(
            actor=request.user, tranche=tranche, context=RequestContext.of(request)
        )
    except DomainError as refusal:
        return _refused(request, refusal)
    return _done(request, _("The transfer was requested; regional finance will decide on it."))


@require_POST
def transfer_approve(request: HttpRequest, pk: int) -> HttpResponse:
    item = _transfer(request, pk)
    try:
        transfers.approve_transfer(
            actor=request.user, request=item, context=RequestContext.of(request)
        )
    except DomainError as refusal:
        return _refused(request, refusal)
    return _done(request, _("The transfer was approved."))


@require_POST
def transfer_reject(request: HttpRequest, pk: int) -> HttpResponse:
    item = _transfer(request, pk)
    form = RejectForm(request.POST, prefix=f"r{item.pk}")
    if form.is_valid():
        try:
            transfers.reject_transfer(
                actor=request.user,
                request=item,
                comment=form.cleaned_data["comment"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            return _done(request, _("The transfer was rejected."))
    context = _queue_context(request, {("reject", item.pk): form})
    return render(request, "finance/transfers.html", context)


@require_POST
def transfer_record(request: HttpRequest, pk: int) -> HttpResponse:
    item = _transfer(request, pk)
    form = TransferredForm(request.POST, prefix=f"t{item.pk}")
    if form.is_valid():
        try:
            transfers.record_transferred(
                actor=request.user,
                request=item,
                amount_pln=form.cleaned_data["amount_pln"],
                transferred_on=form.cleaned_data["transferred_on"],
                context=RequestContext.of(request),
            )
        except DomainError as refusal:
            show_refusal(form, refusal)
        else:
            return _done(request, _("The transfer was recorded and posted to the ledger."))
    context = _queue_context(request, {("transfer", item.pk): form})
    return render(request, "finance/transfers.html", context)
